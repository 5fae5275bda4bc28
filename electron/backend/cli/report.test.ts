import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runTool } from '../pdf/pdf-tools'
import { buildBundle } from '../bundle/build'
import { ephemeralEd25519 } from '../crypto/keys'
import { signedDiagnosisBundle } from '../pdf/sample-report'
import { parseAssessmentFile, type AssessmentFileV1 } from '../../../shared/domain/assessment-file'
import { writeFileSync } from 'node:fs'
import { CliError } from './cli-error'
import { pageCount, parseYuan, reportCommand } from './report'
import { runCli } from './test-cli'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const example = join(root, 'examples/diagnosis-level2-qibin-dianqi.json')
const acceptance = join(root, 'examples/acceptance-level3-shancheng-xincailiao.json')
const beforeJson = join(root, 'electron/backend/pdf/fixtures/shancheng-diagnosis-before.json')
const incomplete = join(root, 'examples/draft-incomplete-xunxian-shipin.json')
let dir: string
/** The signed diagnosis bundle before the retrofit, and the before-file attacks as bundles. */
let before: string
const attack: Record<string, string> = {}

function load(path: string): AssessmentFileV1 {
  const r = parseAssessmentFile(readFileSync(path, 'utf8'))
  if (!r.ok) throw new Error(r.error)
  return r.value
}

