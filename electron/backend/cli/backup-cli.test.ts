import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../create-backend'
import { dispatch } from '../dispatch'
import { passphraseFromEnv, passphraseKeyProvider } from '../storage/key-provider'
import { enterpriseInput, tempDir, TEST_KEY_SCRYPT } from '../test-helpers'
import { backupCommand } from './backup'
import { CliError } from './cli-error'
import { runCli } from './test-cli'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.()
})

async function run(args: string[], env: Record<string, string>) {
  let out = ''
  try {
    const code = await backupCommand.run(args, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => undefined },
      env,
    })
    return { code, out }
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out: e.message }
    throw e
  }
}

async function names(dataDir: string, pass: string): Promise<string[]> {
  const b = await createBackend({
    dataDir,
    key: passphraseFromEnv({ DL_PASSPHRASE: pass }),
    autoBackup: false,
  })
  try {
    const r = await dispatch(b, 'enterprises.list', {})
    if (!r.ok) throw new Error(r.error.message)
    return (r.value as { items: Array<{ name: string }> }).items.map((e) => e.name).sort()
  } finally {
    await b.close()
  }
}

describe('npm run assess -- backup create|restore', () => {
  it('creates an encrypted backup of a passphrase data directory and restores it; a wrong passphrase is refused', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const dataDir = join(t.dir, 'data')
    const env = { DL_PASSPHRASE: 'pilot passphrase 2026' }
    // The key header records scrypt at N=2^14, and every later opening (the CLI's included)
    // derives by what the header says: seven derivations of 0.1 s instead of 0.8 s each. The
    // default N=2^17 of a new database is tested in storage/encryption.test.ts.
    const b = await createBackend({
      dataDir,
      key: passphraseKeyProvider({ passphrase: env.DL_PASSPHRASE, scrypt: TEST_KEY_SCRYPT }),
      autoBackup: false,
    })
    await dispatch(b, 'enterprises.create', enterpriseInput(1))
    await b.close()

    const out = join(t.dir, 'b.dlbackup')
    const c = await run(['create', '--data-dir', dataDir, '--out', out], env)
    expect(c.code).toBe(0)
    expect(c.out).toMatch(/backup written: .*b\.dlbackup\n.*encrypted/)
    expect(readFileSync(out).subarray(0, 8).toString()).toBe('DLBACKUP')

    const b2 = await createBackend({ dataDir, key: passphraseFromEnv(env), autoBackup: false })
    await dispatch(b2, 'enterprises.create', enterpriseInput(2))
    await b2.close()
    expect(await names(dataDir, env.DL_PASSPHRASE)).toHaveLength(2)

    const wrong = await run(['restore', out, '--data-dir', dataDir], {
      DL_PASSPHRASE: 'not the passphrase',
    })
    expect(wrong).toMatchObject({ code: 2 })
    expect(wrong.out).toMatch(/^WRONG_KEY: 数据库密钥不正确/)

    const r = await run(['restore', out, '--data-dir', dataDir], env)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/restored: .*\n {2}1 enterprise\(s\)/)
    expect(await names(dataDir, env.DL_PASSPHRASE)).toEqual([enterpriseInput(1).name])

    expect((await run(['restore', '--data-dir', dataDir], env)).out).toMatch(/exactly one/)
    expect((await run(['frobnicate'], env)).out).toMatch(/unknown subcommand/)
  }, 60_000)

  it('is registered in the command line (cli/commands.ts)', async () => {
    const r = await runCli(['backup'], { cwd: ROOT })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/usage: npm run assess -- backup create/)
  })
})
