import { describe, expect, it } from 'vitest'
import level2 from '../../../examples/diagnosis-level2-qibin-dianqi.json'
import level3 from '../../../examples/acceptance-level3-shancheng-xincailiao.json'
import incomplete from '../../../examples/draft-incomplete-xunxian-shipin.json'
import { parseAssessmentFile, resolveFile, type AssessmentFileV1 } from '../assessment-file'
import { MIIT_2024 } from '../catalogue'
import { MIIT_2024_DEFAULT } from '../levels/rule-profiles'
import { scoreAssessment } from '../scoring/score-assessment'
import type { SceneLevel } from '../scoring/types'
import { consolidate } from '../panel'
import { PANEL, scoring } from '../panel/test-fixtures'
import { HEBI_2024 } from '../subsidy'
import {
  buildAcceptanceReport,
  buildDiagnosisReport,
  orderRecommendations,
  reportHashOf,
  verifyReportHash,
} from '.'

function load(json: unknown): AssessmentFileV1 {
  const r = parseAssessmentFile(JSON.stringify(json))
  if (!r.ok) throw new Error(r.error)
  return r.value
}

const TODAY = '2025-12-31'
const file = load(level2)
const { pinned, profile } = resolveFile(file)
const diag = buildDiagnosisReport({
  file,
  pinned,
  profile,
  issuedOn: '2025-03-20',
  today: TODAY,
  evidence: [
    { itemId: 'SC07', name: '质检记录.xlsx', sha256: 'b'.repeat(64), size: 2048 },
    { itemId: 'Q01', name: '网络拓扑图.pdf', sha256: 'a'.repeat(64), size: 123456 },
  ],
})

