import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAssessmentFile } from '../assessment-file'
import { MIIT_2024 } from '../catalogue'
import { MIIT_2024_DEFAULT } from '../levels/rule-profiles'
import { MIIT_2024_MEASURES } from '../plan/measures'
import { planImprovement } from '../plan/planner'
import { randomAssessment, rng } from '../plan/test-fixtures'
import { questionMilli, scoreAssessment } from '../scoring/score-assessment'
import type { Answers, SceneJudgements } from '../scoring/types'
import { HEBI_2024 } from '../subsidy'
import { HOMOGENEITY_POLICY } from '../plan/homogeneity'
import {
  acceptPlan,
  adviceRecordSchema,
  adviceText,
  diagnosisAdviceSchema,
  estimateInvestment,
  findingsDraftReasons,
  hasAdvice,
  homogeneityRecord,
  implementationTimeline,
  mergeStep,
  projectAdvice,
  scenesMissingFindings,
  type AcceptedPlan,
  type SceneFinding,
} from './index'

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples')
function example(name: string): { answers: Answers; scenes: SceneJudgements; batch: number } {
  const p = parseAssessmentFile(readFileSync(join(examplesDir, name), 'utf8'))
  if (!p.ok) throw new Error(p.error)
  return { answers: p.value.answers, scenes: p.value.scenes, batch: p.value.enterprise.batch ?? 0 }
}

const pinned = MIIT_2024
const profile = MIIT_2024_DEFAULT
let n = 0
const newId = () => `m${++n}`

function accepted(answers: Answers, scenes: SceneJudgements, target: 1 | 2 | 3 | 4 = 2) {
  const plan = planImprovement({
    pinned,
    profile,
    answers,
    scenes,
    target,
    library: MIIT_2024_MEASURES.library,
  })
  return {
    plan,
    accepted: acceptPlan(plan, { products: null, acceptedAt: '2025-05-12T08:00:00.000Z', newId }),
  }
}

describe('acceptPlan + projectAdvice', () => {
  const ex = example('diagnosis-level1-qixian-shipin.json')

  it('an accepted plan projects to the planner’s own score and level, and meets the target', () => {
    const { plan, accepted: a } = accepted(ex.answers, ex.scenes)
    expect(plan.reachable).toBe(true)
    const p = projectAdvice({ pinned, profile, ...ex, plan: a, batch: 2, policy: HEBI_2024 })
    expect(p.after).toEqual(plan.after)
    expect(p.before).toEqual(plan.before)
    expect(p.meets).toBe(true)
    expect(p.droppable).toEqual([])
    expect(Object.values(p.states).every((s) => s === 'open')).toBe(true)
    // every library measure became a suggested, editable measure without an estimate
    expect(a.steps.flatMap((s) => s.measures).length).toBe(
      plan.steps.reduce((n, s) => n + s.measures.length, 0),
    )
    expect(a.steps.every((s) => s.measures.every((m) => m.source === 'suggested'))).toBe(true)
    expect(p.investment.estimated).toBe(0)
    expect(p.investment.lowFen).toBe(plan.costYuan.min * 100)
    expect(p.investment.highFen).toBe(plan.costYuan.max * 100)
    expect(p.subsidy?.batch).toBe(2)
    expect(p.subsidy?.level).toBe(2)
  })

  it('removing a step the target needs shows it is missed; the assessor’s estimates replace the indicative costs', () => {
    const { accepted: a } = accepted(ex.answers, ex.scenes)
    const fewer: AcceptedPlan = { ...a, steps: a.steps.slice(1) }
    const p = projectAdvice({ pinned, profile, ...ex, plan: fewer, batch: 2, policy: HEBI_2024 })
    expect(p.meets).toBe(false)
    expect(p.after.level).toBeLessThan(2)
    const estimated: AcceptedPlan = {
      ...a,
      steps: a.steps.map((s) => ({
        ...s,
        measures: s.measures.map((m) => ({ ...m, investmentFen: 123_400 })),
      })),
    }
    const q = projectAdvice({
      pinned,
      profile,
      ...ex,
      plan: estimated,
      batch: 2,
      policy: HEBI_2024,
    })
    const count = a.steps.reduce((n, s) => n + s.measures.length, 0)
    expect(q.investment).toEqual({
      estimatedFen: 123_400 * count,
      measures: count,
      estimated: count,
      lowFen: 123_400 * count,
      highFen: 123_400 * count,
    })
    expect(q.subsidy?.low).toEqual(q.subsidy?.high)
    expect(q.subsidyNote).toMatch(/评测人员估算/)
  })

  it('no batch, no subsidy projection, with the reason', () => {
    const { accepted: a } = accepted(ex.answers, ex.scenes)
    const p = projectAdvice({ pinned, profile, ...ex, plan: a, batch: null, policy: HEBI_2024 })
    expect(p.subsidy).toBeNull()
    expect(p.subsidyNote).toMatch(/批次/)
  })

  it('a step never lowers an item raised after the plan was accepted (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const r = rng(seed)
        const start = randomAssessment(pinned.catalogue, r, 0)
        const { plan, accepted: a } = accepted(start.answers, start.scenes)
        if (!plan.reachable) return
        // the assessment moves on: items raised on site (the better of two random assessments)
        const other = randomAssessment(pinned.catalogue, r, 0)
        const later: { answers: Answers; scenes: SceneJudgements } = { answers: {}, scenes: {} }
        for (const q of pinned.catalogue.questions)
          later.answers[q.id] =
            questionMilli(q, other.answers[q.id]) > questionMilli(q, start.answers[q.id])
              ? other.answers[q.id]!
              : start.answers[q.id]!
        for (const sc of pinned.catalogue.scenes)
          later.scenes[sc.id] = Math.max(start.scenes[sc.id]!, other.scenes[sc.id]!) as 0
        for (const s of a.steps) {
          const m = mergeStep(pinned, later.answers, later.scenes, s)
          if (s.kind === 'scene') {
            expect(m.value.level).toBeGreaterThanOrEqual(later.scenes[s.item] ?? 0)
            expect(m.value.level).toBeGreaterThanOrEqual(s.level ?? 0)
          } else {
            const q = pinned.catalogue.questions.find((x) => x.id === s.item)!
            const got = questionMilli(q, m.value.answer)
            expect(got).toBeGreaterThanOrEqual(questionMilli(q, later.answers[s.item]))
            expect(got).toBeGreaterThanOrEqual(questionMilli(q, s.answer))
          }
        }
        const p = projectAdvice({ pinned, profile, ...later, plan: a, batch: 1, policy: HEBI_2024 })
        expect(p.after.total).toBeGreaterThanOrEqual(
          scoreAssessment(pinned, profile, later.answers, later.scenes).total,
        )
        expect(p.meets).toBe(true)
      }),
      { seed: 42, numRuns: 150 },
    )
  })

  it('a step already reached by the assessment is marked reached', () => {
    const { accepted: a } = accepted(ex.answers, ex.scenes)
    const scene = a.steps.find((s) => s.kind === 'scene')!
    const p = projectAdvice({
      pinned,
      profile,
      answers: ex.answers,
      scenes: { ...ex.scenes, [scene.item]: 4 },
      plan: a,
      batch: 2,
      policy: HEBI_2024,
    })
    expect(p.states[scene.item]).toBe('reached')
  })
})

