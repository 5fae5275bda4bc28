/**
 * The live projection of an accepted (and possibly edited) plan: the score and level after it,
 * re-scored with the planner's own `verifySteps`, the assessor's investment estimate and the
 * projected subsidy for the enterprise's batch. Pure.
 *
 * The assessment may change after the plan was accepted (an answer raised on site). A step then
 * never lowers an item: a multi-choice answer is the union of what is there and what the step
 * adds, a single choice the better-scoring of the two, a scene the higher level. A step whose
 * item already has its value is 「已达到」.
 */
import type { CatalogueQuestion, PinnedCatalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { verifySteps } from '../plan/planner'
import { questionMilli, scoreAssessment } from '../scoring/score-assessment'
import type { Answers, RuleProfile, SceneJudgements, SceneLevel } from '../scoring/types'
import { estimateSubsidy, type PolicyProfile } from '../subsidy'
import type { AcceptedPlan, AdviceStep, ScoreAfter } from './types'

export type StepState = 'open' | 'reached'

export interface StepValue {
  item: string
  kind: 'question' | 'scene'
  answer?: string | string[]
  level?: SceneLevel
}

export interface InvestmentEstimate {
  /** Sum of the assessor's estimates, fen. */
  estimatedFen: number
  measures: number
  /** Measures with an estimate. */
  estimated: number
  /**
   * The estimates plus, for measures without one, the library's indicative low / high cost (the
   * assessor's own measures without an estimate count 0). low = high when every measure has one.
   */
  lowFen: number
  highFen: number
}

export interface SubsidyAt {
  investmentFen: number
  retrofitFen: number
  totalFen: number
}

export interface SubsidyProjection {
  policyId: string
  batch: 1 | 2 | 3
  level: number
  low: SubsidyAt
  high: SubsidyAt
  /** The rule steps at the high end, in words. */
  steps: string[]
}

export interface AdviceProjection {
  target: 1 | 2 | 3 | 4
  before: ScoreAfter
  after: ScoreAfter
  /** The kept steps reach the target. */
  meets: boolean
  /** Steps whose removal still reaches the target (more than needed). */
  droppable: string[]
  /** Per step: still to do, or already reached by the assessment as it is now. */
  states: Record<string, StepState>
  investment: InvestmentEstimate
  subsidy: SubsidyProjection | null
  /** Why there is no subsidy projection (null when there is one). */
  subsidyNote: string | null
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x))
}

/** The item's value with the step applied, never lower than it is now. */
export function mergeStep(
  pinned: PinnedCatalogue,
  answers: Answers,
  scenes: SceneJudgements,
  step: Pick<AdviceStep, 'item' | 'kind' | 'answer' | 'level'>,
): { value: StepValue; state: StepState } {
  if (step.kind === 'scene') {
    const now = scenes[step.item]
    const want = step.level ?? 0
    const level = (now === undefined ? want : Math.max(now, want)) as SceneLevel
    return {
      value: { item: step.item, kind: 'scene', level },
      state: now !== undefined && now >= want ? 'reached' : 'open',
    }
  }
  const q: CatalogueQuestion | undefined = pinned.catalogue.questions.find(
    (x) => x.id === step.item,
  )
  const now = answers[step.item]
  const want = step.answer
  if (!q || want === undefined)
    return {
      value: { item: step.item, kind: 'question', ...(now ? { answer: now } : {}) },
      state: 'reached',
    }
  if (q.type === 'single') {
    const a = typeof want === 'string' ? want : (want[0] ?? '')
    const keep = now !== undefined && questionMilli(q, now) >= questionMilli(q, a)
    return {
      value: { item: step.item, kind: 'question', answer: keep ? now : a },
      state: keep ? 'reached' : 'open',
    }
  }
  const nowKeys = now === undefined ? [] : typeof now === 'string' ? [now] : now
  const wantKeys = typeof want === 'string' ? [want] : want
  const exclusive = new Set(q.options.filter((o) => o.exclusive).map((o) => o.key))
  let union = q.options.map((o) => o.key).filter((k) => nowKeys.includes(k) || wantKeys.includes(k))
  if (union.some((k) => !exclusive.has(k))) union = union.filter((k) => !exclusive.has(k))
  return {
    value: { item: step.item, kind: 'question', answer: union },
    state: sameSet(union, nowKeys) ? 'reached' : 'open',
  }
}

