import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runTool } from '../pdf/pdf-tools'
import { CliError } from './cli-error'
import { pageCount, parseYuan, reportCommand } from './report'
import { runCli } from './test-cli'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const example = join(root, 'examples/diagnosis-level2-qibin-dianqi.json')
const acceptance = join(root, 'examples/acceptance-level3-shancheng-xincailiao.json')
const before = join(root, 'electron/backend/pdf/fixtures/shancheng-diagnosis-before.json')
let dir: string

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = ''
  const code = await reportCommand.run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => true },
    env,
  })
  return { code, stdout }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-cli-'))
  const key = join(dir, 'k.pem')
  const crt = join(dir, 'c.pem')
  expect(
    runTool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '30',
      '-subj',
      '/CN=张三/O=鹤壁市某评测机构/C=CN',
      '-utf8',
    ]).code,
  ).toBe(0)
  expect(
    runTool('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      crt,
      '-out',
      join(dir, 'zs.p12'),
      '-passout',
      'pass:pw-123',
    ]).code,
  ).toBe(0)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('report command', () => {
  it('writes an unsigned diagnosis PDF and says so', async () => {
    const out = join(dir, 'd.pdf')
    const r = await run([example, '-o', out, '--issued-on', '2025-03-20'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /^wrote .*d\.pdf: 诊断报告 ZD-20250320-[0-9A-F]{8}, \d+ pages, \d+ bytes$/m,
    )
    expect(r.stdout).toContain('NOT signed')
    const s = runTool('pdfsig', [out])
    expect(s.stdout + s.stderr).toMatch(/does not contain any signatures/)
    expect(pageCount(readFileSync(out))).toBeGreaterThanOrEqual(6)
  })

  it('signs with a .p12 whose password comes from --pass-env', async () => {
    const out = join(dir, 's.pdf')
    const r = await run(
      [example, '-o', out, '--p12', join(dir, 'zs.p12'), '--pass-env', 'P12_PASS'],
      { P12_PASS: 'pw-123' },
    )
    expect(r.stdout).toContain('signer: CN=张三, O=鹤壁市某评测机构, C=CN')
    const s = runTool('pdfsig', [out])
    expect(s.stdout).toContain('Signature is Valid.')
    expect(runTool('qpdf', ['--check', out]).code).toBe(0)
  })

  it('self-signs on request and keeps the new certificate in a .p12 that signs again', async () => {
    const p12 = join(dir, 'self.p12')
    const out = join(dir, 'self.pdf')
    const env = { PW: '密码-2025' }
    const r = await run(
      [
        example,
        '-o',
        out,
        '--self-signed',
        '张三/鹤壁市某评测机构',
        '--save-p12',
        p12,
        '--pass-env',
        'PW',
      ],
      env,
    )
    expect(r.stdout).toContain(`saved to ${p12}`)
    expect(runTool('pdfsig', [out]).stdout).toContain('Signature is Valid.')
    const out2 = join(dir, 'self2.pdf')
    await run([example, '-o', out2, '--p12', p12, '--pass-env', 'PW'], env)
    expect(runTool('pdfsig', [out2]).stdout).toContain(
      'Signer full Distinguished Name: CN=张三,O=鹤壁市某评测机构,C=CN',
    )
    await expect(
      run(
        [example, '-o', out2, '--self-signed', '李四', '--save-p12', p12, '--pass-env', 'PW'],
        env,
      ),
    ).rejects.toThrow(/exists; not overwritten/)
  })

  it('writes the acceptance report with --before and --investment', async () => {
    const out = join(dir, 'a.pdf')
    const r = await run([acceptance, '--before', before, '--investment', '1280000', '-o', out])
    expect(r.stdout).toContain('验收评价 YS-')
    const t = runTool('pdftotext', [out, '-']).stdout.replace(/\s+/g, '')
    expect(t).toContain('505,000元')
    expect(t).toContain('达标（目标：二级及以上）')
  })

  it.each([
    [[example], /-o: required/],
    [[example, '-o', 'x.txt'], /-o: the output file must end in \.pdf/],
    [[example, '-o', 'x.pdf', '--p12', 'zs.p12'], /--pass-env: required/],
    [[example, '-o', 'x.pdf', '--kind', 'acceptance'], /--before: required/],
    [
      [acceptance, '-o', 'x.pdf', '--before', before, '--investment', '12.345'],
      /--investment: must be an amount in yuan/,
    ],
    [[example, '-o', 'x.pdf', '--issued-on', '2025/03/20'], /--issued-on/],
    [
      [acceptance, '-o', 'x.pdf', '--before', example, '--investment', '1'],
      /before: the diagnosis is for/,
    ],
  ])('rejects %j with a one-line error', async (args, message) => {
    await expect(run(args)).rejects.toThrow(message)
    await expect(run(args)).rejects.toBeInstanceOf(CliError)
  })

  it('a wrong .p12 password is a user error (exit 2, one line) through the command line', async () => {
    const out = join(dir, 'never.pdf')
    const r = await runCli(
      ['report', example, '-o', out, '--p12', join(dir, 'zs.p12'), '--pass-env', 'PW'],
      { cwd: root, env: { PW: 'wrong' } },
    )
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(
      /^error: --p12: cannot open the \.p12 file: wrong password or damaged file/,
    )
    expect(existsSync(out)).toBe(false)
  })

  it('parses yuan exactly into fen', () => {
    expect(parseYuan('x', '1280000')).toBe(128_000_000)
    expect(parseYuan('x', '0.1')).toBe(10)
    expect(parseYuan('x', '1,234.56')).toBe(123_456)
    expect(() => parseYuan('x', '-1')).toThrow(CliError)
  })
})
