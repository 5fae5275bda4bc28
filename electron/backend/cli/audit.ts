/**
 * `npm run assess -- audit verify [--data-dir DIR]`
 * Checks the audit log's hash chain (audit/chain.ts) in <DIR>/assessor.sqlite, read-only, and
 * that it still holds every chain head anchored in a bundle signed on this device (audit/anchors.ts).
 * DIR defaults to $DL_DATA_DIR, else ./.data (the browser-mode host's default, electron/host/main.ts).
 * Exit 0: intact (one summary line). Exit 2: broken (one line naming the first bad row), or a
 * missing database / a schema older than 0002-audit-chain. An encrypted database (issue 7 item 1)
 * is opened with the passphrase in DL_PASSPHRASE; nothing is written either way.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import { anchorsFromLocalBundles } from '../audit/anchors'
import { checkAuditAnchors, verifyAuditChain } from '../audit/chain'
import { DB_FILE_NAME } from '../create-backend'
import { openDatabase, type OpenedDatabase } from '../db/open'
import { readKeyHeader, scryptKey } from '../storage/key-provider'
import { CliError, type CliCommand } from './cli-error'
import { one, parseFlags } from './parse-flags'

const USAGE = 'usage: npm run assess -- audit verify [--data-dir DIR]'

export const auditCommand: CliCommand = {
  usage: USAGE,
  summary: 'audit verify [--data-dir DIR]: check the audit log hash chain (exit 2 if tampered)',
  async run(args, io) {
    const [sub, ...rest] = args
    if (sub !== 'verify')
      throw new CliError(
        sub
          ? `audit: unknown subcommand '${sub}'; ${USAGE}`
          : `audit: missing subcommand; ${USAGE}`,
      )
    const p = parseFlags(rest, { '--data-dir': 'value' }, {}, USAGE)
    if (p.positional.length > 0)
      throw new CliError(`audit verify: unexpected argument '${p.positional[0]}'; ${USAGE}`)
    const dataDir = resolve(one(p, '--data-dir') ?? io.env.DL_DATA_DIR ?? join('.', '.data'))
    const file = join(dataDir, DB_FILE_NAME)
    if (!existsSync(file)) throw new CliError(`audit verify: no database at ${file}`)
    let opened: OpenedDatabase
    try {
      // An encrypted database (a key header next to it) needs the passphrase: DL_PASSPHRASE.
      const header = readKeyHeader(dataDir)
      let key: Uint8Array | undefined
      if (header) {
        const pass = io.env.DL_PASSPHRASE
        if (!pass)
          throw new CliError(
            `audit verify: ${file} is encrypted; set DL_PASSPHRASE to its passphrase`,
          )
        key = await scryptKey(pass, header)
      }
      opened = openDatabase(file, { readonly: true, key })
    } catch (e) {
      if (e instanceof CliError) throw e
      throw new CliError(
        `audit verify: cannot open ${file}: ${e instanceof Error ? e.message : String(e)}`,
      )
    }
    const db = opened.db
    try {
      const hasChain = await sql<{
        n: number
      }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'`.execute(
        db,
      )
      if (!hasChain.rows[0]?.n)
        throw new CliError(
          `audit verify: ${file} predates the audit chain (migration 0002-audit-chain); open it with the app once`,
        )
      const v = await verifyAuditChain(db)
      if (!v.ok) throw new CliError(`audit log TAMPERED in ${file}: ${v.reason}`)
      const scan = await anchorsFromLocalBundles(db, dataDir)
      if (scan.problems.length)
        throw new CliError(
          `audit log check: ${scan.problems.length} signed bundle(s) unusable as anchors: ${scan.problems[0]}`,
        )
      const a = await checkAuditAnchors(db, scan.anchors)
      if (!a.ok) throw new CliError(`audit log TAMPERED in ${file}: ${a.reason}`)
      io.stdout.write(
        `audit log intact: ${v.rows} rows, chain head ${v.head || '(empty)'}, ${scan.anchors.length} signed bundle anchor(s) hold${scan.unanchored ? ` (${scan.unanchored} older bundle(s) without anchor)` : ''} (${file})\n`,
      )
      return 0
    } finally {
      await opened.close()
    }
  },
}
