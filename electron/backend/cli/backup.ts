/**
 * `npm run assess -- backup create [--data-dir DIR] [--out FILE]`
 * `npm run assess -- backup restore FILE [--data-dir DIR]`
 * DIR defaults to $DL_DATA_DIR, else ./.data (the browser-mode host's default). The database key
 * comes from $DL_PASSPHRASE (or a terminal prompt); see storage/cli-key.ts. Restore verifies the
 * whole backup before replacing anything; a backup from another key is refused.
 */
import { join, resolve } from 'node:path'
import { isAppException } from '../../../shared/contract/errors'
import { existsSync } from 'node:fs'
import { DB_FILE_NAME, createBackend } from '../create-backend'
import { cliKeyProvider } from '../storage/cli-key'
import { CliError, type CliCommand } from './cli-error'
import { inputStat } from './cli-files'
import { one, parseFlags } from './parse-flags'

const USAGE =
  'usage: npm run assess -- backup create [--data-dir DIR] [--out FILE] | backup restore FILE [--data-dir DIR]'

export const backupCommand: CliCommand = {
  usage: USAGE,
  summary: 'backup create|restore: encrypted backup of the database + evidence, verified restore',
  async run(args, io) {
    const [sub, ...rest] = args
    if (sub !== 'create' && sub !== 'restore')
      throw new CliError(sub ? `backup: unknown subcommand '${sub}'; ${USAGE}` : USAGE)
    const p = parseFlags(rest, { '--data-dir': 'value', '--out': 'value' }, {}, USAGE)
    const dataDir = resolve(one(p, '--data-dir') ?? io.env.DL_DATA_DIR ?? join('.', '.data'))
    const file = p.positional[0]
    if (sub === 'restore' && (!file || p.positional.length > 1))
      throw new CliError(`backup restore: give exactly one backup FILE; ${USAGE}`)
    if (sub === 'create' && p.positional.length)
      throw new CliError(`backup create: unexpected argument '${p.positional[0]}'; ${USAGE}`)
    if (sub === 'restore') inputStat('', file ?? '', Number.MAX_SAFE_INTEGER)
    if (sub === 'create' && !existsSync(join(dataDir, DB_FILE_NAME)))
      throw new CliError(`--data-dir: no database in ${dataDir}`)
    let backend: Awaited<ReturnType<typeof createBackend>> | undefined
    try {
      backend = await createBackend({
        dataDir,
        key: cliKeyProvider(dataDir, io.env),
        autoBackup: false,
      })
      if (sub === 'create') {
        const out = one(p, '--out')
        const r = await backend.services['backup.create'](out ? { path: resolve(out) } : {})
        io.stdout.write(
          `备份完成 / backup written: ${r.path}\n  ${r.size} bytes, sha256 ${r.sha256}, ${r.evidenceFiles} evidence file(s), ${r.encrypted ? 'encrypted' : 'NOT encrypted'}\n`,
        )
      } else {
        const r = await backend.services['backup.restore']({ path: resolve(file ?? '') })
        io.stdout.write(
          `已恢复 / restored: ${r.path} (made ${r.createdAt})\n  ${r.enterprises} enterprise(s), ${r.assessments} assessment(s), ${r.evidenceFiles} evidence file(s), schema ${r.schemaVersion}\n`,
        )
      }
      return 0
    } catch (e) {
      if (isAppException(e)) throw new CliError(`${e.code}: ${e.message}`)
      throw e
    } finally {
      await backend?.close()
    }
  },
}
