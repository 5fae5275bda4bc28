/**
 * estimateSubsidy: the diagnosis and retrofit subsidy an enterprise can expect under a policy
 * profile, in integer fen, with one explained step per rule (design.md §4, Hebi plan §18–19).
 */
import { levelName } from '../levels/rule-profiles'
import type { OverallLevel } from '../scoring/types'
import { applyRateFloor, formatBasisPoints, formatYuan } from '../money'
import type { PolicyProfile } from './policy-profiles'

export interface SubsidyInput {
  batch: 1 | 2 | 3
  /** Overall level after the retrofit. */
  level: OverallLevel
  /** Actual investment in the retrofit (实际投入资金), fen. */
  investmentFen: number
  /**
   * Actual cost of the consulting diagnosis, fen. Without it the diagnosis subsidy is 待核定
   * (pending): 0 fen, `diagnosisPending`, and not in the total — money only from facts.
   */
  diagnosisCostFen?: number
}

export interface SubsidyStep {
  ruleId: string
  text: string
  amountFen: number
  capHit: boolean
  /** The amount cannot be set yet (e.g. no actual diagnosis cost); not counted in the total. */
  pending?: boolean
}

export interface SubsidyEstimate {
  profileId: string
  diagnosisFen: number
  /** Level qualifies for the diagnosis subsidy but no actual cost was given: 待核定. */
  diagnosisPending: boolean
  retrofitFen: number
  totalFen: number
  steps: SubsidyStep[]
  /** Interpretations of the applied rule that hold at this level (e.g. 三级按二级标准), verbatim. */
  footnotes: string[]
}

const BATCH_NAMES = { 1: '第一批', 2: '第二批', 3: '第三批' } as const

function checkInput(input: SubsidyInput): void {
  if (![1, 2, 3].includes(input.batch))
    throw new RangeError(`batch: must be 1, 2 or 3, got ${String(input.batch)}`)
  if (![0, 1, 2, 3, 4].includes(input.level))
    throw new RangeError(`level: must be an integer 0–4, got ${String(input.level)}`)
  if (!Number.isSafeInteger(input.investmentFen) || input.investmentFen < 0)
    throw new RangeError(
      `investmentFen: must be a non-negative whole number of fen, got ${input.investmentFen}`,
    )
  const d = input.diagnosisCostFen
  if (d !== undefined && (!Number.isSafeInteger(d) || d < 0))
    throw new RangeError(`diagnosisCostFen: must be a non-negative whole number of fen, got ${d}`)
}

export function estimateSubsidy(profile: PolicyProfile, input: SubsidyInput): SubsidyEstimate {
  checkInput(input)
  const steps: SubsidyStep[] = []
  const footnotes: string[] = []
  const lv = levelName(input.level)

  // §18 咨询诊断补助
  const dr = profile.diagnosis
  if (input.level < dr.minLevel) {
    steps.push({
      ruleId: dr.ruleId,
      text: `咨询诊断补助：数字化水平为${lv}，未达到${levelName(dr.minLevel)}及以上，不予补助`,
      amountFen: 0,
      capHit: false,
    })
  } else if (input.diagnosisCostFen === undefined) {
    steps.push({
      ruleId: dr.ruleId,
      text: `咨询诊断补助：待核定（未提供实际诊断费用），每家企业不超过 ${formatYuan(dr.capFen)} 元，不计入合计`,
      amountFen: 0,
      capHit: false,
      pending: true,
    })
  } else {
    const cost = input.diagnosisCostFen
    const amount = Math.min(cost, dr.capFen)
    const capHit = cost > dr.capFen
    steps.push({
      ruleId: dr.ruleId,
      text: capHit
        ? `咨询诊断补助：诊断费用 ${formatYuan(cost)} 元，封顶 ${formatYuan(dr.capFen)} 元，补助 ${formatYuan(amount)} 元`
        : `咨询诊断补助：诊断费用 ${formatYuan(cost)} 元（上限 ${formatYuan(dr.capFen)} 元），补助 ${formatYuan(amount)} 元`,
      amountFen: amount,
      capHit,
    })
  }

  // §19 改造补助
  const rule = profile.retrofit.find(
    (r) => r.levels.includes(input.level) && (r.batch === null || r.batch === input.batch),
  )
  if (!rule) {
    const lowest = Math.min(...profile.retrofit.flatMap((r) => r.levels)) as OverallLevel
    steps.push({
      ruleId: `${profile.id}/retrofit-none`,
      text: `改造补助：改造后数字化水平为${lv}，未达到${levelName(lowest)}，不予补助`,
      amountFen: 0,
      capHit: false,
    })
  } else {
    if (rule.interpretation && rule.interpretationLevels?.includes(input.level))
      footnotes.push(rule.interpretation)
    const raw = applyRateFloor(input.investmentFen, rule.rateBp)
    const amount = Math.min(raw, rule.capFen)
    const capHit = raw > rule.capFen
    const who =
      rule.batch === null
        ? `${rule.name}（${BATCH_NAMES[input.batch]}，${lv}）`
        : `${rule.name}（${lv}${rule.levels.length > 1 && input.level !== rule.levels[0] ? `，按${levelName(rule.levels[0] ?? input.level)}标准` : ''}）`
    const calc = `实际投入 ${formatYuan(input.investmentFen)} 元 × ${formatBasisPoints(rule.rateBp)} = ${formatYuan(raw)} 元`
    steps.push({
      ruleId: rule.ruleId,
      text: capHit
        ? `${who}：${calc}，封顶 ${formatYuan(rule.capFen)} 元，补助 ${formatYuan(amount)} 元`
        : `${who}：${calc}（上限 ${formatYuan(rule.capFen)} 元），补助 ${formatYuan(amount)} 元`,
      amountFen: amount,
      capHit,
    })
  }

  const diagnosisFen = steps[0]?.amountFen ?? 0
  const retrofitFen = steps[1]?.amountFen ?? 0
  return {
    profileId: profile.id,
    diagnosisFen,
    diagnosisPending: steps[0]?.pending === true,
    retrofitFen,
    totalFen: diagnosisFen + retrofitFen,
    steps,
    footnotes,
  }
}
