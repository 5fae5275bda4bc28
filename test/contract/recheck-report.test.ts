/**
 * Issue 6 item 4, the 数字化水平复核报告 end to end through dispatch on real SQLite files: an
 * assessor signs a bundle on their device (SC06 未达一级 → 一级, 43.55 points); a reviewer imports
 * it for recheck (recheck.import), the untouched recheck prints 复核一致; after re-scoring SC06
 * (二级) and Q04 (B、G、H) on site the report names both changes, the score delta and the level
 * change, is PAdES-signed with a .p12 and passes qpdf --check, pdfsig and pdftotext.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type Output, type Wire } from '../../shared/contract/api'
import type { RecheckReportModel } from '../../shared/domain/report/types'
import { dispatch } from '../../electron/backend/dispatch'
import { enterpriseInput, tempBackend } from '../../electron/backend/test-helpers'
import { runTool } from '../../electron/backend/pdf/pdf-tools'
import { BASE_ANSWERS, BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import { verifyReportHash } from '../../shared/domain/report'

type B = Awaited<ReturnType<typeof tempBackend>>

async function ok<M extends keyof typeof api>(b: B, method: M, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (!w.ok) throw new Error(`${method} failed: ${w.error.code} ${w.error.message}`)
  const parsed = api[method].output.safeParse(w.value)
  if (!parsed.success) throw new Error(`${method} output: ${parsed.error.message}`)
  return w.value as Output<M>
}
async function err(b: B, method: string, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (w.ok) throw new Error(`${method} should have failed`)
  return w.error
}

const NAME = '鹤壁复核报告测试有限公司'
const ENTERPRISE = enterpriseInput(62, { name: NAME, batch: 1 })

function pdfText(dir: string, name: string, base64: string): string {
  const p = join(dir, name)
  writeFileSync(p, Buffer.from(base64, 'base64'))
  const r = runTool('pdftotext', ['-layout', p, '-'])
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}

describe('recheck.report (复核报告, issue 6 item 4)', () => {
  let assessor: B
  let reviewer: B
  let dir: string
  let p12 = ''
  let recheckId = ''
  let signerKeyId = ''
  let bundleId = ''

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recheck-report-'))
    const k = join(dir, 'k.pem')
    const c = join(dir, 'c.pem')
    p12 = join(dir, 'fh.p12')
    // prettier-ignore
    expect(runTool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', k, '-out', c, '-days', '30', '-subj', '/CN=复核员/O=鹤壁市复核机构/C=CN', '-utf8']).code).toBe(0)
    // prettier-ignore
    expect(runTool('openssl', ['pkcs12', '-export', '-inkey', k, '-in', c, '-out', p12, '-passout', 'pass:pw']).code).toBe(0)

    assessor = await tempBackend()
    const key = await ok(assessor, 'keys.create', { passphrase: 'assessor passphrase' })
    signerKeyId = key.key!.keyId
    const ent = await ok(assessor, 'enterprises.create', ENTERPRISE)
    const a = await ok(assessor, 'assessments.create', {
      enterpriseId: ent.id,
      kind: 'diagnosis',
      assessorName: '张三',
      assessorAgency: '示例评测机构',
      assessedOn: '2026-11-20',
    })
    const id = a.assessment.id
    for (const [q, sel] of Object.entries(BASE_ANSWERS))
      await ok(assessor, 'assessments.setAnswer', {
        assessmentId: id,
        questionId: q,
        selected: sel,
      })
    for (const [sc, level] of Object.entries({ ...BASE_SCENES, SC06: 0 }))
      await ok(assessor, 'assessments.setScene', { assessmentId: id, sceneId: sc, level })
    await ok(assessor, 'assessments.complete', { id })
    const bundle = await ok(assessor, 'bundles.create', { assessmentId: id })
    bundleId = bundle.bundleId
    const file = await ok(assessor, 'bundles.export', { bundleId })

    reviewer = await tempBackend()
    await ok(reviewer, 'enterprises.create', ENTERPRISE)
    const r = await ok(reviewer, 'recheck.import', file)
    recheckId = r.recheckAssessmentId
  }, 60_000)
  afterAll(async () => {
    await assessor.cleanup()
    await reviewer.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('an untouched recheck prints 复核一致 with the signed original', async () => {
    const out = await ok(reviewer, 'recheck.report', { recheckAssessmentId: recheckId })
    const m = out.model as RecheckReportModel
    expect(m.kind).toBe('recheck')
    expect(verifyReportHash(m)).toBe(true)
    // the recheck is still a draft here: a draft report (never signed)
    expect(out.formal).toBe(false)
    expect(m.header.reportNumber).toMatch(/^DRAFT-FH-\d{8}-[0-9A-F]{8}$/)
    expect(m.consistent).toBe(true)
    expect(m.conclusion).toBe('复核一致：复核结果与原评测完全一致，等级为一级，总分 43.55。')
    expect(m.signed).toMatchObject({
      bundleId,
      signerKeyId,
      signerKeyShort: signerKeyId.slice(0, 16),
    })
    expect(m.original.assessor).toBe('张三（示例评测机构）')
    expect(m.original.assessedOn).toBe('2026-11-20')
    expect(out.signed).toBe(false)
    const text = pdfText(dir, 'same.pdf', out.pdfBase64!).replace(/\s+/g, '')
    expect(text).toContain('数字化水平复核报告')
    expect(text).toContain('复核一致')
    expect(text).not.toContain('改造前')
  }, 60_000)

  it('after re-scoring SC06 and Q04 the signed report names the changes and the level line', async () => {
    await ok(reviewer, 'assessments.setScene', {
      assessmentId: recheckId,
      sceneId: 'SC06',
      level: 2,
    })
    await ok(reviewer, 'assessments.setAnswer', {
      assessmentId: recheckId,
      questionId: 'Q04',
      selected: ['B', 'G', 'H'],
    })
    await ok(reviewer, 'assessments.complete', { id: recheckId })
    const out = await ok(reviewer, 'recheck.report', {
      recheckAssessmentId: recheckId,
      sign: { p12Base64: readFileSync(p12).toString('base64'), password: 'pw' },
    })
    expect(out.formal).toBe(true)
    const m = out.model as RecheckReportModel
    expect(m.consistent).toBe(false)
    expect(m.conclusion).toBe(
      '复核结果与原评测不一致：等级由一级变为二级；总分 43.55 → 42.85（-0.7 分），1 项指标、1 个场景有调整。',
    )
    expect(m.comparison[0]).toMatchObject({ before: '43.55', after: '42.85', delta: '-0.7' })
    expect(m.comparison.at(-1)).toMatchObject({ before: '一级', after: '二级', delta: '提高 1 级' })
    expect(m.questionChanges).toHaveLength(1)
    expect(m.questionChanges[0]).toMatchObject({ id: 'Q04', scoreDelta: '-0.7' })
    expect(m.questionChanges[0]!.before).toHaveLength(4)
    expect(m.questionChanges[0]!.before[3]).toMatch(/^I\. .+/)
    expect(m.questionChanges[0]!.after.map((t) => t.slice(0, 2))).toEqual(['B.', 'G.', 'H.'])
    expect(m.sceneChanges).toEqual([
      expect.objectContaining({
        sceneId: 'SC06',
        beforeName: '未达一级',
        afterName: '二级',
        delta: 2,
      }),
    ])
    expect(out.signed).toBe(true)
    expect(out.fileName).toMatch(/^复核报告-鹤壁复核报告测试有限公司-FH-\d{8}-/)

    const pdf = Buffer.from(out.pdfBase64!, 'base64')
    const p = join(dir, 'changed.pdf')
    writeFileSync(p, pdf)
    const raw = pdfText(dir, 'changed.pdf', out.pdfBase64!)
    const text = raw.replace(/\s+/g, '')
    expect(text).toContain('数字化水平复核报告')
    expect(text).toContain(NAME)
    expect(text).toContain('复核结果与原评测不一致：等级由一级变为二级')
    expect(text).toMatch(/SC06.*未达一级二级\+2级/)
    expect(text).toContain('Q04')
    expect(text).toContain('原评测')
    expect(text).not.toContain('改造前')
    expect(text).not.toContain('验收')
    const q = runTool('qpdf', ['--check', p])
    expect(q.code, q.stdout + q.stderr).toBe(0)
    expect(runTool('pdfsig', [p]).stdout).toContain('Signature is Valid.')

    const outDir = join(import.meta.dirname, '..', '..', 'test-results')
    mkdirSync(outDir, { recursive: true })
    for (const f of readdirSync(outDir).filter((f) => /^report-recheck-.*\.png$/.test(f)))
      unlinkSync(join(outDir, f))
    const r = runTool('pdftoppm', ['-png', '-r', '60', p, join(outDir, 'report-recheck')])
    expect(r.code, r.stderr).toBe(0)
    expect(readdirSync(outDir).filter((f) => /^report-recheck-.*\.png$/.test(f)).length).toBe(
      out.pages,
    )
  }, 60_000)

  it('refuses an assessment that is not a recheck and a wrong .p12 password', async () => {
    const list = await ok(reviewer, 'assessments.list', {})
    expect(list.items.length).toBeGreaterThan(0)
    expect(
      await err(reviewer, 'recheck.report', { recheckAssessmentId: 'no-such-assessment' }),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'recheckAssessmentId' })
    expect(
      await err(reviewer, 'recheck.report', {
        recheckAssessmentId: recheckId,
        sign: { p12Base64: readFileSync(p12).toString('base64'), password: 'wrong' },
      }),
    ).toMatchObject({ code: 'VALIDATION', field: 'sign.password' })
  }, 60_000)
})
