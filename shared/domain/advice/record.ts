/**
 * The 诊断建议 as a record (`sme-dl-advice/v1`): what a signed bundle carries as manifest.advice
 * and a 诊断报告 carries in report.json (issue 13). `after` is the plan's steps re-scored on the
 * assessment, `investmentFen` the assessor's estimates summed. Pure.
 */
import type { PinnedCatalogue } from '../catalogue/types'
import type { Answers, RuleProfile, SceneJudgements } from '../scoring/types'
import { estimateInvestment } from './projection'
import { DEFAULT_TARGET, findingsDraftReasons } from './readiness'
import { ADVICE_FORMAT_V1, type AdviceRecord } from './schema'
import type { DiagnosisAdvice } from './types'
import { scoreAfterPlan } from './verify'

export function adviceRecord(
  advice: DiagnosisAdvice,
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  answers: Answers,
  scenes: SceneJudgements,
): AdviceRecord {
  return {
    format: ADVICE_FORMAT_V1,
    findings: advice.findings,
    plan: advice.plan,
    after: advice.plan ? scoreAfterPlan(pinned, profile, answers, scenes, advice.plan.steps) : null,
    investmentFen: estimateInvestment(advice.plan).estimatedFen,
  }
}

/**
 * What keeps a record from backing a formal diagnosis, checked from the record alone (a reader
 * of report.json re-checks it): findings for every scene below the target, an accepted plan, and
 * a plan that reaches its target. Empty = complete.
 */
export function adviceRecordDraftReasons(
  advice: AdviceRecord,
  pinned: PinnedCatalogue,
  scenes: SceneJudgements,
): string[] {
  const target = advice.plan?.target ?? DEFAULT_TARGET
  return [
    ...findingsDraftReasons(pinned.catalogue, scenes, advice.findings, target),
    ...(advice.plan ? [] : ['尚未采纳改造方案（一企一策）']),
    ...(advice.plan && advice.after && advice.after.level < target
      ? [`所采纳的方案达不到目标（改造后为 ${advice.after.level} 级）`]
      : []),
  ]
}
