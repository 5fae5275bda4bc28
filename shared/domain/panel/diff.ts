/**
 * Recheck (复核) diff (issue 6, item 4): what a reviewer's on-site re-scoring changed against the
 * signed assessment — questions whose option set changed with their score delta, scenes whose
 * level changed, the total delta and the level before and after. Both sides are scored with
 * `scoreAssessment`; deltas are computed in integer milli-points so they carry no float noise.
 */
import type { PinnedCatalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { formatMilli, formatPoints, fromMilli, toMilli } from '../scoring/points'
import { scoreAssessment } from '../scoring/score-assessment'
import type {
  Answers,
  AssessmentResult,
  OverallLevel,
  RuleProfile,
  SceneJudgements,
  SceneLevel,
} from '../scoring/types'
import { answerKey, answerText } from './divergence'
import { sceneLevelName } from './validate'

export interface AssessmentSide {
  answers: Answers
  scenes: SceneJudgements
}

export interface QuestionChange {
  id: string
  /** null = unanswered */
  before: string | string[] | null
  after: string | string[] | null
  /** Points, after − before (exact to the thousandth). */
  scoreDelta: number
}

export interface SceneChange {
  id: string
  /** null = not judged */
  before: SceneLevel | null
  after: SceneLevel | null
}

export interface AssessmentDiff {
  questionsChanged: QuestionChange[]
  scenesChanged: SceneChange[]
  /** Points, after − before. */
  totalDelta: number
  /** Per scored dimension, after − before. */
  dimensionDeltas: { D1: number; D3: number; D4: number }
  levelBefore: OverallLevel
  levelAfter: OverallLevel
  /** levelAfter − levelBefore */
  levelDelta: number
  before: AssessmentResult
  after: AssessmentResult
}

const delta = (a: number, b: number): number => fromMilli(toMilli(b) - toMilli(a))

/** Throws (from `scoreAssessment`) when either side is invalid for the catalogue. */
export function diffAssessments(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  before: AssessmentSide,
  after: AssessmentSide,
): AssessmentDiff {
  const rb = scoreAssessment(pinned, profile, before.answers, before.scenes)
  const ra = scoreAssessment(pinned, profile, after.answers, after.scenes)
  const questionsChanged: QuestionChange[] = []
  for (const q of pinned.catalogue.questions) {
    const b = before.answers[q.id] ?? null
    const a = after.answers[q.id] ?? null
    if (answerKey(b) === answerKey(a)) continue
    const sb = rb.questions.find((x) => x.id === q.id)?.score ?? 0
    const sa = ra.questions.find((x) => x.id === q.id)?.score ?? 0
    questionsChanged.push({ id: q.id, before: b, after: a, scoreDelta: delta(sb, sa) })
  }
  const scenesChanged: SceneChange[] = []
  for (const s of pinned.catalogue.scenes) {
    const b = before.scenes[s.id] ?? null
    const a = after.scenes[s.id] ?? null
    if (a !== b) scenesChanged.push({ id: s.id, before: b, after: a })
  }
  return {
    questionsChanged,
    scenesChanged,
    totalDelta: delta(rb.total, ra.total),
    dimensionDeltas: {
      D1: delta(rb.dimensions.D1.score, ra.dimensions.D1.score),
      D3: delta(rb.dimensions.D3.score, ra.dimensions.D3.score),
      D4: delta(rb.dimensions.D4.score, ra.dimensions.D4.score),
    },
    levelBefore: rb.level,
    levelAfter: ra.level,
    levelDelta: ra.level - rb.level,
    before: rb,
    after: ra,
  }
}

function signedPoints(points: number): string {
  const m = toMilli(points)
  return m > 0 ? `+${formatMilli(m)}` : m === 0 ? '±0' : formatMilli(m)
}

/**
 * The diff in Chinese lines for the 复核 report: the total and level first, then each changed
 * question and scene, e.g. 「Q04 数据采集：B、G、H、I → B、G、H（-0.7 分）」.
 */
export function diffSummaryLines(pinned: PinnedCatalogue, d: AssessmentDiff): string[] {
  const c = pinned.catalogue
  const lines = [
    `总分 ${formatPoints(d.before.total)} → ${formatPoints(d.after.total)}（${signedPoints(d.totalDelta)} 分）`,
    d.levelDelta === 0
      ? `等级 ${levelName(d.levelBefore)}，未变`
      : `等级 ${levelName(d.levelBefore)} → ${levelName(d.levelAfter)}`,
  ]
  for (const q of d.questionsChanged) {
    const name = c.questions.find((x) => x.id === q.id)?.tertiary.name ?? ''
    lines.push(
      `${q.id} ${name}：${answerText(q.before)} → ${answerText(q.after)}（${signedPoints(q.scoreDelta)} 分）`,
    )
  }
  for (const s of d.scenesChanged) {
    const name = c.scenes.find((x) => x.id === s.id)?.name ?? ''
    lines.push(`${s.id} ${name}：${sceneLevelName(s.before)} → ${sceneLevelName(s.after)}`)
  }
  return lines
}
