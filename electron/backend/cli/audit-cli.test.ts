/**
 * `npm run assess -- audit verify [--data-dir DIR]`: exit codes and one-line messages, in-process
 * for each case and once through the real entry (electron/backend/cli.ts) in a child process.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend } from '../create-backend'
import { dispatch } from '../dispatch'
import { passphraseKeyProvider } from '../storage/key-provider'
import { enterpriseInput, tempDir } from '../test-helpers'
import { auditCommand } from './audit'
import { runCli } from './test-cli'
import { CliError } from './cli-error'

const ROOT = join(import.meta.dirname, '..', '..', '..')

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  try {
    const code = await auditCommand.run(args, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
      env,
    })
    return { code, out, err: '' }
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out, err: e.message }
    throw e
  }
}

/** The whole command line in-process (test-cli.ts). */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(args, { cwd: ROOT, env: { DL_DATA_DIR: '' } })
  return { code: r.code, out: r.stdout, err: r.stderr }
}

const t = tempDir('dl-audit-cli-')
const dir = join(t.dir, 'data')
const file = join(dir, 'assessor.sqlite')

beforeAll(async () => {
  const b = await createBackend({ dataDir: dir })
  const e = await dispatch(b, 'enterprises.create', enterpriseInput(9))
  if (!e.ok) throw new Error(e.error.message)
  await b.close() // one audit row: enterprise.create
  const b2 = await createBackend({ dataDir: dir })
  const c = await dispatch(b2, 'assessments.create', {
    enterpriseId: (e.value as { id: string }).id,
    kind: 'diagnosis',
    assessorName: '李四',
  })
  if (!c.ok) throw new Error(c.error.message)
  const id = (c.value as { assessment: { id: string } }).assessment.id
  for (const level of [1, 2, 3])
    await dispatch(b2, 'assessments.setScene', { assessmentId: id, sceneId: 'SC02', level })
  await b2.close() // rows 1–5
})
afterAll(() => t.cleanup())

describe('audit verify', () => {
  it('exit 0 with a summary when intact (--data-dir, or DL_DATA_DIR)', async () => {
    const r = await run(['verify', '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^audit log intact: 5 rows, chain head [0-9a-f]{64}, 0 signed bundle anchor\(s\) hold \(.*assessor\.sqlite\)\n$/,
    )
    expect((await run(['verify'], { DL_DATA_DIR: dir })).out).toBe(r.out)
  })

  it('exit 2 with one clear line for usage errors and a missing database', async () => {
    expect(await run([])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/missing subcommand/),
    })
    expect(await run(['check'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^audit: unknown subcommand 'check'/),
    })
    expect(await run(['verify', '--data-dir', join(t.dir, 'nowhere')])).toMatchObject({
      code: 2,
      err: `audit verify: no database at ${join(t.dir, 'nowhere', 'assessor.sqlite')}`,
    })
    expect(await run(['verify', '--datadir', dir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^unknown option --datadir/),
    })
  })

  it('through the real entry: exit 0 intact, then exit 2 naming the changed row, then the deleted one', async () => {
    const ok = await cli(['audit', 'verify', '--data-dir', dir])
    expect(ok.err).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(/^audit log intact: 5 rows/)

    // an attacker with the file: drop the append-only trigger, edit row 4's level 2 → 4
    const raw = new Database(file)
    raw.exec('DROP TRIGGER audit_log_no_update')
    raw
      .prepare(
        `UPDATE audit_log SET detail = replace(detail, '"level":2', '"level":4') WHERE id = 4`,
      )
      .run()
    expect(raw.prepare('SELECT changes() AS n').get()).toEqual({ n: 1 })
    raw.close()
    const changed = await cli(['audit', 'verify', '--data-dir', dir])
    expect(changed.code).toBe(2)
    expect(changed.out).toBe('')
    expect(changed.err).toBe(
      `error: audit log TAMPERED in ${file}: row 4: content does not match its hash: changed or moved\n`,
    )

    // …and delete row 2 with its link (foreign keys off, delete triggers dropped)
    const raw2 = new Database(file)
    raw2.pragma('foreign_keys = OFF')
    raw2.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_chain_no_delete')
    raw2.prepare('DELETE FROM audit_chain WHERE audit_id = 2').run()
    raw2.prepare('DELETE FROM audit_log WHERE id = 2').run()
    raw2.close()
    const r = await run(['verify', '--data-dir', dir])
    expect(r).toMatchObject({
      code: 2,
      err: `audit log TAMPERED in ${file}: row 2 is missing (ids jump from 1 to 3): deleted`,
    })
  }, 60_000)

  it('an encrypted database is verified with DL_PASSPHRASE; without it, exit 2 saying so', async () => {
    const encDir = join(t.dir, 'encrypted')
    const key = passphraseKeyProvider({
      passphrase: 'correct horse battery',
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
    })
    const b = await createBackend({ dataDir: encDir, key, autoBackup: false })
    const e = await dispatch(b, 'enterprises.create', enterpriseInput(11))
    expect(e.ok).toBe(true)
    await b.close()
    const encFile = join(encDir, 'assessor.sqlite')
    expect(await run(['verify', '--data-dir', encDir])).toMatchObject({
      code: 2,
      err: `audit verify: ${encFile} is encrypted; set DL_PASSPHRASE to its passphrase`,
    })
    const wrong = await run(['verify', '--data-dir', encDir], { DL_PASSPHRASE: 'wrong passphrase' })
    expect(wrong.code).toBe(2)
    expect(wrong.err).toMatch(/^audit verify: cannot open .*数据库密钥不正确/)
    const ok = await run(['verify', '--data-dir', encDir], {
      DL_PASSPHRASE: 'correct horse battery',
    })
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/^audit log intact: 1 rows/) })
  })
})
