/**
 * The 诊断报告 built around the 诊断建议 (issue 13 item 6), through reports.render on a real
 * backend and read back with pdftotext; the 改造路径 pages of the two example enterprises (their
 * own findings, their own plans) rendered with pdftoppm to
 * test-results/advice-path-<enterprise>-<n>.png for a reviewer to compare.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Output } from '../../../shared/contract/api'
import type { DiagnosisReportModel } from '../../../shared/domain/report/types'
import { runTool } from '../pdf/pdf-tools'
import { makeUscc, tempBackend } from '../test-helpers'
import { QIBIN_DIANQI_FINDINGS, QIXIAN_SHIPIN_FINDINGS } from './fixtures/example-findings'
import { enterExample, ok, writeFindings, type Findings } from './test-support'

type View = Output<'advice.get'>
type Render = Output<'reports.render'>

const SHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results')

let b: Awaited<ReturnType<typeof tempBackend>>
let out: string
beforeAll(async () => {
  b = await tempBackend()
  out = mkdtempSync(join(tmpdir(), 'dl-advice-report-'))
}, 60_000)
afterAll(async () => {
  await b?.cleanup()
  if (out) rmSync(out, { recursive: true, force: true })
})

/** Example entered, findings written, plan accepted, the first measures estimated. */
async function prepared(name: string, findings: Findings | null, target: 2 | 3, uscc?: string) {
  const { assessmentId } = await enterExample(b, name, uscc ? { uscc } : {})
  if (findings) await writeFindings(b, assessmentId, findings)
  const v = await ok<View>(b, 'advice.acceptPlan', { assessmentId, target })
  for (const [i, s] of v.plan!.steps.slice(0, 3).entries())
    await ok(b, 'advice.updateMeasure', {
      assessmentId,
      measureId: s.measures[0]!.id,
      investmentFen: (i + 1) * 4_500_000,
    })
  await ok(b, 'advice.setProducts', {
    assessmentId,
    item: v.plan!.steps[0]!.item,
    products: [
      {
        source: 'own',
        code: null,
        name: name.includes('shipin')
          ? '食品行业轻量化管理套件（示例）'
          : '线束行业MES云服务（示例）',
        provider: '示例服务商',
        priceYuan: { min: 20000, max: 60000 },
      },
    ],
  })
  return assessmentId
}

function pageTexts(pdf: string): string[] {
  const r = runTool('pdftotext', ['-layout', pdf, '-'])
  expect(r.code).toBe(0)
  return r.stdout.split('\f')
}

async function render(assessmentId: string, file: string) {
  const r = await ok<Render>(b, 'reports.render', { assessmentId, issuedOn: '2025-05-20' })
  const path = join(out, file)
  writeFileSync(path, Buffer.from(r.pdfBase64!, 'base64'))
  return { r, path, model: r.model as DiagnosisReportModel }
}

/** The pages from 四、改造路径 up to (not including) the page of 五、预期成效, as PNGs. */
function pathPages(pdf: string, prefix: string): string[] {
  const pages = pageTexts(pdf)
  const first = pages.findIndex((t) => /四、改造路径/.test(t))
  const next = pages.findIndex((t, i) => i > first && /五、预期成效/.test(t))
  expect(first).toBeGreaterThanOrEqual(0)
  const last = Math.max(first, next < 0 ? first : next)
  mkdirSync(SHOTS, { recursive: true })
  const r = runTool('pdftoppm', [
    '-png',
    '-r',
    '80',
    '-f',
    String(first + 1),
    '-l',
    String(last + 1),
    pdf,
    join(SHOTS, prefix),
  ])
  expect(r.code).toBe(0)
  return pages.slice(first, last + 1)
}

