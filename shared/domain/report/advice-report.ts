/**
 * The 诊断报告's chapters built around the 诊断建议 (issue 13 item 6): 评测结果 counts of
 * 约束性 / 指导性 scenes per level, 问题诊断 with the assessor's findings and the per-item notes
 * (现场核查情况), 改造路径 (step, measure, product, investment, expected gain), 预期成效,
 * 投资与补助测算 and 实施计划 (timeline from the measures' durations). Display texts decided here;
 * the PDF prints them. Pure.
 */
import {
  findingsDraftReasons,
  implementationTimeline,
  projectAdvice,
  applyPlan,
  type AdviceStep,
  type DiagnosisAdvice,
} from '../advice'
import type { Catalogue, PinnedCatalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { formatYuan } from '../money'
import { formatYuanRange } from '../plan/plan-text'
import { scoreAssessment } from '../scoring/score-assessment'
import { formatPoints } from '../scoring/points'
import type { Answers, OverallLevel, RuleProfile, SceneJudgements } from '../scoring/types'
import type { PolicyProfile } from '../subsidy'

export interface ReportSceneCountRow {
  level: 1 | 2 | 3 | 4
  name: string
  /** 约束性 scenes at or above the level, of all 约束性 */
  constrained: string
  /** 指导性 (the others) at or above the level, of all 指导性 */
  guiding: string
  /** What the rule needs at this level, e.g. 「≥6 个，其中约束性 ≥3 个」 */
  need: string
}

export interface ReportFindingRow {
  sceneId: string
  name: string
  constrained: boolean
  currentName: string
  statusQuo: string
  painPoints: string
  needs: string
  /** The scene's note (现场核查情况); '' when none */
  siteNote: string
  /** Verbatim requirement of the next level up (what is still missing) */
  shortfall: string
  /** 现状/痛点/需求 not all recorded */
  incomplete: boolean
}

export interface ReportPathMeasure {
  title: string
  text: string
  /** 措施库 / 自拟 */
  source: string
  /** 「80,000 元（估算）」 or 「参考 150,000–600,000 元」 or 「未估算」 */
  investment: string
  weeks: string
}

export interface ReportPathRow {
  no: number
  item: string
  name: string
  constrained: boolean
  /** 「一级 → 二级」, 「「无」 → B」 */
  change: string
  /** 「+1.25 分」 / 「场景达到二级」 */
  gain: string
  measures: ReportPathMeasure[]
  products: string[]
  /** The step's investment: 「135,000 元（估算）」, 「参考 50,000–200,000 元」 or both */
  subtotal: string
  /** 「已达到」 when the assessment already has it */
  state: string
}

export interface ReportAdvice {
  target: OverallLevel
  targetName: string
  sceneCounts: ReportSceneCountRow[]
  findings: ReportFindingRow[]
  /** Questions of the plan with the assessor's note (现场核查情况) */
  questionNotes: { id: string; name: string; note: string }[]
  /** The accepted plan; null when none was accepted */
  path: ReportPathRow[] | null
  measuresLibrary: string
  outcome: {
    before: { total: string; level: string }
    after: { total: string; level: string }
    meets: boolean
    rows: { label: string; before: string; after: string }[]
    text: string
  } | null
  investment: {
    estimated: string
    range: string
    estimatedCount: string
    subsidy: { batch: string; policy: string; amount: string; steps: string[] } | null
    note: string
  } | null
  timeline: {
    rows: {
      no: number
      item: string
      name: string
      startWeek: number
      endWeek: number
      text: string
    }[]
    totalWeeks: number
    text: string
  } | null
  /** Why the diagnosis is a draft as far as the findings and the plan go */
  draftReasons: string[]
}

export interface AdviceReportInput {
  pinned: PinnedCatalogue
  profile: RuleProfile
  answers: Answers
  scenes: SceneJudgements
  /** Per-item notes (现场核查情况), by item id */
  notes: Record<string, string>
  advice: DiagnosisAdvice
  batch: number | null
  policy: PolicyProfile
}

const DIMS = ['D1', 'D3', 'D4'] as const

function valueText(c: Catalogue, s: AdviceStep, v: AdviceStep['before'] | undefined): string {
  if (v === null || v === undefined) return s.kind === 'scene' ? '未判定' : '未作答'
  if (typeof v === 'number') return v === 0 ? '未达一级' : levelName(v as OverallLevel)
  const q = c.questions.find((x) => x.id === s.item)
  return (typeof v === 'string' ? [v] : v)
    .map((k) => {
      const o = q?.options.find((x) => x.key === k)
      return o?.exclusive ? `「${o.text}」` : k
    })
    .join('、')
}

/** Estimates summed, and the indicative range of the measures not estimated yet. */
function stepSubtotal(s: AdviceStep): string {
  let est = 0
  let n = 0
  const ref = { min: 0, max: 0 }
  let nRef = 0
  for (const m of s.measures) {
    if (m.investmentFen !== null) {
      est += m.investmentFen
      n++
    } else if (m.costYuan) {
      ref.min += m.costYuan.min
      ref.max += m.costYuan.max
      nRef++
    }
  }
  const parts = [
    ...(n ? [`${formatYuan(est)} 元（估算）`] : []),
    ...(nRef ? [`参考 ${formatYuanRange(ref)}`] : []),
  ]
  return parts.length ? parts.join(' + ') : '未估算'
}

export function buildAdviceReport(input: AdviceReportInput): ReportAdvice {
  const { pinned, profile, answers, scenes, advice } = input
  const c = pinned.catalogue
  const constrained = new Set(profile.constrainedScenes)
  const plan = advice.plan
  const target = (plan?.target ?? 2) as OverallLevel
  const targetName = levelName(target)

  const nC = c.scenes.filter((s) => constrained.has(s.id)).length
  const nG = c.scenes.length - nC
  const sceneCounts: ReportSceneCountRow[] = ([1, 2, 3, 4] as const).map((l) => {
    const at = c.scenes.filter((s) => (scenes[s.id] ?? 0) >= l)
    const rule = profile.rules.find((r) => r.level === l)
    return {
      level: l,
      name: levelName(l),
      constrained: `${at.filter((s) => constrained.has(s.id)).length} / ${nC}`,
      guiding: `${at.filter((s) => !constrained.has(s.id)).length} / ${nG}`,
      need: rule
        ? `总分 ≥${formatPoints(rule.minScore)}；场景 ≥${rule.minScenes} 个，其中约束性 ≥${rule.minConstrainedScenes} 个`
        : '—',
    }
  })

  const byScene = new Map(advice.findings.map((f) => [f.sceneId, f]))
  const findings: ReportFindingRow[] = c.scenes
    .filter((s) => {
      const f = byScene.get(s.id)
      return (scenes[s.id] ?? 0) < target || Boolean(f && (f.statusQuo || f.painPoints || f.needs))
    })
    .map((s) => {
      const f = byScene.get(s.id)
      const level = scenes[s.id]
      const next = Math.min(4, (level ?? 0) + 1)
      const trim = (t: string | undefined) => (t ?? '').trim()
      return {
        sceneId: s.id,
        name: s.name,
        constrained: constrained.has(s.id),
        currentName: level === undefined ? '未评定' : level === 0 ? '未达一级' : levelName(level),
        statusQuo: trim(f?.statusQuo),
        painPoints: trim(f?.painPoints),
        needs: trim(f?.needs),
        siteNote: trim(input.notes[s.id]),
        shortfall: (level ?? 0) >= 4 ? '' : (s.levels[next - 1] ?? ''),
        incomplete: !(trim(f?.statusQuo) && trim(f?.painPoints) && trim(f?.needs)),
      }
    })

  const questionNotes = (plan?.steps ?? [])
    .filter((s) => s.kind === 'question' && (input.notes[s.item] ?? '').trim())
    .map((s) => ({
      id: s.item,
      name: c.questions.find((q) => q.id === s.item)?.tertiary.name ?? s.item,
      note: (input.notes[s.item] ?? '').trim(),
    }))

  const draftReasons = [
    ...findingsDraftReasons(c, scenes, advice.findings, target as 1),
    ...(plan ? [] : ['尚未采纳改造方案（一企一策）']),
  ]

  if (!plan)
    return {
      target,
      targetName,
      sceneCounts,
      findings,
      questionNotes,
      path: null,
      measuresLibrary: '',
      outcome: null,
      investment: null,
      timeline: null,
      draftReasons,
    }

  const projection = projectAdvice({
    pinned,
    profile,
    answers,
    scenes,
    plan,
    batch: input.batch,
    policy: input.policy,
  })
  if (!projection.meets)
    draftReasons.push(`所采纳的方案达不到目标${targetName}（有必要的步骤被删除）`)
  const itemName = (s: AdviceStep) =>
    s.kind === 'scene'
      ? (c.scenes.find((x) => x.id === s.item)?.name ?? s.item)
      : (c.questions.find((x) => x.id === s.item)?.tertiary.name ?? s.item)

  const path: ReportPathRow[] = plan.steps.map((s, i) => ({
    no: i + 1,
    item: s.item,
    name: itemName(s),
    constrained: s.constrained === true,
    change: `${valueText(c, s, s.before)} → ${valueText(c, s, s.kind === 'scene' ? s.level : s.answer)}`,
    gain:
      s.kind === 'question'
        ? `+${formatPoints(s.gain)} 分`
        : `场景达到${levelName((s.level ?? 0) as OverallLevel)}`,
    measures: s.measures.map((m) => ({
      title: m.title,
      text: m.text,
      source: m.source === 'own' ? '自拟' : '措施库',
      investment:
        m.investmentFen !== null
          ? `${formatYuan(m.investmentFen)} 元（估算）`
          : m.costYuan
            ? `参考 ${formatYuanRange(m.costYuan)}`
            : '未估算',
      weeks: m.weeks
        ? m.weeks.min === m.weeks.max
          ? `${m.weeks.max} 周`
          : `${m.weeks.min}–${m.weeks.max} 周`
        : '未估',
    })),
    products: s.products.map(
      (p) =>
        `${p.name}（${p.provider || '—'}${p.priceYuan ? `，参考价 ${formatYuanRange(p.priceYuan)}` : ''}）`,
    ),
    subtotal: stepSubtotal(s),
    state: projection.states[s.item] === 'reached' ? '已达到' : '',
  }))

  // 预期成效: dimensions and scene counts before and after, re-scored
  const before = scoreAssessment(pinned, profile, answers, scenes)
  const applied = applyPlan(pinned, answers, scenes, plan.steps)
  const after = scoreAssessment(pinned, profile, applied.answers, applied.scenes)
  const merged = applied.scenes
  const atTarget = (js: SceneJudgements, onlyConstrained: boolean) =>
    c.scenes.filter((s) => (js[s.id] ?? 0) >= target && (!onlyConstrained || constrained.has(s.id)))
      .length
  const rows = [
    { label: '总分', before: formatPoints(before.total), after: formatPoints(after.total) },
    ...DIMS.map((d) => ({
      label: before.dimensions[d].name,
      before: `${formatPoints(before.dimensions[d].score)} / ${formatPoints(before.dimensions[d].max)}`,
      after: `${formatPoints(after.dimensions[d].score)} / ${formatPoints(after.dimensions[d].max)}`,
    })),
    {
      label: `达到${targetName}的场景`,
      before: `${atTarget(scenes, false)} 个（约束性 ${atTarget(scenes, true)} 个）`,
      after: `${atTarget(merged, false)} 个（约束性 ${atTarget(merged, true)} 个）`,
    },
    { label: '数字化水平等级', before: levelName(before.level), after: levelName(after.level) },
  ]
  const inv = projection.investment
  const sub = projection.subsidy
  const timeline = implementationTimeline(plan.steps)
  return {
    target,
    targetName,
    sceneCounts,
    findings,
    questionNotes,
    path,
    measuresLibrary: `${plan.measures.id}（第 ${plan.measures.version} 版）`,
    outcome: {
      before: { total: formatPoints(before.total), level: levelName(before.level) },
      after: { total: formatPoints(after.total), level: levelName(after.level) },
      meets: projection.meets,
      rows,
      text: projection.meets
        ? `按上述改造路径实施后，按评分规则重新计分为 ${formatPoints(after.total)} 分，达到${levelName(after.level)}（目标${targetName}）。`
        : `按上述改造路径实施后重新计分为 ${formatPoints(after.total)} 分、${levelName(after.level)}，达不到目标${targetName}。`,
    },
    investment: {
      estimated: `${formatYuan(inv.estimatedFen)} 元`,
      range:
        inv.lowFen === inv.highFen
          ? `${formatYuan(inv.lowFen)} 元`
          : `${formatYuan(inv.lowFen)}–${formatYuan(inv.highFen)} 元`,
      estimatedCount: `${inv.estimated} / ${inv.measures} 项措施已估算投入`,
      subsidy: sub
        ? {
            batch: `第${['一', '二', '三'][sub.batch - 1]}批`,
            policy: sub.policyId,
            amount:
              sub.low.totalFen === sub.high.totalFen
                ? `${formatYuan(sub.high.totalFen)} 元`
                : `${formatYuan(sub.low.totalFen)}–${formatYuan(sub.high.totalFen)} 元`,
            steps: sub.steps,
          }
        : null,
      note: [
        projection.subsidyNote,
        '费用为估算和措施库参考值，不构成报价；补助以验收时的实际投入凭证和等级为准。',
      ]
        .filter(Boolean)
        .join('；'),
    },
    timeline: {
      rows: timeline.rows.map((r, i) => ({
        no: i + 1,
        item: r.item,
        name: itemName(plan.steps[i]!),
        startWeek: r.startWeek,
        endWeek: r.endWeek,
        text: r.endWeek > r.startWeek ? `第 ${r.startWeek + 1}–${r.endWeek} 周` : '未估工期',
      })),
      totalWeeks: timeline.totalWeeks,
      text: `按参考工期上限排期，同时推进 ${timeline.policy.lanes} 项，合计约 ${timeline.totalWeeks} 周${timeline.unestimated ? `（${timeline.unestimated} 项措施未估工期，未计入）` : ''}。`,
    },
    draftReasons,
  }
}
