/**
 * Where the experts of a panel disagree (issue 6): per question the option sets, per scene the
 * levels, and the overall level verdict — each with who chose what.
 *
 * Flagging policy:
 * - question: any difference in the option set (or answered by some, not by others) → 'major';
 * - scene: levels 2 or more apart → 'major'; exactly 1 apart → 'minor' (reported, not flagged);
 *   judged by some experts but not by others → 'major';
 * - level: experts' overall levels (each scored by `scoreAssessment`) differ → 'major'.
 */
import type { PinnedCatalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { scoreAssessment } from '../scoring/score-assessment'
import type { AssessmentResult, RuleProfile, SceneLevel } from '../scoring/types'
import type { Divergence, ExpertScoring, ExpertValue, PanelMember } from './types'
import { expertName, sceneLevelName } from './validate'

/** Canonical form of an answer for comparison: sorted keys joined; '' = unanswered. */
export function answerKey(value: string | string[] | undefined | null): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : [...value].sort().join(',')
}

/** 「B、C」 / 「未作答」 */
export function answerText(value: string | string[] | null): string {
  if (value === null) return '未作答'
  if (typeof value === 'string') return value
  return [...value].sort().join('、')
}

/** Divergence of one question; null when all experts gave the same option set. */
export function questionDivergence(
  questionId: string,
  values: ExpertValue<string | string[] | null>[],
  members?: readonly PanelMember[],
): Divergence | null {
  const keys = new Set(values.map((v) => answerKey(v.value)))
  if (keys.size <= 1) return null
  const who = values.map((v) => `${expertName(members, v.expertKeyId)} ${answerText(v.value)}`)
  return {
    kind: 'question',
    itemId: questionId,
    severity: 'major',
    values,
    message: `${questionId} 选项不一致：${who.join('；')}`,
  }
}

/** Divergence of one scene; null when all experts gave the same level (or all left it open). */
export function sceneDivergence(
  sceneId: string,
  values: ExpertValue<SceneLevel | null>[],
  members?: readonly PanelMember[],
): Divergence | null {
  const judged = values.map((v) => v.value).filter((l): l is SceneLevel => l !== null)
  const partial = judged.length > 0 && judged.length < values.length
  const spread = judged.length === 0 ? 0 : Math.max(...judged) - Math.min(...judged)
  if (!partial && spread === 0) return null
  const who = values.map((v) => `${expertName(members, v.expertKeyId)} ${sceneLevelName(v.value)}`)
  const head = partial ? `${sceneId} 部分专家未判定` : `${sceneId} 场景等级相差 ${spread} 级`
  return {
    kind: 'scene',
    itemId: sceneId,
    severity: partial || spread >= 2 ? 'major' : 'minor',
    values,
    spread,
    message: `${head}：${who.join('；')}`,
  }
}

/** Divergence of the overall level verdict; null when all experts reach the same level. */
export function levelDivergence(
  results: { expertKeyId: string; result: AssessmentResult }[],
  members?: readonly PanelMember[],
): Divergence | null {
  const levels = new Set(results.map((r) => r.result.level))
  if (levels.size <= 1) return null
  const values = results.map((r) => ({ expertKeyId: r.expertKeyId, value: r.result.level }))
  const who = results.map(
    (r) => `${expertName(members, r.expertKeyId)} ${levelName(r.result.level)}`,
  )
  return {
    kind: 'level',
    itemId: 'level',
    severity: 'major',
    values,
    message: `等级判定不一致：${who.join('；')}`,
  }
}

/**
 * All divergences among the scorings, in catalogue order (questions, scenes), then the level
 * verdict. Scorings must be valid (see `validateScorings`); `members` only improves the messages.
 * Each scoring is scored with `scoreAssessment` for the verdict.
 */
export function findDivergences(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  scorings: readonly ExpertScoring[],
  members?: readonly PanelMember[],
): Divergence[] {
  const results = scorings.map((s) => ({
    expertKeyId: s.expertKeyId,
    result: scoreAssessment(pinned, profile, s.answers, s.scenes),
  }))
  return divergencesFrom(pinned, scorings, results, members)
}

/** `findDivergences` with the experts' results already computed (same order as `scorings`). */
export function divergencesFrom(
  pinned: PinnedCatalogue,
  scorings: readonly ExpertScoring[],
  results: { expertKeyId: string; result: AssessmentResult }[],
  members?: readonly PanelMember[],
): Divergence[] {
  const c = pinned.catalogue
  const out: Divergence[] = []
  for (const q of c.questions) {
    const values = scorings.map((s) => ({
      expertKeyId: s.expertKeyId,
      value: s.answers[q.id] ?? null,
    }))
    const d = questionDivergence(q.id, values, members)
    if (d) out.push(d)
  }
  for (const sc of c.scenes) {
    const values = scorings.map((s) => ({
      expertKeyId: s.expertKeyId,
      value: s.scenes[sc.id] ?? null,
    }))
    const d = sceneDivergence(sc.id, values, members)
    if (d) out.push(d)
  }
  const l = levelDivergence(results, members)
  if (l) out.push(l)
  return out
}
