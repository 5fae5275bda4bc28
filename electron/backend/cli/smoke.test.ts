/**
 * One real-process smoke test per command (issue 15 §5): the built one-file CLI
 * (out/cli/assess.cjs, built here when stale) started as `assess` is started, one run each —
 * proof that the bundle loads every command, reads its arguments and environment, writes its
 * files, sets the exit code and exits (no handle left open). Everything the commands do is
 * tested in-process in the other cli/*.test.ts files (runCli); a new command adds one case here.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBackend } from '../create-backend'
import { dispatch } from '../dispatch'
import { enterpriseInput, tempDir } from '../test-helpers'
import { COMMANDS } from './commands'
import { REPO_ROOT, runCliProcess } from './test-cli'

const t = tempDir('dl-cli-smoke-')
afterAll(() => t.cleanup())
const at = (name: string): string => join(t.dir, name)
const example = join(REPO_ROOT, 'examples', 'diagnosis-level2-qibin-dianqi.json')
const env = { DL_TEST_PASS: 'smoke passphrase 2026', DL_PASSPHRASE: 'smoke data passphrase' }
/** For the unencrypted data directory: no DL_PASSPHRASE (unset in the child's environment). */
const plainEnv = { DL_TEST_PASS: env.DL_TEST_PASS, DL_PASSPHRASE: undefined }
const covered = new Set<string>()

function expectOk(r: { code: number; stdout: string; stderr: string }): void {
  expect(r.stderr, r.stderr).toBe('')
  expect(r.code).toBe(0)
}

describe('assess as a real process (the bundle)', () => {
  it('help lists every command; an unknown one is exit 2 with one line', async () => {
    const help = await runCliProcess(['help'])
    expectOk(help)
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toContain(`  ${name} `)
    const bad = await runCliProcess(['frobnicate'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error: unknown command 'frobnicate'; known: score, /)
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('score', async () => {
    covered.add('score')
    const r = await runCliProcess(['score', example, '--json'])
    expectOk(r)
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 56.15, level: 2 })
  })

  it('plan', async () => {
    covered.add('plan')
    const r = await runCliProcess(['plan', example, '--target', '3', '--json'])
    expectOk(r)
    expect(JSON.parse(r.stdout)).toMatchObject({ target: 3 })
  })

  it('keys', async () => {
    covered.add('keys')
    const r = await runCliProcess(
      ['keys', 'create', '--out', at('k'), '--pass-env', 'DL_TEST_PASS'],
      { env },
    )
    expectOk(r)
    expect(existsSync(join(at('k'), 'assessor-key.json'))).toBe(true)
  })

  it('bundle', async () => {
    covered.add('bundle')
    const r = await runCliProcess(
      [
        'bundle',
        example,
        '--key',
        join(at('k'), 'assessor-key.json'),
        '--pass-env',
        'DL_TEST_PASS',
        '-o',
        at('a.dlbundle'),
      ],
      { env },
    )
    expectOk(r)
    expect(existsSync(at('a.dlbundle'))).toBe(true)
  })

  it('verify', async () => {
    covered.add('verify')
    const r = await runCliProcess(['verify', at('a.dlbundle')])
    expectOk(r)
    expect(r.stdout).toMatch(/^valid: /)
  })

  it('import', async () => {
    covered.add('import')
    const r = await runCliProcess(['import', at('a.dlbundle'), '--into', at('store')])
    expectOk(r)
  })

  it('sync (no central service listening: exit 3, one line, nothing lost)', async () => {
    covered.add('sync')
    const r = await runCliProcess(
      [
        'sync',
        '--server',
        'http://127.0.0.1:9/',
        '--key',
        join(at('k'), 'assessor-key.json'),
        '--pass-env',
        'DL_TEST_PASS',
        '--data',
        at('sync'),
        at('a.dlbundle'),
      ],
      { env },
    )
    expect(r.code).toBe(3)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(existsSync(join(at('sync'), 'dl-assessor.lock'))).toBe(false) // released at exit
  })

  it('report', async () => {
    covered.add('report')
    const r = await runCliProcess([
      'report',
      example,
      '-o',
      at('r.pdf'),
      '--self-signed',
      'Zhang San/Smoke Test Org',
    ])
    expect(r.code).toBe(0)
    expect(readFileSync(at('r.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('verify-report', async () => {
    covered.add('verify-report')
    const r = await runCliProcess(['verify-report', at('r.pdf'), '--json'])
    // the report just signed with a self-issued certificate: it verifies (exit 0)
    expect(r.stderr, r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true })
  })

  it('backup', async () => {
    covered.add('backup')
    // a data directory with a database (unencrypted; `backup create` refuses one without)
    const b = await createBackend({ dataDir: at('data'), autoBackup: false })
    expect((await dispatch(b, 'enterprises.create', enterpriseInput(3))).ok).toBe(true)
    await b.close()
    const r = await runCliProcess(
      ['backup', 'create', '--data-dir', at('data'), '--out', at('b.dlbackup')],
      { env: plainEnv },
    )
    expectOk(r)
    expect(existsSync(at('b.dlbackup'))).toBe(true)
    expect(existsSync(join(at('data'), 'dl-assessor.lock'))).toBe(false)
  })

  it('audit', async () => {
    covered.add('audit')
    const r = await runCliProcess(['audit', 'verify', '--data-dir', at('data')], {
      env: plainEnv,
    })
    expectOk(r)
  })

  it('covers every command', () => {
    expect([...covered].sort()).toEqual(Object.keys(COMMANDS).sort())
  })
})
