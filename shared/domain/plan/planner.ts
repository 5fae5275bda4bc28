/**
 * The 一企一策 planner (issue 13 item 1): from an assessment, its rule profile, a target level and
 * a measures library, the set of item changes with the LEAST total effort that reaches the target.
 *
 * Why it is exact. A level rung needs (a) total ≥ T, (b) ≥ n scenes at ≥ the level and (c) ≥ m of
 * them 约束性. The total depends only on the questions, the counts only on the scenes, so the
 * cheapest plan is the cheapest question part for (a) plus the cheapest scene part for (b)+(c):
 *
 * - Questions: the scoring is additive per question (multi choice additive per option), so (a) is
 *   a multiple-choice knapsack: one group per single-choice question (its higher options, each
 *   with the summed effort of the option steps up to it) and one group per unselected option of a
 *   multi-choice question. All gains are whole milli-points, so after dividing by their gcd the
 *   dynamic programme over "gain still needed" (capped at the deficit) has a few thousand states.
 * - Scenes: raising a scene above the level adds nothing, so each candidate scene is raised to
 *   exactly the level or left. For k 约束性 scenes raised, the best choice is the k cheapest
 *   约束性 ones plus the cheapest others to make up the count; trying every k is exact.
 *
 * Ties are broken by fewer changes, then by catalogue order, so the plan is deterministic. Every
 * effort is positive, so a least-effort plan is irreducible: without any one step it misses the
 * target (else that smaller plan would cost less). The plan is proven by re-scoring the changed
 * assessment with scoreAssessment, and each step's necessity is re-checked the same way; a plan
 * that fails either check is a bug and throws.
 */
import type { CatalogueQuestion, PinnedCatalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { formatMilli, fromMilli, toMilli } from '../scoring/points'
import { questionMilli, scoreAssessment } from '../scoring/score-assessment'
import type {
  Answers,
  AssessmentResult,
  LevelRule,
  RuleProfile,
  SceneJudgements,
  SceneLevel,
} from '../scoring/types'
import { entryKey, measuresHash } from './measures-schema'
import type {
  ImprovementPlan,
  IntRange,
  MeasureEntry,
  MeasuresLibrary,
  PlanObstacle,
  PlanStep,
  TargetLevel,
} from './types'

export interface PlanInput {
  pinned: PinnedCatalogue
  profile: RuleProfile
  answers: Answers
  scenes: SceneJudgements
  target: TargetLevel
  library: MeasuresLibrary
  /** Items the plan must leave as they are (e.g. the enterprise will not change them). */
  exclude?: readonly string[]
}

/** What re-scoring reads of a step: the item and its complete value after the change. */
export type StepChange = Pick<PlanStep, 'item' | 'kind' | 'answer' | 'level'>

const indexCache = new WeakMap<MeasuresLibrary, Map<string, MeasureEntry>>()
function libraryIndex(l: MeasuresLibrary): Map<string, MeasureEntry> {
  let ix = indexCache.get(l)
  if (!ix) {
    ix = new Map(l.entries.map((e) => [entryKey(e.item, e.option ?? e.level ?? ''), e]))
    indexCache.set(l, ix)
  }
  return ix
}
const hashCache = new WeakMap<MeasuresLibrary, string>()
function hashOf(l: MeasuresLibrary): string {
  let h = hashCache.get(l)
  if (!h) {
    h = measuresHash(l)
    hashCache.set(l, h)
  }
  return h
}

function entry(l: MeasuresLibrary, item: string, optionOrLevel: string | number): MeasureEntry {
  const e = libraryIndex(l).get(entryKey(item, optionOrLevel))
  if (!e)
    throw new Error(
      `measures: library '${l.id}' has no entry for ${entryKey(item, optionOrLevel)} (not checked against the catalogue?)`,
    )
  return e
}

const sumRange = (rs: readonly IntRange[]): IntRange => ({
  min: rs.reduce((s, r) => s + r.min, 0),
  max: rs.reduce((s, r) => s + r.max, 0),
})

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b]
  return a
}

/** One way to raise a group: the options it takes, its gain and effort. */
interface Upgrade {
  gainMilli: number
  effort: number
  /** the option keys passed (single) or added (multi), in order */
  options: string[]
  entries: MeasureEntry[]
}
interface Group {
  q: CatalogueQuestion
  upgrades: Upgrade[]
}

