/**
 * `npm run central -- [serve]`            start the service (PORT, HOST, CENTRAL_DATA_DIR, DATABASE_URL)
 * `npm run central -- approve KEYID`      approve a pending assessor key (a unique prefix is enough)
 * `npm run central -- revoke KEYID`
 * `npm run central -- keys`               list registered keys
 * `npm run central -- load-assignments FILE.csv|FILE.json`
 * `npm run central -- import FILE.dlbundle…`   ingest bundle files brought without network
 * Defaults: CENTRAL_DATA_DIR=./central-data, SQLite file central.sqlite in it; DATABASE_URL
 * (postgres://…) switches to PostgreSQL; HOST=127.0.0.1, PORT=8787.
 * User errors: one line on stderr, exit code 2.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AdminError, importBundleFile, listKeys, loadAssignments, setKeyStatus } from './admin'
import { openCentral, startCentral } from './service'

const USAGE =
  'usage: npm run central -- [serve | approve KEYID | revoke KEYID | keys | load-assignments FILE | import FILE.dlbundle…]'

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [cmd = 'serve', ...rest] = argv
  const cfg = {
    dataDir: resolve(process.env['CENTRAL_DATA_DIR'] ?? 'central-data'),
    databaseUrl: process.env['DATABASE_URL'] || undefined,
  }
  if (cmd === 'serve') {
    const port = Number(process.env['PORT'] ?? 8787)
    const h = await startCentral({ ...cfg, host: process.env['HOST'] ?? '127.0.0.1', port })
    process.stdout.write(
      `central listening on ${h.url} (${h.database.dialect}, data ${cfg.dataDir}, server key ${h.ctx.serverKey.info.keyId})\n`,
    )
    const stop = (): void => {
      void h.close().then(() => process.exit(0))
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    return -1
  }
  if (cmd === '--help' || cmd === 'help') {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  const h = await openCentral(cfg)
  try {
    switch (cmd) {
      case 'approve':
      case 'revoke': {
        const [id] = rest
        if (!id) throw new UsageError(`${cmd}: KEYID required; ${USAGE}`)
        const r = await setKeyStatus(h.ctx, id, cmd === 'approve' ? 'approved' : 'revoked')
        process.stdout.write(
          `${cmd === 'approve' ? '已批准 / approved' : '已吊销 / revoked'}: ${r.keyId} (${r.name}; was ${r.previous})\n`,
        )
        return 0
      }
      case 'keys':
        for (const k of await listKeys(h.ctx))
          process.stdout.write(
            `${k.keyId}  ${k.algorithm.padEnd(7)}  ${k.status.padEnd(8)}  ${k.name}${k.agency ? ` (${k.agency})` : ''}  ${k.registeredAt}\n`,
          )
        return 0
      case 'load-assignments': {
        const [file] = rest
        if (!file) throw new UsageError(`load-assignments: FILE required; ${USAGE}`)
        const n = await loadAssignments(h.ctx, file)
        process.stdout.write(`loaded ${n} assignment(s) from ${file}\n`)
        return 0
      }
      case 'import': {
        if (!rest.length) throw new UsageError(`import: FILE.dlbundle required; ${USAGE}`)
        let failed = 0
        for (const file of rest) {
          const r = await importBundleFile(h.ctx, readFileSync(file))
          if (r.ok) process.stdout.write(`${r.body.status}: ${file} → bundle ${r.body.bundleId}\n`)
          else {
            failed++
            process.stderr.write(`refused: ${file}: ${r.body.error}: ${r.body.reason}\n`)
          }
        }
        return failed ? 2 : 0
      }
      default:
        throw new UsageError(`unknown command '${cmd}'; ${USAGE}`)
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
    if (e instanceof UsageError || e instanceof AdminError) {
      process.stderr.write(`error: ${e.message}\n`)
      process.exitCode = 2
    } else {
      process.stderr.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`)
      process.exitCode = 1
    }
  },
)