describe('estimateInvestment', () => {
  it('own measures without an estimate count 0; no plan is nothing', () => {
    expect(estimateInvestment(null)).toEqual({
      estimatedFen: 0,
      measures: 0,
      estimated: 0,
      lowFen: 0,
      highFen: 0,
    })
    const plan: AcceptedPlan = {
      target: 2,
      measures: { id: 'x', version: '1', hash: 'a'.repeat(64) },
      products: null,
      acceptedAt: 'now',
      steps: [
        {
          item: 'SC01',
          kind: 'scene',
          level: 2,
          before: 1,
          gain: 0,
          measures: [
            {
              id: '1',
              source: 'own',
              entryKey: null,
              title: '自拟',
              text: '',
              costYuan: null,
              weeks: null,
              investmentFen: null,
            },
            {
              id: '2',
              source: 'suggested',
              entryKey: 'SC01@2',
              title: '库',
              text: '',
              costYuan: { min: 10, max: 30 },
              weeks: null,
              investmentFen: null,
            },
            {
              id: '3',
              source: 'own',
              entryKey: null,
              title: '自拟2',
              text: '',
              costYuan: null,
              weeks: null,
              investmentFen: 500,
            },
          ],
          products: [],
        },
      ],
    }
    expect(estimateInvestment(plan)).toEqual({
      estimatedFen: 500,
      measures: 3,
      estimated: 1,
      lowFen: 1500,
      highFen: 3500,
    })
  })
})

describe('implementationTimeline', () => {
  const step = (item: string, weeks: (number | null)[]) => ({
    item,
    measures: weeks.map((w, i) => ({
      id: `${item}-${i}`,
      source: 'suggested' as const,
      entryKey: null,
      title: 't',
      text: '',
      costYuan: null,
      weeks: w === null ? null : { min: 1, max: w },
      investmentFen: null,
    })),
  })
  it('schedules steps in order on two tracks by the upper duration', () => {
    const t = implementationTimeline([
      step('A', [4, 2]),
      step('B', [3]),
      step('C', [2]),
      step('D', [null]),
    ])
    expect(t.rows.map((r) => [r.item, r.startWeek, r.endWeek, r.lane])).toEqual([
      ['A', 0, 6, 0],
      ['B', 0, 3, 1],
      ['C', 3, 5, 1],
      ['D', 5, 5, 1],
    ])
    expect(t.totalWeeks).toBe(6)
    expect(t.unestimated).toBe(1)
  })
  it('one track is one after another; no steps is 0 weeks; a bad policy is refused', () => {
    const t = implementationTimeline([step('A', [4]), step('B', [3])], { id: 'x', lanes: 1 })
    expect(t.totalWeeks).toBe(7)
    expect(implementationTimeline([]).totalWeeks).toBe(0)
    expect(() => implementationTimeline([], { id: 'x', lanes: 0 })).toThrow(/lanes/)
  })
})

