import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unpackBundle, packBundle } from '../../../shared/domain/bundle/container'
import { EXAMPLES_DIR } from '../bundle/test-helpers'
import { bundleCommand } from './bundle'
import { CliError, type CliCommand } from './cli-error'
import { importCommand } from './import'
import { keysCommand } from './keys'
import { syncCommand } from './sync'
import { verifyCommand } from './verify'
import { runCli } from './test-cli'

const ROOT = join(import.meta.dirname, '..', '..', '..')

async function run(
  cmd: CliCommand,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  try {
    const code = await cmd.run(args, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env,
    })
    return { code, out, err }
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out, err: err + e.message }
    throw e
  }
}

describe('bundle --evidence reads only regular files and folders (issue 12 §6)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-cli-special-'))
  const env = { DL_PASS: 'a long passphrase' }
  const keyFile = join(dir, 'k', 'assessor-key.json')
  const assessment = join(EXAMPLES_DIR, 'diagnosis-level2-qibin-dianqi.json')
  const secret = join(dir, 'outside-secret.txt')
  writeFileSync(secret, 'a file the assessor never chose')
  let n = 0
  const bundle = (evidence: string) =>
    run(
      bundleCommand,
      [
        assessment,
        '--evidence',
        evidence,
        '--key',
        keyFile,
        '--pass-env',
        'DL_PASS',
        '-o',
        join(dir, `b${n++}.dlbundle`),
      ],
      env,
    )

  it('refuses a symbolic link (given or inside a folder) and a device, naming the path', async () => {
    expect(
      (await run(keysCommand, ['create', '--out', join(dir, 'k'), '--pass-env', 'DL_PASS'], env))
        .code,
    ).toBe(0)
    const link = join(dir, 'photo.jpg')
    symlinkSync(secret, link)
    expect(await bundle(link)).toMatchObject({
      code: 2,
      err: `--evidence: ${link}: is a symbolic link; give the file it points to, not the link`,
    })
    const folder = join(dir, 'ev')
    mkdirSync(join(folder, 'Q01'), { recursive: true })
    writeFileSync(join(folder, 'Q01', 'ok.jpg'), 'jpeg')
    symlinkSync(secret, join(folder, 'Q01', 'sneaky.jpg'))
    expect(await bundle(folder)).toMatchObject({
      code: 2,
      err: `--evidence: ${join(folder, 'Q01', 'sneaky.jpg')}: is a symbolic link; give the file it points to, not the link`,
    })
    expect(await bundle('/dev/null')).toMatchObject({
      code: 2,
      err: '--evidence: /dev/null: not a regular file (device, FIFO or socket); only files and folders are signed',
    })
    expect(existsSync(join(dir, 'b0.dlbundle'))).toBe(false)
  })

  it('refuses a FIFO without reading from it', async () => {
    const fifo = join(dir, 'pipe.jpg')
    execFileSync('mkfifo', [fifo])
    expect(await bundle(fifo)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/pipe\.jpg: not a regular file/),
    })
  })
})