function bundleOf(
  name: string,
  file: AssessmentFileV1,
  diagnosis?: { bundleId: string; manifestSha256: string; reportNumber: string | null },
): string {
  const built = buildBundle({
    assessment: file as unknown as Record<string, unknown>,
    evidence: [],
    ...(diagnosis ? { diagnosis } : {}),
    signer: ephemeralEd25519(),
    now: new Date('2025-09-30T08:00:00Z'),
  })
  const p = join(dir, name)
  writeFileSync(p, built.bytes)
  return p
}

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
  const b = load(beforeJson)
  before = join(dir, 'before.dlbundle')
  const diag = signedDiagnosisBundle(b)
  writeFileSync(before, diag.bytes)
  const acc = load(acceptance)
  attack.acceptanceAsBefore = bundleOf('acc.dlbundle', acc, {
    bundleId: diag.manifest.bundleId,
    manifestSha256: diag.manifestSha256,
    reportNumber: null,
  })
  attack.later = bundleOf('later.dlbundle', { ...b, assessedOn: '2025-09-27' })
  attack.otherEnterprise = bundleOf('other.dlbundle', load(example))
  const changed = Buffer.from(readFileSync(before))
  const at = changed.indexOf('"assessedOn":"2025-02-24"')
  changed[at + 20] = 0x33 // 2025-02-34… inside manifest.json
  attack.changed = join(dir, 'changed.dlbundle')
  writeFileSync(attack.changed, changed)
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

  it('writes the acceptance report against the signed diagnosis bundle, citing it', async () => {
    const out = join(dir, 'a.pdf')
    const r = await run([
      acceptance,
      '--before',
      before,
      '--investment',
      '1280000',
      '--issued-on',
      '2025-10-10',
      '-o',
      out,
    ])
    expect(r.stdout).toMatch(/验收评价 YS-20251010-[0-9A-F]{8}/)
    const t = runTool('pdftotext', [out, '-']).stdout.replace(/\s+/g, '')
    // no actual diagnosis cost: 待核定 and not in 合计
    expect(t).toContain('待核定（未提供实际诊断费用）')
    expect(t).toContain('合计500,000元')
    // not anywhere as an amount; a report number's hex digits may run into a "5,000元" in this
    // whitespace-free text (…-5473C450 + 5,000元), so the amount must not follow a letter or digit
    expect(t).not.toMatch(/(?<![0-9A-Z])505,000元/)
    expect(t).toContain('达标（目标：二级及以上）')
    expect(t).toMatch(/改造前诊断ZD-20250224-[0-9A-F]{8}/)
    expect(t).toContain('签名包摘要')
    expect(runTool('pdfdetach', ['-list', out]).stdout).toContain('diagnosis-manifest.json')
    const withCost = join(dir, 'a2.pdf')
    await run([
      acceptance,
      '--before',
      before,
      '--investment',
      '1280000',
      '--diagnosis-cost',
      '4800',
      '--issued-on',
      '2025-10-10',
      '-o',
      withCost,
    ])
    expect(runTool('pdftotext', [withCost, '-']).stdout.replace(/\s+/g, '')).toContain('504,800元')
  })

  it('refuses each before-file attack, naming --before', async () => {
    const args = (b: string) => [
      acceptance,
      '-o',
      join(dir, 'x.pdf'),
      '--before',
      b,
      '--investment',
      '1',
    ]
    await expect(run(args(beforeJson))).rejects.toThrow(
      /^--before: 须为已签名的诊断签名包（\.dlbundle）；给出的是未签名的 JSON 文件$/,
    )
    await expect(run(args(attack.acceptanceAsBefore!))).rejects.toThrow(
      /^--before: 签名包中是验收评测/,
    )
    await expect(run(args(attack.later!))).rejects.toThrow(
      /^--before: 改造前的诊断评测日期 2025-09-27 不早于验收评测日期 2025-09-26$/,
    )
    await expect(run(args(attack.otherEnterprise!))).rejects.toThrow(
      /^--before: 改造前的诊断属于另一家企业/,
    )
    await expect(run(args(attack.changed!))).rejects.toThrow(/^--before: 签名包验证失败/)
    // the diagnosis itself as the acceptance
    await expect(
      run([
        example,
        '-o',
        join(dir, 'x.pdf'),
        '--kind',
        'acceptance',
        '--before',
        before,
        '--investment',
        '1',
      ]),
    ).rejects.toThrow(/^--kind: 验收评价只能由验收评测出具/)
  })

  it('an incomplete assessment renders as a draft and cannot be signed (exit 2 naming the unanswered items)', async () => {
    const out = join(dir, 'draft.pdf')
    const r = await run([incomplete, '-o', out, '--issued-on', '2025-06-01'])
    expect(r.stdout).toMatch(/草稿 诊断报告 DRAFT-ZD-20250601-[0-9A-F]{8}/)
    const t = runTool('pdftotext', [out, '-']).stdout
    expect(
      t
        .split('\f')
        .filter((p) => p.trim())
        .every((p) => p.includes('草稿')),
    ).toBe(true)
    await expect(
      run([incomplete, '-o', join(dir, 'd2.pdf'), '--self-signed', '张三/机构']),
    ).rejects.toThrow(/^--self-signed: 草稿不能签名：尚有 \d+ 项未作答：Q08、/)
    expect(existsSync(join(dir, 'd2.pdf'))).toBe(false)
  })

  it('dates that cannot lie and the kind that follows the assessment, each naming its flag', async () => {
    await expect(
      run([example, '-o', join(dir, 'x.pdf'), '--issued-on', '2025-03-17']),
    ).rejects.toThrow(/^--issued-on: 出具日期 2025-03-17 早于评测日期 2025-03-18/)
    await expect(
      run([example, '-o', join(dir, 'x.pdf'), '--issued-on', '2999-01-01']),
    ).rejects.toThrow(/^--issued-on: 出具日期 2999-01-01 晚于今天/)
    await expect(
      run([acceptance, '-o', join(dir, 'x.pdf'), '--kind', 'diagnosis']),
    ).rejects.toThrow(/^--kind: 诊断报告只能由诊断评测出具/)
  })

  it.each([
    [[example], /-o: required/],
    [[example, '-o', 'x.txt'], /-o: the output file must end in \.pdf/],
    [[example, '-o', 'x.pdf', '--p12', 'zs.p12'], /--pass-env: required/],
    [[example, '-o', 'x.pdf', '--kind', 'acceptance'], /--before: required/],
    [
      [acceptance, '-o', 'x.pdf', '--before', 'b.dlbundle', '--investment', '12.345'],
      /--investment: must be an amount in yuan/,
    ],
    [[example, '-o', 'x.pdf', '--issued-on', '2025/03/20'], /--issued-on/],
    [
      [acceptance, '-o', 'x.pdf', '--before', 'no-such.dlbundle', '--investment', '1'],
      /^--before: file not found: no-such\.dlbundle$/,
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