/** Per-question upgrade groups (see the file comment); excluded questions have none. */
function questionGroups(
  input: PlanInput,
  excluded: ReadonlySet<string>,
): { groups: Group[]; maxGainMilli: number } {
  const groups: Group[] = []
  let maxGainMilli = 0
  for (const q of input.pinned.catalogue.questions) {
    if (excluded.has(q.id)) continue
    const cur = input.answers[q.id]
    if (q.type === 'single') {
      const curIdx = typeof cur === 'string' ? q.options.findIndex((o) => o.key === cur) : 0
      const curMilli = questionMilli(q, cur)
      const ups: Upgrade[] = []
      const passed: string[] = []
      const entries: MeasureEntry[] = []
      let effort = 0
      for (let j = Math.max(curIdx, 0) + 1; j < q.options.length; j++) {
        const o = q.options[j]!
        const e = entry(input.library, q.id, o.key)
        passed.push(o.key)
        entries.push(e)
        effort += e.effort
        const gain = toMilli(o.score) - curMilli
        if (gain > 0)
          ups.push({ gainMilli: gain, effort, options: [...passed], entries: [...entries] })
      }
      if (ups.length) {
        groups.push({ q, upgrades: ups })
        maxGainMilli += Math.max(...ups.map((u) => u.gainMilli))
      }
    } else {
      const selected = new Set(Array.isArray(cur) ? cur : [])
      for (const o of q.options) {
        if (o.exclusive || selected.has(o.key) || toMilli(o.score) <= 0) continue
        const e = entry(input.library, q.id, o.key)
        groups.push({
          q,
          upgrades: [
            { gainMilli: toMilli(o.score), effort: e.effort, options: [o.key], entries: [e] },
          ],
        })
        maxGainMilli += toMilli(o.score)
      }
    }
  }
  return { groups, maxGainMilli }
}

/** Effort and change count in one comparable number: effort first, then fewer changes. */
const TIE = 4096
const key = (effort: number, changes: number): number => effort * TIE + changes

/**
 * The least-effort choice of at most one upgrade per group with total gain ≥ deficit (exact DP).
 * Returns the chosen upgrade per group (−1 = none).
 */
function solveQuestions(groups: readonly Group[], deficitMilli: number): number[] {
  let unit = 0
  for (const g of groups) for (const u of g.upgrades) unit = gcd(unit, u.gainMilli)
  const need = Math.ceil(deficitMilli / unit)
  const states = need + 1
  // f[r] = least key of the groups so far that gain ≥ r units (r capped at need)
  let f = new Float64Array(states).fill(Infinity)
  f[0] = 0
  let next = new Float64Array(states)
  const choice = new Int8Array(groups.length * states).fill(-1)
  for (const [gi, g] of groups.entries()) {
    next.set(f)
    const base = gi * states
    for (const [ui, u] of g.upgrades.entries()) {
      const gain = u.gainMilli / unit
      const cost = key(u.effort, 1)
      for (let r = 1; r < states; r++) {
        const from = f[r > gain ? r - gain : 0]!
        const v = from + cost
        if (v < next[r]!) {
          next[r] = v
          choice[base + r] = ui
        }
      }
    }
    ;[f, next] = [next, f]
  }
  const chosen = new Array<number>(groups.length).fill(-1)
  let r = need
  for (let gi = groups.length - 1; gi >= 0 && r > 0; gi--) {
    const ui = choice[gi * states + r]!
    if (ui < 0) continue
    chosen[gi] = ui
    const gain = groups[gi]!.upgrades[ui]!.gainMilli / unit
    r = r > gain ? r - gain : 0
  }
  if (r > 0) throw new Error('planner: question part did not reach the deficit (bug)')
  return chosen
}

interface SceneCandidate {
  id: string
  index: number
  from: SceneLevel | null
  constrained: boolean
  effort: number
  entries: MeasureEntry[]
}