describe('keys / bundle / verify / import commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-cli-'))
  const env = { DL_PASS: 'a long passphrase' }
  const keyFile = join(dir, 'k', 'assessor-key.json')
  const assessment = join(EXAMPLES_DIR, 'diagnosis-level2-qibin-dianqi.json')
  const ev = join(dir, 'ev')
  mkdirSync(join(ev, 'Q01'), { recursive: true })
  writeFileSync(join(ev, 'Q01', '网络.jpg'), 'jpeg bytes')
  writeFileSync(join(ev, 'SC06-MES截图.png'), 'png bytes')

  it('creates a key, bundles, verifies, corrects and imports', async () => {
    expect(
      await run(keysCommand, ['create', '--out', join(dir, 'k'), '--pass-env', 'NOPE'], env),
    ).toMatchObject({ code: 2, err: '--pass-env: environment variable NOPE is not set' })
    const c = await run(
      keysCommand,
      ['create', '--out', join(dir, 'k'), '--pass-env', 'DL_PASS'],
      env,
    )
    expect(c.code).toBe(0)
    expect(
      await run(keysCommand, ['create', '--out', join(dir, 'k'), '--pass-env', 'DL_PASS'], env),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/already exists/) })
    const pub = await run(keysCommand, ['export-public', '--key', keyFile])
    const info = JSON.parse(pub.out) as { keyId: string; publicKeyPem: string }
    expect(c.out).toContain(info.keyId)
    const pem = join(dir, 'k', 'assessor-public.pem')
    expect(readFileSync(pem, 'utf8')).toBe(info.publicKeyPem)

    const out = join(dir, 'a.dlbundle')
    const b = await run(
      bundleCommand,
      [
        assessment,
        '--evidence',
        ev,
        '--key',
        keyFile,
        '--pass-env',
        'DL_PASS',
        '-o',
        out,
        '--json',
      ],
      env,
    )
    expect(b.code).toBe(0)
    const made = JSON.parse(b.out) as { bundleId: string; version: number; evidence: number }
    expect(made).toMatchObject({ version: 1, evidence: 2 })
    expect(
      await run(
        bundleCommand,
        [assessment, '--key', keyFile, '--pass-env', 'DL_PASS', '-o', out],
        env,
      ),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/never overwritten/) })
    expect(
      await run(
        bundleCommand,
        [assessment, '--key', keyFile, '--pass-env', 'DL_PASS', '-o', join(dir, 'x.dlbundle')],
        { DL_PASS: 'wrong passphrase' },
      ),
    ).toMatchObject({ code: 2, err: 'key file: wrong passphrase or the key file was changed' })

    const v = await run(verifyCommand, [out, '--pubkey', pem])
    expect(v).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        new RegExp(
          `^valid: bundle ${made.bundleId} v1, 2 evidence file\\(s\\), Ed25519 key ${info.keyId} \\(pinned\\)\\n$`,
        ),
      ),
    })

    expect(
      await run(
        bundleCommand,
        [
          assessment,
          '--key',
          keyFile,
          '--pass-env',
          'DL_PASS',
          '-o',
          join(dir, 'b.dlbundle'),
          '--supersedes',
          out,
        ],
        env,
      ),
    ).toMatchObject({ code: 2, err: '--reason: a correction (--supersedes) must give a reason' })
    const corr = await run(
      bundleCommand,
      [
        assessment,
        '--evidence',
        ev,
        '--key',
        keyFile,
        '--pass-env',
        'DL_PASS',
        '-o',
        join(dir, 'b.dlbundle'),
        '--supersedes',
        out,
        '--reason',
        '更正企业规模',
        '--json',
      ],
      env,
    )
    expect(JSON.parse(corr.out)).toMatchObject({ version: 2 })

    const into = join(dir, 'store')
    expect(
      await run(importCommand, [out, join(dir, 'b.dlbundle'), '--into', into, '--pubkey', pem]),
    ).toMatchObject({ code: 0 })
    expect((await run(importCommand, [out, '--into', into])).out).toMatch(/already present/)
  })

  it('usage errors name the missing or unexpected argument', async () => {
    const b = await run(bundleCommand, ['--key', keyFile, '--pass-env', 'DL_PASS', '-o', 'x'], env)
    expect(b).toMatchObject({ code: 2, err: expect.stringMatching(/^ASSESSMENT\.json: required/) })
    expect(await run(importCommand, ['--into', dir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^FILE\.dlbundle: required/),
    })
    expect(await run(verifyCommand, [])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^FILE\.dlbundle: required/),
    })
    expect(await run(verifyCommand, ['a.dlbundle', 'b.dlbundle'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^unexpected argument 'b\.dlbundle'/),
    })
  })

  it('verify exits 2 with the reason on one line (real process)', async () => {
    const out = join(dir, 'a.dlbundle')
    const un = unpackBundle(readFileSync(out))
    if (!un.ok) throw new Error(un.error)
    const sig = JSON.parse(Buffer.from(un.files.get('signature.json')!).toString())
    const manifest = JSON.parse(Buffer.from(un.files.get('manifest.json')!).toString())
    const evidence = new Map<string, Uint8Array>()
    for (const [n, d] of un.files) if (n.startsWith('evidence/')) evidence.set(n.slice(9), d)
    const first = [...evidence.keys()][0]!
    const changed = Buffer.from(evidence.get(first)!)
    changed[0]! ^= 1
    evidence.set(first, changed)
    const bad = join(dir, 'bad.dlbundle')
    writeFileSync(
      bad,
      packBundle({ manifestBytes: un.files.get('manifest.json')!, signature: sig, evidence }),
    )
    expect(manifest.evidence).toHaveLength(2)
    const r = await runCli(['verify', bad], { cwd: ROOT })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      new RegExp(
        `^invalid: evidence/${first}: SHA-256 mismatch \\(manifest says ${first}, file is [0-9a-f]{64}\\)\\n$`,
      ),
    )
    const ok = await runCli(['verify', out], { cwd: ROOT })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^valid: .*embedded key/)
  }, 120_000)
})