/** The assessment with every step applied (never lowering an item). */
export function applyPlan(
  pinned: PinnedCatalogue,
  answers: Answers,
  scenes: SceneJudgements,
  steps: readonly Pick<AdviceStep, 'item' | 'kind' | 'answer' | 'level'>[],
): { answers: Answers; scenes: SceneJudgements } {
  const a: Answers = { ...answers }
  const s: SceneJudgements = { ...scenes }
  for (const st of steps) {
    const v = mergeStep(pinned, answers, scenes, st).value
    if (v.kind === 'scene' && v.level !== undefined) s[v.item] = v.level
    if (v.kind === 'question' && v.answer !== undefined) a[v.item] = v.answer
  }
  return { answers: a, scenes: s }
}

export function estimateInvestment(plan: AcceptedPlan | null): InvestmentEstimate {
  const out: InvestmentEstimate = {
    estimatedFen: 0,
    measures: 0,
    estimated: 0,
    lowFen: 0,
    highFen: 0,
  }
  for (const s of plan?.steps ?? [])
    for (const m of s.measures) {
      out.measures++
      if (m.investmentFen !== null) {
        out.estimated++
        out.estimatedFen += m.investmentFen
        out.lowFen += m.investmentFen
        out.highFen += m.investmentFen
      } else if (m.costYuan) {
        out.lowFen += m.costYuan.min * 100
        out.highFen += m.costYuan.max * 100
      }
    }
  return out
}

export interface ProjectionInput {
  pinned: PinnedCatalogue
  profile: RuleProfile
  answers: Answers
  scenes: SceneJudgements
  plan: AcceptedPlan
  /** The enterprise's pilot batch (null = not known). */
  batch: number | null
  policy: PolicyProfile
}

export function projectAdvice(input: ProjectionInput): AdviceProjection {
  const { pinned, profile, answers, scenes, plan } = input
  const states: Record<string, StepState> = {}
  const values = plan.steps.map((s) => {
    const m = mergeStep(pinned, answers, scenes, s)
    states[s.item] = m.state
    return m.value
  })
  const v = verifySteps({ pinned, profile, answers, scenes, target: plan.target }, values)
  const before = scoreAssessment(pinned, profile, answers, scenes)
  const after: ScoreAfter = { total: v.after.total, level: v.after.level }
  const investment = estimateInvestment(plan)
  const base = {
    target: plan.target,
    before: { total: before.total, level: before.level },
    after,
    meets: v.meets,
    droppable: v.droppable,
    states,
    investment,
  }
  const batch = input.batch
  if (batch !== 1 && batch !== 2 && batch !== 3)
    return { ...base, subsidy: null, subsidyNote: '企业未填写试点批次（1–3），无法测算补助' }
  if (investment.measures === 0)
    return { ...base, subsidy: null, subsidyNote: '方案中没有改造措施，无法测算补助' }
  const at = (fen: number): SubsidyAt => {
    const e = estimateSubsidy(input.policy, { batch, level: after.level, investmentFen: fen })
    return { investmentFen: fen, retrofitFen: e.retrofitFen, totalFen: e.totalFen }
  }
  const high = estimateSubsidy(input.policy, {
    batch,
    level: after.level,
    investmentFen: investment.highFen,
  })
  return {
    ...base,
    subsidy: {
      policyId: input.policy.id,
      batch,
      level: after.level,
      low: at(investment.lowFen),
      high: {
        investmentFen: investment.highFen,
        retrofitFen: high.retrofitFen,
        totalFen: high.totalFen,
      },
      steps: high.steps.map((s) => s.text),
    },
    subsidyNote:
      investment.estimated === investment.measures
        ? `按评测人员估算的投入测算（方案实施后${levelName(after.level)}），实际以投入凭证为准`
        : `${investment.measures - investment.estimated} 项措施尚未估算投入，按措施库参考费用的下限与上限补足测算，实际以投入凭证为准`,
  }
}
