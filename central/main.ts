/**
 * `npm run central -- [serve]`            start the service (PORT, HOST, CENTRAL_DATA_DIR, DATABASE_URL)
 * `npm run central -- approve KEYID`      approve a pending assessor key (a unique prefix is enough)
 * `npm run central -- revoke KEYID`
 * `npm run central -- keys`               list registered keys
 * `npm run central -- load-assignments FILE.csv|FILE.json`
 * `npm run central -- import FILE.dlbundle…`   ingest bundle files brought without network
 * `npm run central -- publish-rule-profile FILE.json`   sign + publish a city rule profile
 *                                           (immutable: a changed rule is a new id, e.g. …-v2)
 * `npm run central -- rule-profiles`       built-in and published rule profiles
 * `npm run central -- export-rule-profile ID -o FILE`   the signed profile for offline laptops
 * `npm run central -- transfer-record RECORD_ID NEW_KEY_ID --reason TEXT`   let another approved
 *                                           key sign new versions of a record (audited)
 * `npm run central -- staff add|list|disable|enable|password …`   city console accounts (issue 16)
 * `npm run central -- signals [--force]`   compute the integrity signals now and print the counts
 * The city console is served at /console/ (build it first: npm run build:console).
 * `npm run central -- publish-measures FILE.json | publish-products FILE.csv|xlsx [--id ID]
 *  [--title T] | measures | products | export-measures ID -o FILE | export-products ID -o FILE`
 *                                           措施库 and 小快轻准 product catalogues (plan-references-cli.ts)
 * Defaults: CENTRAL_DATA_DIR=./central-data, SQLite file central.sqlite in it; DATABASE_URL
 * (postgres://…) switches to PostgreSQL; HOST=127.0.0.1, PORT=8787.
 * User errors: one line on stderr, exit code 2.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { writeFileDurableSync } from '../node/fs-durable'
import {
  AdminError,
  exportRuleProfile,
  importBundleFile,
  listKeys,
  listRuleProfiles,
  loadAssignments,
  publishRuleProfileFile,
  setKeyStatus,
  transferRecord,
} from './admin'
import { escapeForDisplay } from '../shared/domain/text/display'
import { ConfigError, configFromEnv } from './config'
import { PLAN_REFERENCE_COMMANDS, PLAN_REFERENCE_USAGE } from './plan-references-usage'
import { openCentralStore, startCentral } from './service'
import { STAFF_USAGE } from './console/staff-usage'

const USAGE = `usage: npm run central -- [serve | approve KEYID | revoke KEYID | keys | load-assignments FILE | import FILE.dlbundle… | publish-rule-profile FILE.json | rule-profiles | export-rule-profile ID -o FILE | ${PLAN_REFERENCE_USAGE} | ${STAFF_USAGE} | signals [--force] | transfer-record RECORD_ID NEW_KEY_ID --reason TEXT]`

class UsageError extends Error {}

/**
 * Everything printed goes through escapeForDisplay (issue 12 §6): names, file names and reasons
 * that came from outside cannot move the cursor, forge lines or reorder text in a terminal.
 */
const out = (s: string): void => void process.stdout.write(escapeLines(s))
const err = (s: string): void => void process.stderr.write(escapeLines(s))
function escapeLines(s: string): string {
  const nl = s.endsWith('\n')
  return escapeForDisplay(nl ? s.slice(0, -1) : s) + (nl ? '\n' : '')
}