describe('sync command', () => {
  it('registers, waits while pending (exit 3), then delivers with a pinned receipt key (exit 0)', async () => {
    const { runCentral, sqliteDb } = await import('../../../central/testing/fixtures')
    const { setKeyStatus } = await import('../../../central/admin')
    const central = await runCentral(sqliteDb)
    try {
      const dir = mkdtempSync(join(tmpdir(), 'dl-cli-sync-'))
      const env = { DL_PASS: 'a long passphrase' }
      await run(keysCommand, ['create', '--out', join(dir, 'k'), '--pass-env', 'DL_PASS'], env)
      const keyFile = join(dir, 'k', 'assessor-key.json')
      const out = join(dir, 'a.dlbundle')
      await run(
        bundleCommand,
        [
          join(EXAMPLES_DIR, 'diagnosis-level1-qixian-shipin.json'),
          '--key',
          keyFile,
          '--pass-env',
          'DL_PASS',
          '-o',
          out,
        ],
        env,
      )
      const common = [
        '--server',
        central.url,
        '--key',
        keyFile,
        '--pass-env',
        'DL_PASS',
        '--data',
        join(dir, 'sync'),
      ]
      const first = await run(syncCommand, [...common, '--register', '孙评估', out], env)
      expect(first.code).toBe(3)
      expect(first.out).toContain(`pinned server receipt key ${central.ctx.serverKey.info.keyId}`)
      expect(first.out).toMatch(/: pending \(an administrator must approve it/)
      expect(first.out).toMatch(/ v1 {2}queued 待发送 {2}auth-key-pending: /)
      const keyId = (JSON.parse(readFileSync(keyFile, 'utf8')) as { keyId: string }).keyId
      await setKeyStatus(central.ctx, keyId, 'approved')
      const second = await run(syncCommand, common, env)
      expect(second).toMatchObject({ code: 0 })
      expect(second.out).toMatch(/ v1 {2}accepted 已接收\nsent: 1 accepted, 0 rejected, 0 to retry/)
      expect(
        await run(
          syncCommand,
          ['--server', 'ftp://x', '--key', keyFile, '--pass-env', 'DL_PASS'],
          env,
        ),
      ).toMatchObject({ code: 2, err: "--server: 'ftp://x' is not an http(s) URL" })
    } finally {
      await central.dispose()
    }
  })
})

describe('bundle of an acceptance cites its signed diagnosis (--before, issue 11 item 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-cli-before-'))
  const env = { DL_PASS: 'a long passphrase' }
  const keyFile = join(dir, 'k', 'assessor-key.json')
  const acceptance = join(EXAMPLES_DIR, 'acceptance-level3-shancheng-xincailiao.json') // 2025-09-26
  const beforeJson = join(ROOT, 'electron/backend/pdf/fixtures/shancheng-diagnosis-before.json')
  let n = 0
  const sign = (file: string, more: string[] = []) => {
    const out = join(dir, `b${n++}.dlbundle`)
    return run(
      bundleCommand,
      [file, '--key', keyFile, '--pass-env', 'DL_PASS', '-o', out, ...more],
      env,
    ).then((r) => ({ ...r, file: out }))
  }
  const manifestOf = (file: string) =>
    JSON.parse(
      Buffer.from(
        (unpackBundle(readFileSync(file)) as { files: Map<string, Uint8Array> }).files.get(
          'manifest.json',
        )!,
      ).toString('utf8'),
    ) as Record<string, unknown>

  it('names the diagnosis by bundle id and manifest SHA-256; refuses none, a JSON file, another enterprise, a later date', async () => {
    expect(
      (await run(keysCommand, ['create', '--out', join(dir, 'k'), '--pass-env', 'DL_PASS'], env))
        .code,
    ).toBe(0)
    const diag = await sign(beforeJson, ['--json'])
    expect(diag.code).toBe(0)
    const d = JSON.parse(diag.out) as { bundleId: string; manifestSha256: string }

    const acc = await sign(acceptance, ['--before', diag.file, '--json'])
    expect(acc.code).toBe(0)
    expect(manifestOf(acc.file)['diagnosis']).toEqual({
      bundleId: d.bundleId,
      manifestSha256: d.manifestSha256,
      reportNumber: null,
    })

    expect(await sign(acceptance)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^--before: 验收评测须以 --before DIAGNOSIS\.dlbundle 给出/),
    })
    expect(await sign(acceptance, ['--before', beforeJson])).toMatchObject({
      code: 2,
      err: '--before: 须为已签名的诊断签名包（.dlbundle）；给出的是未签名的 JSON 文件',
    })
    const other = await sign(join(EXAMPLES_DIR, 'diagnosis-level2-qibin-dianqi.json'))
    expect(await sign(acceptance, ['--before', other.file])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^--before: 所对照的诊断属于另一家企业/),
    })
    const laterJson = join(dir, 'later.json')
    writeFileSync(
      laterJson,
      JSON.stringify({ ...JSON.parse(readFileSync(beforeJson, 'utf8')), assessedOn: '2025-09-26' }),
    )
    const later = await sign(laterJson)
    expect(await sign(acceptance, ['--before', later.file])).toMatchObject({
      code: 2,
      err: '--before: 所对照的诊断评测日期 2025-09-26 须早于验收评测日期 2025-09-26',
    })
    // a diagnosis cites nothing
    expect(await sign(beforeJson, ['--before', diag.file])).toMatchObject({
      code: 2,
      err: '--before: 只有验收评测对照诊断（本评测为 kind diagnosis）',
    })
    // the whole command line (argument parsing, one-line error, exit code): exit 2 naming
    // --before, nothing written
    const out = join(dir, 'none.dlbundle')
    const r = await runCli(
      ['bundle', acceptance, '--key', keyFile, '--pass-env', 'DL_PASS', '-o', out],
      { env, cwd: ROOT },
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--before: 验收评测须以 --before DIAGNOSIS\.dlbundle/)
    expect(existsSync(out)).toBe(false)
  }, 60_000)
})