/** The scenes to raise to the target level, or the obstacles when the counts are out of reach. */
function solveScenes(
  input: PlanInput,
  rule: LevelRule,
  before: AssessmentResult,
  excluded: ReadonlySet<string>,
): { chosen: SceneCandidate[] } | { obstacles: PlanObstacle[] } {
  const T = rule.level
  const name = levelName(T)
  const cons = new Set(input.profile.constrainedScenes)
  const cands: SceneCandidate[] = []
  for (const [index, s] of input.pinned.catalogue.scenes.entries()) {
    const from = input.scenes[s.id] ?? null
    if ((from ?? 0) >= T || excluded.has(s.id)) continue
    const entries: MeasureEntry[] = []
    for (let l = (from ?? 0) + 1; l <= T; l++) entries.push(entry(input.library, s.id, l))
    cands.push({
      id: s.id,
      index,
      from,
      constrained: cons.has(s.id),
      effort: entries.reduce((n, e) => n + e.effort, 0),
      entries,
    })
  }
  const byCost = (a: SceneCandidate, b: SceneCandidate) => a.effort - b.effort || a.index - b.index
  const C = cands.filter((x) => x.constrained).sort(byCost)
  const N = cands.filter((x) => !x.constrained).sort(byCost)
  const have = before.scenes.atLeast[T]
  const haveC = before.scenes.constrainedAtLeast[T]
  const needAll = Math.max(0, rule.minScenes - have)
  const needC = Math.max(0, rule.minConstrainedScenes - haveC)
  const obstacles: PlanObstacle[] = []
  if (needC > C.length)
    obstacles.push({
      condition: 'constrainedScenes',
      reachable: haveC + C.length,
      need: rule.minConstrainedScenes,
      text: `约束性场景最多 ${haveC + C.length} 个能达到${name}，${name}需 ${rule.minConstrainedScenes} 个`,
    })
  if (needAll > C.length + N.length)
    obstacles.push({
      condition: 'scenes',
      reachable: have + C.length + N.length,
      need: rule.minScenes,
      text: `最多 ${have + C.length + N.length} 个场景能达到${name}，${name}需 ${rule.minScenes} 个`,
    })
  if (obstacles.length) return { obstacles }
  const prefix = (xs: SceneCandidate[]) =>
    xs.reduce<number[]>((acc, x) => [...acc, acc[acc.length - 1]! + x.effort], [0])
  const pC = prefix(C)
  const pN = prefix(N)
  let best: { k: number; rest: number; v: number } | null = null
  for (let k = needC; k <= C.length; k++) {
    const rest = Math.max(0, needAll - k)
    if (rest > N.length) continue
    const v = key(pC[k]! + pN[rest]!, k + rest)
    if (!best || v < best.v) best = { k, rest, v }
    if (rest === 0) break // more 约束性 scenes only add effort
  }
  if (!best) throw new Error('planner: no scene choice although the counts are reachable (bug)')
  return { chosen: [...C.slice(0, best.k), ...N.slice(0, best.rest)] }
}

function applySteps(
  answers: Answers,
  scenes: SceneJudgements,
  steps: readonly StepChange[],
): { answers: Answers; scenes: SceneJudgements } {
  const a: Answers = { ...answers }
  const s: SceneJudgements = { ...scenes }
  for (const st of steps) {
    if (st.kind === 'question' && st.answer !== undefined) a[st.item] = st.answer
    if (st.kind === 'scene' && st.level !== undefined) s[st.item] = st.level
  }
  return { answers: a, scenes: s }
}

/** The rung of `target` is met by this result (rungs never rise going down, so level ≥ target). */
function meets(r: AssessmentResult, target: TargetLevel): boolean {
  return r.checks.some((c) => c.level === target && c.met)
}

/**
 * Re-scores the assessment with `steps` applied, and with each step reverted in turn. Returns
 * the re-scored result and the items whose reversal still meets the target (should be none).
 */
export function verifySteps(
  input: Pick<PlanInput, 'pinned' | 'profile' | 'answers' | 'scenes' | 'target'>,
  steps: readonly StepChange[],
): { after: AssessmentResult; meets: boolean; droppable: string[] } {
  const { pinned, profile, target } = input
  const all = applySteps(input.answers, input.scenes, steps)
  const after = scoreAssessment(pinned, profile, all.answers, all.scenes)
  const droppable = steps
    .filter((_, i) => {
      const rest = applySteps(
        input.answers,
        input.scenes,
        steps.filter((_, j) => j !== i),
      )
      return meets(scoreAssessment(pinned, profile, rest.answers, rest.scenes), target)
    })
    .map((s) => s.item)
  return { after, meets: meets(after, target), droppable }
}