describe('诊断报告 with the 诊断建议', () => {
  it('two example enterprises: their own findings and plans in 问题诊断 and 改造路径; page PNGs', async () => {
    const qixian = await prepared('diagnosis-level1-qixian-shipin.json', QIXIAN_SHIPIN_FINDINGS, 2)
    const qibin = await prepared('diagnosis-level2-qibin-dianqi.json', QIBIN_DIANQI_FINDINGS, 3)
    for (const id of [qixian, qibin]) await ok(b, 'assessments.complete', { id })
    const a = await render(qixian, 'qixian.pdf')
    const c = await render(qibin, 'qibin.pdf')

    for (const [x, findings, target] of [
      [a, QIXIAN_SHIPIN_FINDINGS, '二级'],
      [c, QIBIN_DIANQI_FINDINGS, '三级'],
    ] as const) {
      const adv = x.model.advice!
      expect(adv.targetName).toBe(target)
      expect(adv.draftReasons).toEqual([])
      // formal (issue 11), and report.json (the report hash) carries the advice it prints
      expect(x.r.formal).toBe(true)
      expect(x.model.header.draftReasons).toEqual([])
      const data = x.model.header.data.advice!
      expect(data.format).toBe('sme-dl-advice/v1')
      expect(data.findings.map((f) => f.sceneId)).toEqual(
        expect.arrayContaining(Object.keys(findings)),
      )
      expect(data.plan?.steps.map((s) => s.item)).toEqual(adv.path!.map((r) => r.item))
      expect(data.investmentFen).toBeGreaterThan(0)
      expect(adv.findings.map((f) => f.sceneId)).toEqual(Object.keys(findings))
      expect(adv.outcome?.meets).toBe(true)
      const text = pageTexts(x.path).join('\n').replace(/\s+/g, '')
      for (const h of [
        '一、企业基本情况',
        '二、评测结果',
        '三、问题诊断',
        '四、改造路径',
        '五、预期成效',
        '六、投资与补助测算',
        '七、实施计划',
        '八、佐证材料清单',
        '约束性场景达到',
        '指导性场景达到',
      ])
        expect(text, h).toContain(h)
      // the assessor's own words, not only catalogue text
      const [statusQuo, painPoints] = Object.values(findings)[0]!
      expect(text).toContain(statusQuo.replace(/\s+/g, '').slice(0, 20))
      expect(text).toContain(painPoints.replace(/\s+/g, '').slice(0, 20))
      expect(text).toContain('45,000元（估算）')
      expect(text).not.toContain('本报告为草稿')
      expect(text).not.toContain('草稿')
    }
    // the per-item note of the example (现场核查情况) is printed with its scene
    expect(c.model.advice!.findings.some((f) => f.siteNote)).toBe(true)

    // different enterprises, different plans
    const itemsA = a.model.advice!.path!.map((r) => r.item)
    const itemsC = c.model.advice!.path!.map((r) => r.item)
    expect(itemsA).not.toEqual(itemsC)
    expect(a.model.advice!.outcome!.after.level).toBe('二级')
    expect(c.model.advice!.outcome!.after.level).toBe('三级')

    const pa = pathPages(a.path, 'advice-path-qixian-shipin')
    const pc = pathPages(c.path, 'advice-path-qibin-dianqi')
    expect(pa.join('')).toContain(itemsA[0]!)
    expect(pc.join('')).toContain(itemsC[0]!)
  }, 240_000)

  it('without the assessor’s findings the report says it is a draft and why', async () => {
    const id = await prepared('diagnosis-level1-qixian-shipin.json', null, 2, makeUscc(902))
    const d = await render(id, 'draft.pdf')
    expect(d.model.advice!.draftReasons[0]).toMatch(
      /^尚有 13 个低于二级的场景未填写诊断发现（现状、痛点问题、需求）：SC01、SC02/,
    )
    expect(pageTexts(d.path).join('').replace(/\s+/g, '')).toContain('本报告为草稿')
    // a draft through the report's formality (issue 11): DRAFT- number, the reason on the cover
    expect(d.r.formal).toBe(false)
    expect(d.r.reportNumber).toMatch(/^DRAFT-ZD-/)
    expect(d.model.header.draftReasons).toContain(d.model.advice!.draftReasons[0])
    // all but one scene: still a draft, naming that scene
    const { SC16: _last, ...most } = QIXIAN_SHIPIN_FINDINGS
    await writeFindings(b, id, most)
    const e = await render(id, 'draft2.pdf')
    expect(e.model.advice!.draftReasons).toEqual([
      '尚有 1 个低于二级的场景未填写诊断发现（现状、痛点问题、需求）：SC16',
    ])
    // a plan cleared: a draft as well
    await writeFindings(b, id, { SC16: QIXIAN_SHIPIN_FINDINGS.SC16! })
    await ok(b, 'advice.clearPlan', { assessmentId: id })
    const f = await render(id, 'draft3.pdf')
    expect(f.model.advice!.draftReasons).toEqual(['尚未采纳改造方案（一企一策）'])
    expect(f.model.advice!.path).toBeNull()
  }, 120_000)
})