describe('findings needed for a formal diagnosis', () => {
  const f = (sceneId: string, all = true): SceneFinding => ({
    sceneId,
    statusQuo: '纸质台账',
    painPoints: '数据滞后',
    needs: all ? '上线系统' : ' ',
  })
  const scenes: SceneJudgements = { SC01: 1, SC02: 2, SC03: 0 }
  it('every scene below the target (unjudged counts as below) needs all three texts', () => {
    const missing = scenesMissingFindings(
      pinned.catalogue,
      scenes,
      [f('SC01'), f('SC03', false)],
      2,
    )
    expect(missing).toContain('SC03')
    expect(missing).not.toContain('SC01')
    expect(missing).not.toContain('SC02')
    expect(missing).toContain('SC04') // not judged
    const all = pinned.catalogue.scenes.map((s) => f(s.id))
    expect(findingsDraftReasons(pinned.catalogue, scenes, all, 2)).toEqual([])
    expect(findingsDraftReasons(pinned.catalogue, scenes, [], 2)[0]).toMatch(
      /^尚有 \d+ 个低于二级的场景未填写诊断发现/,
    )
  })
})

describe('homogeneity of the advice text', () => {
  const findings = (words: string): SceneFinding[] =>
    ['SC01', 'SC02', 'SC03'].map((id) => ({
      sceneId: id,
      statusQuo: `${words}：${id} 目前依靠纸质单据和电子表格记录，数据由班组长每天手工汇总`,
      painPoints: `${words}：${id} 数据滞后两到三天，质量问题追溯困难`,
      needs: `${words}：${id} 希望上线系统实时采集`,
    }))
  it('the text is findings and plan measures; an empty advice has none', () => {
    expect(hasAdvice({ findings: [], plan: null })).toBe(false)
    expect(
      hasAdvice({
        findings: [{ sceneId: 'SC01', statusQuo: ' ', painPoints: '', needs: '' }],
        plan: null,
      }),
    ).toBe(false)
    const t = adviceText({ findings: findings('甲'), plan: null })
    expect(t).toContain('甲：SC01 目前依靠纸质单据')
  })
  it('the record names the most similar other record, rounded, and whether it could judge', () => {
    const mine = adviceText({ findings: findings('淇河源'), plan: null })
    const copy = adviceText({ findings: findings('淇滨电气'), plan: null })
    const other =
      '完全不同的一段文字，讲的是注塑车间的设备联网与能耗监测，和前面的内容没有什么关系，只是为了比较而写得比较长一些。'
    const r = homogeneityRecord(
      mine,
      [
        { id: 'rec-other', text: other },
        { id: 'rec-copy', text: copy },
      ],
      HOMOGENEITY_POLICY,
    )
    expect(r.otherRecordId).toBe('rec-copy')
    expect(r.similarity).toBeGreaterThanOrEqual(HOMOGENEITY_POLICY.threshold)
    expect(Number.isInteger(r.similarity * 1000)).toBe(true)
    expect(r.compared).toBe(2)
    expect(r.judged).toBe(true)
    const none = homogeneityRecord(mine, [], HOMOGENEITY_POLICY)
    expect(none).toMatchObject({ similarity: 0, otherRecordId: null, compared: 0, judged: true })
    const short = homogeneityRecord('太短', [{ id: 'x', text: '太短' }], HOMOGENEITY_POLICY)
    expect(short).toMatchObject({ similarity: 0, otherRecordId: null, judged: false })
  })
})

describe('schemas', () => {
  it('an accepted plan round-trips through the bundle record schema; bad fields are named', () => {
    const ex = example('diagnosis-level2-qibin-dianqi.json')
    const { accepted: a } = accepted(ex.answers, ex.scenes, 3)
    const advice = {
      findings: [{ sceneId: 'SC01', statusQuo: 'a', painPoints: 'b', needs: 'c' }],
      plan: a,
    }
    expect(diagnosisAdviceSchema.parse(advice)).toEqual(advice)
    const record = {
      format: 'sme-dl-advice/v1',
      ...advice,
      after: { total: 60, level: 3 },
      investmentFen: 0,
    }
    expect(adviceRecordSchema.parse(record)).toEqual(record)
    const bad = adviceRecordSchema.safeParse({
      ...record,
      findings: [{ ...advice.findings[0], sceneId: 'X1' }],
    })
    expect(bad.success).toBe(false)
    if (!bad.success) expect(bad.error.issues[0]?.path.join('.')).toBe('findings.0.sceneId')
    expect(adviceRecordSchema.safeParse({ ...record, extra: 1 }).success).toBe(false)
  })
})