export function planImprovement(input: PlanInput): ImprovementPlan {
  const { pinned, profile, target, library } = input
  const c = pinned.catalogue
  if (![1, 2, 3, 4].includes(target))
    throw new RangeError(`target: must be 1, 2, 3 or 4, got ${String(target)}`)
  if (library.catalogueId !== c.id)
    throw new Error(
      `measures: library '${library.id}' is for catalogue '${library.catalogueId}', not '${c.id}'`,
    )
  const rule = profile.rules.find((r) => r.level === target)
  if (!rule) throw new Error(`ruleProfile: '${profile.id}' has no rule for level ${target}`)
  const ids = new Set([...c.questions.map((q) => q.id), ...c.scenes.map((s) => s.id)])
  const excludedList = [...(input.exclude ?? [])]
  for (const [i, id] of excludedList.entries())
    if (!ids.has(id)) throw new Error(`exclude.${i}: '${id}' is not a question or scene of ${c.id}`)
  const excluded = new Set(excludedList)

  const before = scoreAssessment(pinned, profile, input.answers, input.scenes)
  const beforeScore = { total: before.total, level: before.level }
  const base = {
    target,
    before: beforeScore,
    excluded: excludedList,
    provisional: before.provisional,
    ruleProfileId: profile.id,
    measures: { id: library.id, version: library.version, hash: hashOf(library) },
  }

  const totalMilli = toMilli(before.total)
  const deficit = Math.max(0, toMilli(rule.minScore) - totalMilli)
  const { groups, maxGainMilli } = questionGroups(input, excluded)
  const obstacles: PlanObstacle[] = []
  if (maxGainMilli < deficit)
    obstacles.push({
      condition: 'score',
      reachable: fromMilli(totalMilli + maxGainMilli),
      need: rule.minScore,
      text: `总分最多可达 ${formatMilli(totalMilli + maxGainMilli)} 分，${levelName(target)}需 ${formatMilli(toMilli(rule.minScore))} 分`,
    })
  const sceneSolution = solveScenes(input, rule, before, excluded)
  if ('obstacles' in sceneSolution) obstacles.push(...sceneSolution.obstacles)
  if (obstacles.length)
    return {
      ...base,
      reachable: false,
      after: beforeScore,
      steps: [],
      effort: 0,
      costYuan: { min: 0, max: 0 },
      obstacles,
    }
  if ('obstacles' in sceneSolution) throw new Error('unreachable')

  const steps: PlanStep[] = []
  if (deficit > 0) {
    const chosen = solveQuestions(groups, deficit)
    // Merge the chosen upgrades per question, in catalogue order.
    const perQuestion = new Map<string, { q: CatalogueQuestion; ups: Upgrade[] }>()
    for (const [gi, ui] of chosen.entries()) {
      if (ui < 0) continue
      const g = groups[gi]!
      const slot = perQuestion.get(g.q.id) ?? { q: g.q, ups: [] }
      slot.ups.push(g.upgrades[ui]!)
      perQuestion.set(g.q.id, slot)
    }
    for (const q of c.questions) {
      const slot = perQuestion.get(q.id)
      if (!slot) continue
      const cur = input.answers[q.id]
      const options = slot.ups.flatMap((u) => u.options)
      const measures = slot.ups.flatMap((u) => u.entries)
      let answer: string | string[]
      if (q.type === 'single') answer = options[options.length - 1]!
      else {
        const keep = new Set([...(Array.isArray(cur) ? cur : []), ...options])
        answer = q.options.filter((o) => !o.exclusive && keep.has(o.key)).map((o) => o.key)
      }
      const gainMilli = questionMilli(q, answer) - questionMilli(q, cur)
      steps.push({
        item: q.id,
        kind: 'question',
        answer,
        before: cur === undefined ? null : Array.isArray(cur) ? [...cur] : cur,
        options,
        gain: fromMilli(gainMilli),
        effort: measures.reduce((n, e) => n + e.effort, 0),
        costYuan: sumRange(measures.map((e) => e.costYuan)),
        weeks: sumRange(measures.map((e) => e.weeks)),
        measures,
      })
    }
  }
  const sceneOrder = [...sceneSolution.chosen].sort((a, b) => a.index - b.index)
  for (const s of sceneOrder)
    steps.push({
      item: s.id,
      kind: 'scene',
      level: target,
      before: s.from,
      gain: 0,
      constrained: s.constrained,
      effort: s.effort,
      costYuan: sumRange(s.entries.map((e) => e.costYuan)),
      weeks: sumRange(s.entries.map((e) => e.weeks)),
      measures: s.entries,
    })

  const proof = verifySteps(input, steps)
  if (!proof.meets)
    throw new Error(`planner: the plan for ${levelName(target)} does not re-score to it (bug)`)
  if (proof.droppable.length)
    throw new Error(`planner: step ${proof.droppable.join(', ')} could be dropped (bug)`)
  return {
    ...base,
    reachable: true,
    after: { total: proof.after.total, level: proof.after.level },
    steps,
    effort: steps.reduce((n, s) => n + s.effort, 0),
    costYuan: sumRange(steps.map((s) => s.costYuan)),
    obstacles: [],
  }
}
