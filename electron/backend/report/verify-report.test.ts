/**
 * verify-report on real PDFs (issue 11 item 7): a signed report is valid (and pdfsig, pdfinfo
 * -meta and pdfdetach agree); one changed byte, an unsigned PDF and swapped embedded data each
 * fail naming what failed. One real-process smoke test of the command.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_IN } from '../../../shared/domain/reference'
import { assessmentAttachment, buildDiagnosisReport } from '../../../shared/domain/report'
import type { AssessmentFileV1 } from '../../../shared/domain/assessment-file'
import { createSelfIssued, type SigningCredential } from '../pdf/certificates'
import { reportDocDefinition } from '../pdf/doc-definition'
import { signPdf } from '../pdf/pdf-signer'
import { runTool } from '../pdf/pdf-tools'
import { renderPdf } from '../pdf/printer'
import { radarFor, renderReportPdf, visibleSignature } from '../pdf/report-pdf'
import { SAMPLE_TODAY, sampleModels, type SampleReports } from '../pdf/sample-report'
import { SIGNATURE_WIDGET_RECT } from '../pdf/doc/signature-block'
import { runCli } from '../cli/test-cli'
import { verifyReportPdf } from './verify-report'

let dir: string
let credential: SigningCredential
let s: SampleReports
let signedAcc: Buffer
let signedDiag: Buffer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verify-report-'))
  credential = await createSelfIssued({
    commonName: '王敏（示例）',
    organization: '示例数字化服务商',
  })
  s = sampleModels()
  signedAcc = await renderReportPdf(s.acceptance, { credential, files: s.files.acceptance })
  signedDiag = await renderReportPdf(s.diagnosis, { credential, files: s.files.diagnosis })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const save = (name: string, pdf: Uint8Array): string => {
  const p = join(dir, name)
  writeFileSync(p, pdf)
  return p
}

/** An attacker's PDF: the pages and report.json of `model`, other embedded files, re-signed. */
async function forged(
  model: SampleReports['diagnosis'],
  files: { name: string; bytes: Uint8Array; mime: string; description: string }[],
  replace: Record<string, Uint8Array>,
): Promise<Buffer> {
  const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000)
  const dd = reportDocDefinition(model, {
    radarSvg: radarFor(model),
    files,
    signature: visibleSignature(credential, signingTime),
  })
  for (const [name, bytes] of Object.entries(replace)) {
    const f = (dd.files as Record<string, { src: string }>)[name]!
    f.src = `data:application/json;base64,${Buffer.from(bytes).toString('base64')}`
  }
  const pdf = await renderPdf(dd)
  return signPdf(pdf, credential, { signingTime, widgetRect: SIGNATURE_WIDGET_RECT })
}