describe('buildDiagnosisReport', () => {
  it('shows the level and the gap exactly as scoring explains them', () => {
    const r = scoreAssessment(pinned, profile, file.answers, file.scenes)
    expect(diag.level.name).toBe('二级')
    expect(diag.level.total).toBe('56.15')
    expect(diag.level.gapText).toBe(r.next!.text)
    expect(diag.level.gapText).toBe(
      '距三级：总分还差 3.85 分；还需 5 个场景达到三级，其中 3 个约束性场景',
    )
    expect(diag.level.conditions.map((c) => [c.label, c.have, c.need, c.met])).toEqual([
      ['总分', '56.15', '≥ 60', false],
      ['达到三级的场景数', '3', '≥ 8', false],
      ['其中约束性场景数', '2', '≥ 5', false],
    ])
    expect(diag.targetLevelName).toBe('三级')
  })

  it('lists Q01–Q15 with the chosen options verbatim and their points', () => {
    expect(diag.questions.map((q) => q.id)).toEqual(pinned.catalogue.questions.map((q) => q.id))
    const q01 = diag.questions[0]!
    const cq = pinned.catalogue.questions[0]!
    expect(q01.text).toBe(cq.text)
    expect(q01.chosen).toEqual(
      ['B', 'C'].map((k) => ({ key: k, text: cq.options.find((o) => o.key === k)!.text })),
    )
    const sum = diag.questions.reduce((a, q) => a + Math.round(q.score * 1000), 0)
    expect(sum).toBe(56150)
    expect(diag.questions.find((q) => q.id === 'Q04')!.points).toBe('4.9')
  })

  it('lists SC01–SC16 with the verbatim description of the judged level', () => {
    expect(diag.scenes).toHaveLength(16)
    for (const row of diag.scenes) {
      const s = pinned.catalogue.scenes.find((x) => x.id === row.id)!
      const lv = file.scenes[row.id]!
      expect(row.level).toBe(lv)
      expect(row.description).toBe(lv === 0 ? '未达到一级要求。' : s.levels[lv - 1])
      expect(row.constrained).toBe(MIIT_2024_DEFAULT.constrainedScenes.includes(row.id))
    }
  })

  it('has four radar dimensions with percentages', () => {
    expect(diag.dimensions.map((d) => [d.id, d.percent])).toEqual([
      ['D1', 55.3],
      ['D2', 45.3],
      ['D3', 50],
      ['D4', 67.5],
    ])
  })

  it('recommends the next level verbatim for every scene below target, 约束性 first, nearest to the milestone first', () => {
    const below = diag.scenes.filter((s) => s.level < 3)
    expect(diag.problems.map((p) => p.sceneId).sort()).toEqual(below.map((s) => s.id).sort())
    for (const r of diag.recommendations) {
      const s = pinned.catalogue.scenes.find((x) => x.id === r.sceneId)!
      expect(r.next).toBe(r.current + 1)
      expect(r.direction).toBe(s.levels[r.next - 1])
    }
    // level 二级 enterprise → first milestone 三级: 约束性 at 二级, 约束性 at 一级, then the others
    expect(diag.recommendations.map((r) => `${r.sceneId}:${r.current}`)).toEqual([
      'SC01:2',
      'SC03:2',
      'SC06:2',
      'SC08:2',
      'SC11:2',
      'SC09:1',
      'SC10:1',
      'SC12:1',
      'SC05:2',
      'SC14:2',
      'SC02:1',
      'SC04:1',
      'SC16:1',
    ])
    expect(diag.recommendations.map((r) => r.priority)).toEqual(
      diag.recommendations.map((_, i) => i + 1),
    )
  })

  it('orders by the shortest path to 二级 first for an enterprise below 二级', () => {
    const items = [
      { id: 'a', constrained: false, current: 0 as SceneLevel, order: 0 },
      { id: 'b', constrained: false, current: 1 as SceneLevel, order: 1 },
      { id: 'c', constrained: true, current: 0 as SceneLevel, order: 2 },
      { id: 'd', constrained: false, current: 2 as SceneLevel, order: 3 },
      { id: 'e', constrained: true, current: 1 as SceneLevel, order: 4 },
    ]
    expect(orderRecommendations(items, 1).map((i) => i.id)).toEqual(['e', 'c', 'b', 'a', 'd'])
    expect(orderRecommendations(items, 2).map((i) => i.id)).toEqual(['e', 'c', 'd', 'b', 'a'])
  })

  it('carries the evidence with SHA-256, sorted by item, and rejects a malformed hash', () => {
    expect(diag.evidence.map((e) => [e.itemId, e.sizeText])).toEqual([
      ['Q01', '120.6 KB'],
      ['SC07', '2.0 KB'],
    ])
    expect(() =>
      buildDiagnosisReport({
        file,
        pinned,
        profile,
        issuedOn: '2025-03-20',
        today: TODAY,
        evidence: [{ itemId: 'Q01', name: 'x', sha256: 'XYZ', size: 1 }],
      }),
    ).toThrow(/sha256/)
  })

  it('has a deterministic number and a hash that detects any change', () => {
    const again = buildDiagnosisReport({
      file,
      pinned,
      profile,
      issuedOn: '2025-03-20',
      today: TODAY,
      evidence: [
        { itemId: 'Q01', name: '网络拓扑图.pdf', sha256: 'a'.repeat(64), size: 123456 },
        { itemId: 'SC07', name: '质检记录.xlsx', sha256: 'b'.repeat(64), size: 2048 },
      ],
    })
    expect(again).toEqual(diag)
    expect(diag.header.reportNumber).toMatch(/^ZD-20250320-[0-9A-F]{8}$/)
    expect(diag.header.qrText).toBe(
      `DLREPORT/2;NO=${diag.header.reportNumber};SHA256=${diag.header.reportHash}`,
    )
    expect(verifyReportHash(diag)).toBe(true)
    const changed = { ...diag, header: { ...diag.header, data: { ...diag.header.data, level: 3 } } }
    expect(verifyReportHash(changed as typeof diag)).toBe(false)
    // the hash is the SHA-256 of report.json, whose bytes are the canonical report data
    expect(diag.header.reportHash).toBe(reportHashOf(diag.header.data))
    expect(diag.header.data).toMatchObject({
      format: 'sme-dl-report/v1',
      number: diag.header.reportNumber,
      kind: 'diagnosis',
      formal: true,
      total: '56.15',
      level: 2,
      verdict: null,
      attachments: [{ name: 'assessment.json', size: expect.any(Number) }],
    })
    const withCentral = buildDiagnosisReport({
      file,
      pinned,
      profile,
      issuedOn: '2025-03-20',
      today: TODAY,
      verifyBaseUrl: 'https://dl.example.cn/',
    })
    expect(withCentral.header.qrText).toBe(
      `https://dl.example.cn/v1/reports/${withCentral.header.reportNumber}?sha256=${withCentral.header.reportHash}`,
    )
    const numbered = buildDiagnosisReport({
      file,
      pinned,
      profile,
      issuedOn: '2025-03-20',
      today: TODAY,
      reportNumber: 'HB-2025-001',
    })
    expect(numbered.header.reportNumber).toBe('HB-2025-001')
    expect(verifyReportHash(numbered)).toBe(true)
  })

  it('an incomplete assessment gives a draft: DRAFT- number never equal to the formal one, reasons listed', () => {
    const d = load(incomplete)
    const draft = buildDiagnosisReport({
      file: d,
      pinned,
      profile,
      issuedOn: '2025-06-01',
      today: TODAY,
    })
    expect(draft.header.formal).toBe(false)
    expect(draft.header.reportNumber).toMatch(/^DRAFT-ZD-20250601-[0-9A-F]{8}$/)
    expect(draft.header.draftReasons[0]).toMatch(/^尚有 \d+ 项未作答：Q08、/)
    expect(draft.header.draftReasons).toContain('未填写评测日期')
    // the same complete assessment: formal, the app saying it is still a draft makes it a draft
    const stillDraft = buildDiagnosisReport({
      file,
      pinned,
      profile,
      issuedOn: '2025-03-20',
      today: TODAY,
      completed: false,
    })
    expect(stillDraft.header.formal).toBe(false)
    expect(stillDraft.header.reportNumber).toBe(`DRAFT-${stillDraft.header.reportNumber.slice(6)}`)
    expect(stillDraft.header.reportNumber).not.toBe(diag.header.reportNumber)
    expect(stillDraft.header.reportHash).not.toBe(diag.header.reportHash)
    expect(stillDraft.header.draftReasons).toEqual(['评测尚未完成（仍为草稿状态）'])
    expect(() =>
      buildDiagnosisReport({
        file,
        pinned,
        profile,
        issuedOn: '2025-03-20',
        today: TODAY,
        reportNumber: 'DRAFT-1',
      }),
    ).toThrow(/^reportNumber:/)
  })

  it('a diagnosis report only from a diagnosis assessment, dated between assessment and today', () => {
    expect(() =>
      buildDiagnosisReport({
        file: load(level3),
        pinned,
        profile,
        issuedOn: '2025-10-10',
        today: TODAY,
      }),
    ).toThrow(/^kind: 诊断报告只能由诊断评测出具，该评测是验收评测/)
    expect(() =>
      buildDiagnosisReport({ file, pinned, profile, issuedOn: '2025-03-17', today: TODAY }),
    ).toThrow(/^issuedOn: 出具日期 2025-03-17 早于评测日期 2025-03-18/)
    expect(() =>
      buildDiagnosisReport({ file, pinned, profile, issuedOn: '2025-03-20', today: '2025-03-19' }),
    ).toThrow(/^issuedOn: 出具日期 2025-03-20 晚于今天 2025-03-19/)
  })

  it('rejects a bad date and unknown scene targets', () => {
    expect(() =>
      buildDiagnosisReport({ file, pinned, profile, issuedOn: '20.3.2025', today: TODAY }),
    ).toThrow(/issuedOn/)
    expect(() =>
      buildDiagnosisReport({
        file,
        pinned,
        profile,
        issuedOn: '2025-03-20',
        today: TODAY,
        sceneTargets: { SC99: 2 },
      }),
    ).toThrow(/SC99/)
  })

  it('no recommendations once every scene meets its target', () => {
    const m = buildDiagnosisReport({
      file,
      pinned,
      profile,
      issuedOn: '2025-03-20',
      today: TODAY,
      targetLevel: 1,
    })
    expect(m.problems).toEqual([])
    expect(m.recommendations).toEqual([])
  })
})

