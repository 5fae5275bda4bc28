/**
 * Checks a bundle's manifest.advice (issue 13) against the assessment it travels with: every
 * finding names a scene and every step an item of the catalogue, and `after` is what the plan's
 * steps re-score to (applied to the signed answers, never lowering an item). Each problem names
 * the field. Pure.
 */
import type { PinnedCatalogue } from '../catalogue/types'
import { scoreAssessment } from '../scoring/score-assessment'
import type { Answers, RuleProfile, SceneJudgements } from '../scoring/types'
import { applyPlan } from './projection'
import type { AdviceRecord } from './schema'
import type { AdviceStep, ScoreAfter } from './types'

/** The score and level with the plan's steps applied (never lowering an item). */
export function scoreAfterPlan(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  answers: Answers,
  scenes: SceneJudgements,
  steps: readonly AdviceStep[],
): ScoreAfter {
  const { answers: a, scenes: s } = applyPlan(pinned, answers, scenes, steps)
  const r = scoreAssessment(pinned, profile, a, s)
  return { total: r.total, level: r.level }
}

export function checkAdviceRecord(
  advice: AdviceRecord,
  file: { answers: Answers; scenes: SceneJudgements },
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  where = 'manifest.json advice',
): string[] {
  const c = pinned.catalogue
  const problems: string[] = []
  const scenes = new Set(c.scenes.map((s) => s.id))
  const items = new Set([...c.questions.map((q) => q.id), ...scenes])
  advice.findings.forEach((f, i) => {
    if (!scenes.has(f.sceneId))
      problems.push(`${where}.findings.${i}.sceneId: '${f.sceneId}' is not a scene of ${c.id}`)
  })
  const plan = advice.plan
  if (!plan) {
    if (advice.after !== null) problems.push(`${where}.after: must be null without a plan`)
    return problems
  }
  plan.steps.forEach((s, i) => {
    if (!items.has(s.item))
      problems.push(`${where}.plan.steps.${i}.item: '${s.item}' is not an item of ${c.id}`)
    else if ((s.kind === 'scene') !== scenes.has(s.item))
      problems.push(`${where}.plan.steps.${i}.kind: '${s.kind}' does not fit item ${s.item}`)
  })
  if (problems.length) return problems
  const want = scoreAfterPlan(pinned, profile, file.answers, file.scenes, plan.steps)
  const have = advice.after
  if (!have || have.total !== want.total || have.level !== want.level)
    problems.push(
      `${where}.after: ${have ? `${have.total} / level ${have.level}` : 'null'} differs from ${want.total} / level ${want.level} re-scored from the assessment and the plan's steps`,
    )
  return problems
}