describe('verify-report', () => {
  it('a signed acceptance and diagnosis are valid; pdfsig, pdfinfo -meta and pdfdetach agree', async () => {
    for (const [pdf, model] of [
      [signedAcc, s.acceptance],
      [signedDiag, s.diagnosis],
    ] as const) {
      const v = await verifyReportPdf(pdf, BUILT_IN)
      expect(v.problems).toEqual([])
      expect(v).toMatchObject({
        valid: true,
        number: model.header.reportNumber,
        reportSha256: model.header.reportHash,
        signed: true,
      })
    }
    const p = save('acc.pdf', signedAcc)
    expect(runTool('pdfsig', [p]).stdout).toContain('Signature is Valid.')
    const meta = runTool('pdfinfo', ['-meta', p]).stdout
    expect(meta).toMatch(/<pdfaid:part>3<\/pdfaid:part>/)
    expect(meta).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/)
    expect(meta).toContain('中小企业数字化改造验收评价报告')
    const list = runTool('pdfdetach', ['-list', p]).stdout
    for (const n of [
      'report.json',
      'assessment.json',
      'diagnosis-manifest.json',
      'diagnosis-signature.json',
    ])
      expect(list).toContain(n)
    // the report hash is the SHA-256 of report.json as pdfdetach saves it
    const out = join(dir, 'report.json')
    const idx = /(\d+): report\.json/.exec(list)![1]!
    expect(runTool('pdfdetach', ['-save', idx, p, '-o', out]).code).toBe(0)
    const sum = runTool('openssl', ['dgst', '-sha256', '-r', out]).stdout.split(' ')[0]
    expect(sum).toBe(s.acceptance.header.reportHash)
  })

  it('fails after one changed byte, naming the signature', async () => {
    const bad = Buffer.from(signedAcc)
    const at = bad.indexOf('/Type /Pages')
    bad[at + 2] = bad[at + 2]! ^ 0x20 // "/type": inside the signed range
    const v = await verifyReportPdf(bad, BUILT_IN)
    expect(v.valid).toBe(false)
    expect(v.problems[0]).toMatch(/^signature: the CMS signature does not verify/)
  })

  it('fails on an unsigned PDF: unsigned', async () => {
    const pdf = await renderReportPdf(s.diagnosis, { files: s.files.diagnosis })
    const v = await verifyReportPdf(pdf, BUILT_IN)
    expect(v.valid).toBe(false)
    expect(v.problems).toEqual(['unsigned: the PDF carries no signature'])
  })

  it('fails when the embedded data were swapped, even when re-signed', async () => {
    // another assessment.json under the same report.json
    const other = JSON.parse(
      Buffer.from(s.files.diagnosis[0]!.bytes).toString('utf8'),
    ) as AssessmentFileV1
    const lowered = { ...other, scenes: { ...other.scenes, SC01: 0 as const } }
    const swapped = assessmentAttachment(lowered).bytes
    const v1 = await verifyReportPdf(
      await forged(s.diagnosis, s.files.diagnosis, { 'assessment.json': swapped }),
      BUILT_IN,
    )
    expect(v1.valid).toBe(false)
    expect(v1.problems[0]).toMatch(/^assessment\.json: embedded file differs from report\.json/)

    // report.json and assessment.json swapped together for a consistent other report: the
    // pages still print the original, so the print check names it
    const { pinned, profile } = {
      pinned: BUILT_IN.catalogue('MIIT-2024')!,
      profile: BUILT_IN.ruleProfile('MIIT-2024-default')!,
    }
    const files = [assessmentAttachment(lowered)]
    const fake = buildDiagnosisReport({
      file: lowered,
      pinned,
      profile,
      issuedOn: s.diagnosis.header.issuedOn,
      today: SAMPLE_TODAY,
      files,
    })
    const { canonicalJson } = await import('../../../shared/domain/canonical-json')
    const v2 = await verifyReportPdf(
      await forged(s.diagnosis, s.files.diagnosis, {
        'assessment.json': files[0]!.bytes,
        'report.json': new TextEncoder().encode(canonicalJson(fake.header.data)),
      }),
      BUILT_IN,
    )
    expect(v2.valid).toBe(false)
    expect(v2.problems.some((p) => /^print: the pages do not show the report number/.test(p))).toBe(
      true,
    )
    expect(v2.problems.some((p) => /^print: the pages do not show the report hash/.test(p))).toBe(
      true,
    )
  })

  it('the command: exit 0 and one summary on a signed report, exit 2 and one line after a changed byte', async () => {
    // the whole command line in this process (cli/test-cli.ts); cli/smoke.test.ts runs the
    // real process on a signed report
    const ok = await runCli(['verify-report', save('ok.pdf', signedDiag)])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(
      /^valid: diagnosis report ZD-20250320-[0-9A-F]{8}, total 56\.15, level 2$/m,
    )
    const bad = Buffer.from(signedDiag)
    bad[bad.length - 10] = bad[bad.length - 10]! ^ 0x01 // in the trailer, inside the signed range
    const r = await runCli(['verify-report', save('bad.pdf', bad)])
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^invalid: signature: /)
  })
})
