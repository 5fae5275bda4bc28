/**
 * Scores an assessment: per question, per secondary indicator, per dimension and in total, in
 * exact integer milli-points; scene counts; the overall level by a rule profile with its
 * explanation and the gap to the next level. Pure: same input, same output.
 *
 * Input must be valid (see validateAnswer and the exchange-format parser): an unknown question
 * or scene id, an invalid answer or a scene level outside 0–4 throws an Error.
 */
import type {
  Catalogue,
  CatalogueQuestion,
  PinnedCatalogue,
  ScoredDimensionId,
} from '../catalogue/types'
import { determineLevel } from '../levels/determine-level'
import { levelName } from '../levels/rule-profiles'
import { fromMilli, toMilli } from './points'
import type {
  Answers,
  AssessmentResult,
  QuestionScore,
  RuleProfile,
  SceneCounts,
  SceneJudgements,
  SubtotalScore,
} from './types'
import { validateAnswer } from './validate-answer'

/** Milli-points of one valid answer (undefined = unanswered = 0). */
export function questionMilli(q: CatalogueQuestion, answer: string | string[] | undefined): number {
  if (answer === undefined) return 0
  const keys = typeof answer === 'string' ? [answer] : answer
  let sum = 0
  for (const o of q.options) if (keys.includes(o.key)) sum += toMilli(o.score)
  return sum
}

export function countScenes(
  catalogue: Catalogue,
  profile: RuleProfile,
  scenes: SceneJudgements,
): SceneCounts {
  const constrained = new Set(profile.constrainedScenes)
  const byLevel: SceneCounts['byLevel'] = [0, 0, 0, 0, 0]
  const atLeast: SceneCounts['atLeast'] = [0, 0, 0, 0, 0]
  const constrainedAtLeast: SceneCounts['constrainedAtLeast'] = [0, 0, 0, 0, 0]
  let judged = 0
  let constrainedTotal = 0
  for (const s of catalogue.scenes) {
    const isConstrained = constrained.has(s.id)
    if (isConstrained) constrainedTotal++
    const level = scenes[s.id]
    if (level === undefined) continue
    judged++
    byLevel[level]++
    for (let n = 0; n <= level; n++) {
      atLeast[n] = (atLeast[n] ?? 0) + 1
      if (isConstrained) constrainedAtLeast[n] = (constrainedAtLeast[n] ?? 0) + 1
    }
  }
  return {
    byLevel,
    atLeast,
    constrainedAtLeast,
    judged,
    total: catalogue.scenes.length,
    constrainedTotal,
  }
}

interface CatalogueIndex {
  questionById: Map<string, CatalogueQuestion>
  sceneIds: Set<string>
}
const indexCache = new WeakMap<Catalogue, CatalogueIndex>()
function indexOf(c: Catalogue): CatalogueIndex {
  let ix = indexCache.get(c)
  if (!ix) {
    ix = {
      questionById: new Map(c.questions.map((q) => [q.id, q])),
      sceneIds: new Set(c.scenes.map((s) => s.id)),
    }
    indexCache.set(c, ix)
  }
  return ix
}

function checkInput(
  c: Catalogue,
  profile: RuleProfile,
  answers: Answers,
  scenes: SceneJudgements,
): void {
  if (profile.catalogueId !== c.id)
    throw new Error(
      `rule profile '${profile.id}' is for catalogue '${profile.catalogueId}', not '${c.id}'`,
    )
  const ix = indexOf(c)
  for (const [id, value] of Object.entries(answers)) {
    if (value === undefined) continue // a cleared answer = unanswered
    const q = ix.questionById.get(id)
    if (!q) throw new Error(`answers.${id}: unknown question id`)
    const err = validateAnswer(q, value)
    if (err) throw new Error(`answers.${err}`)
  }
  for (const [id, level] of Object.entries(scenes)) {
    if (level === undefined) continue
    if (!ix.sceneIds.has(id)) throw new Error(`scenes.${id}: unknown scene id`)
    if (!Number.isInteger(level) || level < 0 || level > 4)
      throw new Error(`scenes.${id}: level must be an integer 0–4, got ${String(level)}`)
  }
}

export function scoreAssessment(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  answers: Answers,
  scenes: SceneJudgements,
): AssessmentResult {
  const c = pinned.catalogue
  checkInput(c, profile, answers, scenes)

  const questionMillis = new Map<string, number>()
  const questions: QuestionScore[] = c.questions.map((q) => {
    const a = answers[q.id]
    const m = questionMilli(q, a)
    questionMillis.set(q.id, m)
    return {
      id: q.id,
      answered: a !== undefined,
      score: fromMilli(m),
      max: q.maxScore,
      selected: a === undefined ? [] : typeof a === 'string' ? [a] : [...a],
    }
  })

  const bySecondary = new Map<string, number>()
  const byDimension = new Map<string, number>()
  for (const q of c.questions) {
    const m = questionMillis.get(q.id) ?? 0
    bySecondary.set(q.secondary, (bySecondary.get(q.secondary) ?? 0) + m)
    byDimension.set(q.dimension, (byDimension.get(q.dimension) ?? 0) + m)
  }

  const secondaries: SubtotalScore[] = []
  const dimensions = {} as Record<ScoredDimensionId, SubtotalScore>
  let totalMilli = 0
  for (const d of c.dimensions) {
    if (d.mode !== 'scored') continue
    for (const s of d.secondaries)
      secondaries.push({
        id: s.id,
        name: s.name,
        score: fromMilli(bySecondary.get(s.id) ?? 0),
        max: s.maxScore,
      })
    const dm = byDimension.get(d.id) ?? 0
    totalMilli += dm
    dimensions[d.id as ScoredDimensionId] = {
      id: d.id,
      name: d.name,
      score: fromMilli(dm),
      max: d.maxScore ?? 0,
    }
  }

  const counts = countScenes(c, profile, scenes)
  const decision = determineLevel(profile, totalMilli, counts)
  const unanswered = {
    questions: c.questions.filter((q) => answers[q.id] === undefined).map((q) => q.id),
    scenes: c.scenes.filter((s) => scenes[s.id] === undefined).map((s) => s.id),
  }
  return {
    catalogueId: c.id,
    catalogueHash: pinned.hash,
    ruleProfileId: profile.id,
    total: fromMilli(totalMilli),
    dimensions,
    secondaries,
    questions,
    scenes: counts,
    level: decision.level,
    levelName: levelName(decision.level),
    checks: decision.checks,
    next: decision.next,
    provisional: unanswered.questions.length > 0 || unanswered.scenes.length > 0,
    unanswered,
  }
}