const CITED = {
  bundleId: '0f6a2c1e-1111-4222-8333-944445555666',
  manifestSha256: 'd'.repeat(64),
  reportNumber: 'ZD-20250226-0A1B2C3D',
  signerKeyId: 'e'.repeat(64),
  createdAt: '2025-02-26T02:03:04.000Z',
}

describe('buildAcceptanceReport', () => {
  const after = load(level3)
  // The diagnosis before the retrofit: the same enterprise, earlier and lower.
  const before: AssessmentFileV1 = {
    ...after,
    kind: 'diagnosis',
    assessedOn: '2025-02-24',
    answers: { ...after.answers, Q02: 'C', Q03: 'B', Q05: 'B', Q08: 'C', Q11: 'B' },
    scenes: { ...after.scenes, SC06: 2, SC10: 0, SC12: 1, SC13: 2 },
  }
  const input = {
    before,
    after,
    pinned: MIIT_2024,
    profile: MIIT_2024_DEFAULT,
    policy: HEBI_2024,
    issuedOn: '2025-10-10',
    today: TODAY,
    diagnosis: CITED,
  }
  const m = buildAcceptanceReport({
    ...input,
    investmentFen: 128_000_000,
    diagnosisCostFen: 500_000,
  })
  const rb = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, before.answers, before.scenes)
  const ra = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, after.answers, after.scenes)

  it('compares before and after with exact deltas', () => {
    expect(ra.levelName).toBe('三级')
    const total = m.comparison[0]!
    expect(total.before).toBe(String(rb.total))
    expect(total.after).toBe('77.9')
    expect(total.delta).toBe(`+${Math.round((ra.total - rb.total) * 1000) / 1000}`)
    expect(m.comparison.at(-1)).toMatchObject({
      label: '数字化水平等级',
      after: '三级',
      improved: true,
    })
    expect(m.sceneMoves.map((s) => [s.sceneId, s.beforeName, s.afterName, s.delta])).toEqual([
      ['SC06', '二级', '四级', 2],
      ['SC10', '未达一级', '三级', 3],
      ['SC12', '一级', '三级', 2],
      ['SC13', '二级', '三级', 1],
    ])
  })

  it('gives the verdict against 二级及以上', () => {
    expect(m.verdict).toMatchObject({ target: '二级及以上', passed: true })
    const failing = buildAcceptanceReport({
      ...input,
      after: { ...before, kind: 'acceptance', assessedOn: '2025-09-26' },
      investmentFen: 0,
    })
    expect(failing.verdict.passed).toBe(rb.level >= 2)
  })

  it('estimates the Hebi-2024 subsidy in fen: batch 1, 1,280,000 yuan → 50 % capped at 500,000 + 5,000 (actual cost given)', () => {
    expect(m.subsidy.batch).toBe('第一批')
    expect(m.subsidy.investment).toBe('1,280,000 元')
    expect(m.subsidy.lines.map((l) => l.amount)).toEqual(['5,000 元', '500,000 元'])
    expect(m.subsidy.totalFen).toBe(50_500_000)
    expect(m.subsidy.total).toBe('505,000 元')
    const small = buildAcceptanceReport({ ...input, investmentFen: 12_345_67 })
    expect(small.subsidy.lines[1]!.amount).toBe('6,172.83 元')
  })

  it('without the actual diagnosis cost the diagnosis line is 待核定 and not in 合计', () => {
    const p = buildAcceptanceReport({ ...input, investmentFen: 128_000_000 })
    expect(p.subsidy.lines[0]!.amount).toBe('待核定（未提供实际诊断费用）')
    expect(p.subsidy.totalFen).toBe(50_000_000)
    expect(p.subsidy.total).toBe('500,000 元')
    expect(p.header.data.subsidyTotalFen).toBe(50_000_000)
  })

  it('prints the 三级 footnote only where it applies (三级 here, not at 二级)', () => {
    const reading = HEBI_2024.retrofit[1]!.interpretation!
    expect(m.subsidy.steps).toContain(reading)
    const at2 = buildAcceptanceReport({
      ...input,
      after: { ...before, kind: 'acceptance', assessedOn: '2025-09-26' },
      investmentFen: 1,
    })
    expect(at2.after.level.level).toBe(2)
    expect(at2.subsidy.steps).not.toContain(reading)
  })

  it('cites the signed diagnosis by manifest SHA-256 and report number, in the model and the data', () => {
    expect(m.diagnosis).toMatchObject({
      manifestSha256: CITED.manifestSha256,
      reportNumber: CITED.reportNumber,
    })
    expect(m.header.data.diagnosis).toEqual({
      manifestSha256: CITED.manifestSha256,
      reportNumber: CITED.reportNumber,
    })
    expect(m.header.formal).toBe(true)
    expect(m.header.data.verdict).toBe('passed')
    const uncited = buildAcceptanceReport({ ...input, diagnosis: undefined, investmentFen: 1 })
    expect(uncited.header.formal).toBe(false)
    expect(uncited.header.draftReasons).toContain('未引用已签名的诊断签名包')
    expect(uncited.header.reportNumber).toMatch(/^DRAFT-YS-/)
  })

  it('refuses the before-file attacks, each naming its field', () => {
    // the acceptance itself as "before"
    expect(() => buildAcceptanceReport({ ...input, before: after, investmentFen: 1 })).toThrow(
      /^before: 改造前的评测应为诊断评测/,
    )
    // the diagnosis itself as the acceptance
    expect(() => buildAcceptanceReport({ ...input, after: before, investmentFen: 1 })).toThrow(
      /^kind: 验收评价只能由验收评测出具/,
    )
    // a "before" dated after the acceptance
    expect(() =>
      buildAcceptanceReport({
        ...input,
        before: { ...before, assessedOn: '2025-09-27' },
        investmentFen: 1,
      }),
    ).toThrow(/^before: 改造前的诊断评测日期 2025-09-27 不早于验收评测日期 2025-09-26/)
    // no USCC to prove it is the same enterprise
    expect(() =>
      buildAcceptanceReport({
        ...input,
        before: { ...before, enterprise: { ...before.enterprise, uscc: undefined } },
        investmentFen: 1,
      }),
    ).toThrow(/^before: .*统一社会信用代码/)
    // issued before the assessment, or after today
    expect(() =>
      buildAcceptanceReport({ ...input, issuedOn: '2025-09-25', investmentFen: 1 }),
    ).toThrow(/^issuedOn: 出具日期 2025-09-25 早于评测日期 2025-09-26/)
    expect(() =>
      buildAcceptanceReport({ ...input, issuedOn: '2026-01-01', investmentFen: 1 }),
    ).toThrow(/^issuedOn: 出具日期 2026-01-01 晚于今天 2025-12-31/)
  })

  it('refuses two different enterprises and a bad investment', () => {
    expect(() =>
      buildAcceptanceReport({
        ...input,
        before: { ...before, enterprise: { ...before.enterprise, uscc: '91410611MA9K3R2T5W' } },
        investmentFen: 1,
      }),
    ).toThrow(/before/)
    expect(() => buildAcceptanceReport({ ...input, investmentFen: 1.5 })).toThrow(/investmentFen/)
    expect(verifyReportHash(m)).toBe(true)
    expect(m.header.reportNumber).toMatch(/^YS-20251010-/)
  })

  it('shows the expert panel: each expert, the divergences and how they were settled', () => {
    const scorings = [
      scoring('k-a'),
      scoring('k-b', { Q02: 'D' }, { SC04: 2 }),
      scoring('k-c', {}, { SC04: 3 }),
    ]
    const consolidation = consolidate(MIIT_2024, MIIT_2024_DEFAULT, PANEL, scorings)
    expect(consolidation.status).toBe('consolidated')
    const consolidated: AssessmentFileV1 = {
      ...after,
      answers: consolidation.answers,
      scenes: consolidation.scenes,
    }
    const pm = buildAcceptanceReport({
      ...input,
      after: consolidated,
      investmentFen: 1,
      panel: { review: PANEL, consolidation },
    })
    const p = pm.panel!
    expect(p.lead).toBe('赵组长（鹤壁市中小企业服务中心）')
    expect(p.experts.map((e) => e.name)).toEqual(['张三', '李四', '王五'])
    expect(p.experts[0]!.total).toBe(String(consolidation.expertResults[0]!.result.total))
    expect(p.divergences.map((d) => [d.itemId, d.severity])).toEqual(
      consolidation.divergences.map((d) => [d.itemId, d.severity === 'major' ? '重大' : '轻微']),
    )
    expect(p.divergences.some((d) => d.itemId === 'Q02' && d.severity === '重大')).toBe(true)
    expect(p.settled.find((x) => x.itemId === 'Q02')!.rule).toBe('多数')
    expect(p.settled.find((x) => x.itemId === 'SC04')!.rule).toBe('中位数')
    expect(m.panel).toBeNull()

    // a tie the rules cannot settle and the lead has not decided: no verdict
    const two = { ...PANEL, experts: PANEL.experts.slice(0, 2) }
    const open = consolidate(MIIT_2024, MIIT_2024_DEFAULT, two, [
      scoring('k-a'),
      scoring('k-b', { Q02: 'D' }),
    ])
    expect(open.status).toBe('unresolved')
    const om = buildAcceptanceReport({
      ...input,
      investmentFen: 1,
      panel: { review: two, consolidation: open },
    })
    expect(om.verdict.passed).toBe(false)
    expect(om.header.formal).toBe(false)
    expect(om.header.data.verdict).toBeNull()
    expect(om.verdict.text).toContain('专家组尚有未裁定事项')
    expect(om.panel!.unresolved).toContain('Q02')
  })
})