async function main(argv: string[]): Promise<number> {
  const [cmd = 'serve', ...rest] = argv
  const cfg = configFromEnv(process.env, resolve(process.env['CENTRAL_DATA_DIR'] ?? 'central-data'))
  if (cmd === 'serve') {
    const port = Number(process.env['PORT'] ?? 8787)
    const h = await startCentral({ ...cfg, host: process.env['HOST'] ?? '127.0.0.1', port })
    out(
      `central listening on ${h.url} (${h.database.dialect}, data ${cfg.dataDir}, evidence ${h.ctx.store.backend.description}, instance ${h.ctx.instanceId}, server key ${h.ctx.serverKey.info.keyId})\n`,
    )
    const stop = (): void => {
      void h.close().then(() => process.exit(0))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    return -1
  }
  if (cmd === '--help' || cmd === 'help') {
    out(USAGE + '\n')
    return 0
  }
  const h = await openCentralStore(cfg)
  try {
    switch (cmd) {
      case 'approve':
      case 'revoke': {
        const [id] = rest
        if (!id) throw new UsageError(`${cmd}: KEYID required; ${USAGE}`)
        const r = await setKeyStatus(h.ctx, id, cmd === 'approve' ? 'approved' : 'revoked')
        out(
          `${cmd === 'approve' ? '已批准 / approved' : '已吊销 / revoked'}: ${r.keyId} (${r.name}; was ${r.previous})\n`,
        )
        return 0
      }
      case 'keys':
        for (const k of await listKeys(h.ctx))
          out(
            `${k.keyId}  ${k.algorithm.padEnd(7)}  ${k.status.padEnd(8)}  ${k.name}${k.agency ? ` (${k.agency})` : ''}  ${k.registeredAt}\n`,
          )
        return 0
      case 'load-assignments': {
        const [file] = rest
        if (!file) throw new UsageError(`load-assignments: FILE required; ${USAGE}`)
        const n = await loadAssignments(h.ctx, file)
        out(`loaded ${n} assignment(s) from ${file}\n`)
        return 0
      }
      case 'import': {
        if (!rest.length) throw new UsageError(`import: FILE.dlbundle required; ${USAGE}`)
        let failed = 0
        for (const file of rest) {
          const r = await importBundleFile(h.ctx, readFileSync(file))
          if (r.ok) out(`${r.body.status}: ${file} → bundle ${r.body.bundleId}\n`)
          else {
            failed++
            err(`refused: ${file}: ${r.body.error}: ${r.body.reason}\n`)
          }
        }
        return failed ? 2 : 0
      }
      case 'publish-rule-profile': {
        const [file, ...extra] = rest
        if (!file || extra.length)
          throw new UsageError(`publish-rule-profile: exactly one FILE.json required; ${USAGE}`)
        const r = await publishRuleProfileFile(h.ctx, file)
        const b = r.signed.body
        out(
          r.status === 'published'
            ? `已发布 / published: ${b.profile.id} (${b.profile.title}) SHA-256 ${b.profileSha256.slice(0, 12)}… at ${b.publishedAt}, signed by server key ${b.serverKeyId.slice(0, 12)}…\n`
            : `未变更 / unchanged: ${b.profile.id} was already published with the same content at ${b.publishedAt} (SHA-256 ${b.profileSha256.slice(0, 12)}…); nothing done\n`,
        )
        return 0
      }
      case 'rule-profiles':
        for (const p of await listRuleProfiles(h.ctx))
          out(
            `${p.id.padEnd(24)}  ${p.source.padEnd(9)}  ${p.hash.slice(0, 12)}  ${(p.publishedAt ?? '-').padEnd(24)}  ${p.title}\n`,
          )
        return 0
      case 'export-rule-profile': {
        const o = rest.findIndex((a) => a === '-o' || a === '--output')
        const file = o >= 0 ? rest[o + 1] : undefined
        const ids = rest.filter((_, i) => i !== o && i !== o + 1)
        if (o < 0 || !file || ids.length !== 1)
          throw new UsageError(`export-rule-profile: ID -o FILE required; ${USAGE}`)
        const signed = await exportRuleProfile(h.ctx, ids[0]!)
        try {
          writeFileDurableSync(file, Buffer.from(JSON.stringify(signed, null, 2) + '\n'))
        } catch (e) {
          throw new AdminError(
            `${file}: cannot write (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
          )
        }
        out(
          `wrote ${file}: ${signed.body.profile.id} SHA-256 ${signed.body.profileSha256.slice(0, 12)}…, signed by server key ${signed.body.serverKeyId.slice(0, 12)}…\n`,
        )
        return 0
      }
      case 'transfer-record': {
        const r = rest.findIndex((a) => a === '--reason')
        const reason = r >= 0 ? rest[r + 1] : undefined
        const args = rest.filter((_, i) => i !== r && i !== r + 1)
        if (args.length !== 2 || reason === undefined)
          throw new UsageError(
            `transfer-record: RECORD_ID NEW_KEY_ID --reason TEXT required; ${USAGE}`,
          )
        const t = await transferRecord(h.ctx, args[0]!, args[1]!, reason)
        process.stdout.write(
          `已转交 / transferred: record ${t.recordId} (v${t.version}, signed by ${t.from.slice(0, 12)}…) may now also be continued by key ${t.keyId.slice(0, 12)}…\n`,
        )
        return 0
      }
      case 'staff': {
        const { staffCommand } = await import('./console/staff-cli')
        return await staffCommand(h.ctx, rest, (s) => process.stdout.write(s))
      }
      case 'signals': {
        const { computeSignals } = await import('./signals/run')
        const r = await computeSignals(h.ctx, { force: rest.includes('--force') })
        process.stdout.write(
          `${r.skipped ? '无新结果，沿用 / unchanged since' : '已计算 / computed at'} ${r.computedAt}: ${r.records} records, ${r.signals} active signals, ${r.open} open\n`,
        )
        return 0
      }
      default: {
        if (PLAN_REFERENCE_COMMANDS.includes(cmd)) {
          const { runPlanReferenceCommand } = await import('./plan-references-cli')
          const code = await runPlanReferenceCommand(h.ctx, cmd, rest, {
            stdout: { write: out },
            stderr: { write: err },
          })
          if (code >= 0) return code
        }
        throw new UsageError(`unknown command '${cmd}'; ${USAGE}`)
      }
    }
  } finally {
    await h.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof AdminError || e instanceof ConfigError) {
      err(`error: ${e.message}\n`)
      process.exitCode = 2
    } else {
      err(`internal error: ${e instanceof Error ? e.message : String(e)}\n`)
      process.exitCode = 1
    }
  },
)
