import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MIIT_2024, findQuestion } from '../catalogue'
import type { CatalogueQuestion } from '../catalogue/types'
import { determineLevel } from '../levels/determine-level'
import { MIIT_2024_DEFAULT, MIIT_2024_S9 } from '../levels/rule-profiles'
import { formatMilli, formatPoints, fromMilli, toMilli } from './points'
import { questionMilli, scoreAssessment } from './score-assessment'
import { reachable, reachableTotals, scenesWith } from './test-helpers'
import type { Answers, SceneCounts, SceneJudgements, SceneLevel } from './types'
import { validateAnswer } from './validate-answer'

const P = MIIT_2024
const C = P.catalogue
const D = MIIT_2024_DEFAULT
const CONS = D.constrainedScenes
const q = (id: string): CatalogueQuestion => {
  const x = findQuestion(C, id)
  if (!x) throw new Error(id)
  return x
}

const totals = reachableTotals(C)
function answersFor(milli: number): Answers {
  const a = totals.get(milli)
  if (!a) throw new Error(`total ${milli} not reachable`)
  return a
}
/** The largest reachable total strictly below `milli`. */
function justBelow(milli: number): number {
  let best = -1
  for (const t of totals.keys()) if (t < milli && t > best) best = t
  return best
}
const allMax: Answers = Object.fromEntries(
  C.questions.map((x) => [
    x.id,
    x.type === 'single'
      ? (x.options[x.options.length - 1]?.key ?? '')
      : x.options.filter((o) => !o.exclusive).map((o) => o.key),
  ]),
)
const allNone: Answers = Object.fromEntries(
  C.questions.map((x) => [x.id, x.type === 'single' ? 'A' : ['A']]),
)
const allScenes = (level: SceneLevel): SceneJudgements =>
  Object.fromEntries(C.scenes.map((s) => [s.id, level]))

describe('points', () => {
  it('converts exactly and formats without float noise', () => {
    expect(toMilli(0.7)).toBe(700)
    expect(toMilli(1.875)).toBe(1875)
    expect(toMilli(5.625)).toBe(5625)
    expect(fromMilli(3500)).toBe(3.5)
    expect(formatMilli(3500)).toBe('3.5')
    expect(formatMilli(1875)).toBe('1.875')
    expect(formatMilli(12000)).toBe('12')
    expect(formatMilli(700)).toBe('0.7')
    expect(formatMilli(0)).toBe('0')
    expect(formatMilli(-1250)).toBe('-1.25')
    expect(formatPoints(0.1 + 0.2)).toBe('0.3')
    expect(formatPoints(0.7 * 3)).toBe('2.1')
  })
})

describe('scoreAssessment: scores', () => {
  it('all maxima give 100 = 50 + 30 + 20, every secondary at its max', () => {
    const r = scoreAssessment(P, D, allMax, allScenes(4))
    expect(r.total).toBe(100)
    expect(r.dimensions.D1).toEqual({ id: 'D1', name: '数字化基础', score: 50, max: 50 })
    expect(r.dimensions.D3.score).toBe(30)
    expect(r.dimensions.D4.score).toBe(20)
    for (const s of r.secondaries) expect(s.score, s.id).toBe(s.max)
    for (const x of r.questions) expect(x.score, x.id).toBe(x.max)
    expect(r.level).toBe(4)
    expect(r.levelName).toBe('四级')
    expect(r.next).toBeNull()
    expect(r.provisional).toBe(false)
    expect(r.unanswered).toEqual({ questions: [], scenes: [] })
    expect(r.catalogueHash).toBe(P.hash)
    expect(r.ruleProfileId).toBe('MIIT-2024-default')
  })

  it('「无」 and A everywhere give 0 and 无等级', () => {
    const r = scoreAssessment(P, D, allNone, allScenes(0))
    expect(r.total).toBe(0)
    expect(r.level).toBe(0)
    expect(r.levelName).toBe('无等级')
    expect(r.questions.every((x) => x.answered && x.score === 0)).toBe(true)
  })

  it('single choice scores its option; multi sums its options', () => {
    expect(questionMilli(q('Q11'), 'D')).toBe(5625)
    expect(questionMilli(q('Q09'), ['B', 'D', 'E'])).toBe(5625)
    expect(questionMilli(q('Q04'), ['B', 'C', 'O'])).toBe(2300)
    expect(questionMilli(q('Q01'), ['A'])).toBe(0)
    expect(questionMilli(q('Q01'), undefined)).toBe(0)
    const r = scoreAssessment(P, D, { Q04: ['B', 'C', 'D'], Q06: ['B'], Q09: ['B', 'C'] }, {})
    expect(r.total).toBe(2.1 + 1.25 + 3.75)
    expect(r.questions.find((x) => x.id === 'Q04')).toEqual({
      id: 'Q04',
      answered: true,
      score: 2.1,
      max: 10,
      selected: ['B', 'C', 'D'],
    })
    expect(r.secondaries.find((s) => s.id === 'D1.2')?.score).toBe(2.1)
    expect(r.secondaries.find((s) => s.id === 'D1.4')?.score).toBe(1.25)
    expect(r.dimensions.D1.score).toBe(3.35)
    expect(r.dimensions.D3.score).toBe(3.75)
  })

  it('is exact: ten times 0.7 is 7, not 6.999999999999999', () => {
    const keys = ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K']
    expect(keys.reduce((s) => s + 0.7, 0)).not.toBe(7) // the float trap being avoided
    const r = scoreAssessment(P, D, { Q04: keys }, {})
    expect(r.total).toBe(7)
  })

  it('a total of exactly 40 from 0.7s, 1.25s and 1.875s reaches 二级; 39.3 does not', () => {
    const base: Answers = {
      Q01: ['B', 'C', 'D'], // 6
      Q02: 'B', // 1.5
      Q03: 'A',
      Q04: ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'], // 10 × 0.7 = 7
      Q05: 'B', // 2.5
      Q06: ['B', 'C', 'D', 'E'], // 5
      Q07: ['B', 'C', 'D'], // 3.75
      Q08: 'A',
      Q09: ['B', 'C', 'D'], // 5.625
      Q10: ['A'],
      Q11: 'D', // 5.625
      Q12: 'A',
      Q13: 'A',
      Q14: 'B', // 1.5
      Q15: 'B', // 1.5 → 40 (not 39.99999…)
    }
    const scenes = scenesWith(C, CONS, 2, 3, 3, 1)
    const r = scoreAssessment(P, D, base, scenes)
    expect(r.total).toBe(40)
    expect(r.level).toBe(2)
    const less = { ...base, Q04: ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'] }
    const r2 = scoreAssessment(P, D, less, scenes)
    expect(r2.total).toBe(39.3)
    expect(r2.level).toBe(1)
    expect(r2.next?.text).toBe('距二级：总分还差 0.7 分')
  })

  it('every reachable total is exact and the level follows the exact threshold', () => {
    const scenes = allScenes(4)
    for (const [milli, answers] of totals) {
      if (milli % 97 !== 0 && ![20000, 40000, 60000, 80000].includes(milli)) continue
      const r = scoreAssessment(P, D, answers, scenes)
      expect(toMilli(r.total)).toBe(milli)
      expect(r.total).toBe(milli / 1000)
      const expected =
        milli >= 80000 ? 4 : milli >= 60000 ? 3 : milli >= 40000 ? 2 : milli >= 20000 ? 1 : 0
      expect(r.level, String(milli)).toBe(expected)
    }
  })
})

describe('overall level: every threshold on both sides', () => {
  const rungs = D.rules
  for (const rule of rungs) {
    const L = rule.level
    const need = toMilli(rule.minScore)
    const okScenes = scenesWith(
      C,
      CONS,
      L,
      rule.minConstrainedScenes,
      rule.minScenes - rule.minConstrainedScenes,
    )

    it(`${L}级: score exactly ${rule.minScore} meets it; the next reachable total below does not`, () => {
      expect(scoreAssessment(P, D, answersFor(need), okScenes).level).toBe(L)
      const below = justBelow(need)
      expect(need - below).toBeLessThanOrEqual(250)
      const r = scoreAssessment(P, D, answersFor(below), okScenes)
      expect(r.level).toBeLessThan(L)
      expect(r.checks.find((c) => c.level === L)?.score).toEqual({
        have: below / 1000,
        need: rule.minScore,
        met: false,
      })
    })

    it(`${L}级: score one milli-point short fails (determineLevel)`, () => {
      const counts = scoreAssessment(P, D, {}, okScenes).scenes
      expect(determineLevel(D, need, counts).level).toBe(L)
      expect(determineLevel(D, need - 1, counts).level).toBeLessThan(L)
    })

    it(`${L}级: ${rule.minScenes} scenes at ≥${L} meet it, ${rule.minScenes - 1} do not`, () => {
      const answers = answersFor(need)
      // exactly enough scenes, of which exactly enough 约束性; the rest one level lower
      const lower = (L - 1) as SceneLevel
      const exact = scenesWith(
        C,
        CONS,
        L,
        rule.minConstrainedScenes,
        rule.minScenes - rule.minConstrainedScenes,
        lower,
      )
      expect(scoreAssessment(P, D, answers, exact).level).toBe(L)
      const short = scenesWith(
        C,
        CONS,
        L,
        rule.minConstrainedScenes,
        rule.minScenes - rule.minConstrainedScenes - 1,
        lower,
      )
      const r = scoreAssessment(P, D, answers, short)
      expect(r.level).toBeLessThan(L)
      const check = r.checks.find((c) => c.level === L)
      expect(check?.scenes).toEqual({ have: rule.minScenes - 1, need: rule.minScenes, met: false })
      expect(check?.constrainedScenes.met).toBe(true)
    })

    it(`${L}级: ${rule.minConstrainedScenes} 约束性 scenes meet it, ${rule.minConstrainedScenes - 1} do not (even with more scenes)`, () => {
      const answers = answersFor(need)
      const lower = (L - 1) as SceneLevel
      const ok = scenesWith(C, CONS, L, rule.minConstrainedScenes, 6, lower)
      expect(scoreAssessment(P, D, answers, ok).level).toBe(L)
      const short = scenesWith(C, CONS, L, rule.minConstrainedScenes - 1, 6, lower)
      expect(short && Object.values(short).filter((v) => v >= L).length).toBeGreaterThanOrEqual(
        rule.minScenes,
      )
      const r = scoreAssessment(P, D, answers, short)
      expect(r.level).toBeLessThan(L)
      expect(r.checks.find((c) => c.level === L)?.constrainedScenes).toEqual({
        have: rule.minConstrainedScenes - 1,
        need: rule.minConstrainedScenes,
        met: false,
      })
    })
  }

  it('scenes count toward a level when judged at or above it', () => {
    // 6 scenes at 四级 (3 约束性) count for 一级 and 二级 with score 40
    const scenes = scenesWith(C, CONS, 4, 3, 3, 0)
    const r = scoreAssessment(P, D, answersFor(45000), scenes)
    expect(r.scenes.atLeast).toEqual([16, 6, 6, 6, 6])
    expect(r.scenes.byLevel).toEqual([10, 0, 0, 0, 6])
    expect(r.scenes.constrainedAtLeast).toEqual([10, 3, 3, 3, 3])
    expect(r.scenes.constrainedTotal).toBe(10)
    expect(r.scenes.total).toBe(16)
    expect(r.scenes.judged).toBe(16)
    expect(r.level).toBe(2)
  })

  it('a high score without scenes is 无等级; many scenes without score too', () => {
    expect(scoreAssessment(P, D, allMax, allScenes(0)).level).toBe(0)
    expect(scoreAssessment(P, D, answersFor(19875), allScenes(4)).level).toBe(0)
    expect(scoreAssessment(P, D, answersFor(20000), allScenes(4)).level).toBe(1)
  })

  it('checks lists every rung from 四级 down, first met wins', () => {
    const r = scoreAssessment(P, D, allMax, scenesWith(C, CONS, 3, 5, 3, 2))
    expect(r.checks.map((c) => [c.level, c.met])).toEqual([
      [4, false],
      [3, true],
      [2, true],
      [1, true],
    ])
    expect(r.level).toBe(3)
  })

  it('the S9 profile does not count SC12 仓储物流 as 约束性', () => {
    // 二级 with exactly 3 约束性 scenes, one of which is SC12
    const scenes: SceneJudgements = { SC12: 2, SC01: 2, SC03: 2, SC02: 2, SC04: 2, SC05: 2 }
    const a = answersFor(40000)
    expect(scoreAssessment(P, D, a, scenes).level).toBe(2)
    const r = scoreAssessment(P, MIIT_2024_S9, a, scenes)
    expect(r.level).toBe(0)
    expect(r.scenes.constrainedTotal).toBe(9)
    expect(r.ruleProfileId).toBe('MIIT-2024-s9')
    expect(r.next?.text).toBe('距一级：还需 1 个场景达到一级，其中 1 个约束性场景')
  })
})

describe('gap to the next level', () => {
  it('names points, scenes and 约束性 scenes that are missing', () => {
    // 二级 now; 三级 needs 60 / 8 / 5: have 56.5, 6 scenes at ≥3 of which 4 约束性
    const scenes = scenesWith(C, CONS, 3, 4, 2, 2)
    const r = scoreAssessment(P, D, answersFor(56500), scenes)
    expect(r.level).toBe(2)
    expect(r.next).toEqual({
      level: 3,
      scoreGap: 3.5,
      scenesNeeded: 2,
      constrainedNeeded: 1,
      text: '距三级：总分还差 3.5 分；还需 2 个场景达到三级，其中 1 个约束性场景',
    })
  })

  it('only the missing parts appear', () => {
    const scenesOk3 = scenesWith(C, CONS, 3, 5, 3, 2)
    expect(scoreAssessment(P, D, answersFor(58125), scenesOk3).next?.text).toBe(
      '距三级：总分还差 1.875 分',
    )
    const noCons = scenesWith(C, CONS, 3, 5, 1, 2)
    expect(scoreAssessment(P, D, answersFor(60000), noCons).next?.text).toBe(
      '距三级：还需 2 个场景达到三级',
    )
    const onlyCons = scenesWith(C, CONS, 3, 3, 6, 2)
    const r = scoreAssessment(P, D, answersFor(61000), onlyCons)
    expect(r.next).toMatchObject({ scoreGap: 0, scenesNeeded: 2, constrainedNeeded: 2 })
    expect(r.next?.text).toBe('距三级：还需 2 个场景达到三级，其中 2 个约束性场景')
  })

  it('the 约束性 gap can exceed the scene-count gap', () => {
    // 7 scenes at 三级 but only 1 约束性, the rest at 0: enough scenes for 一级 by count, 2 约束性 short
    const scenes = scenesWith(C, CONS, 3, 1, 6, 0)
    const r = scoreAssessment(P, D, answersFor(48000), scenes)
    expect(r.level).toBe(0)
    expect(r.next?.level).toBe(1)
    expect(r.next?.text).toBe('距一级：还需 2 个场景达到一级，其中 2 个约束性场景')
    const counts: SceneCounts = r.scenes
    const d = determineLevel(D, 60000, { ...counts })
    expect(d.level).toBe(0)
  })

  it('from nothing: everything for 一级, with whole points printed as integers', () => {
    const r = scoreAssessment(P, D, {}, {})
    expect(r.next?.text).toBe('距一级：总分还差 20 分；还需 6 个场景达到一级，其中 3 个约束性场景')
    expect(r.next?.scoreGap).toBe(20)
  })

  it('points are formatted without float noise', () => {
    const r = scoreAssessment(P, D, answersFor(27900), scenesWith(C, CONS, 2, 3, 3, 1))
    expect(r.level).toBe(1)
    expect(r.next?.text).toBe('距二级：总分还差 12.1 分')
    expect(r.next?.scoreGap).toBe(12.1)
  })
})

describe('incomplete assessments', () => {
  it('are provisional and list what is unanswered, in catalogue order', () => {
    const r = scoreAssessment(P, D, { Q03: 'B', Q01: ['A'] }, { SC16: 1, SC02: 0 })
    expect(r.provisional).toBe(true)
    expect(r.unanswered.questions).toEqual(
      C.questions.map((x) => x.id).filter((id) => id !== 'Q01' && id !== 'Q03'),
    )
    expect(r.unanswered.scenes).toHaveLength(14)
    expect(r.unanswered.scenes).not.toContain('SC02')
    expect(r.scenes.judged).toBe(2)
    expect(r.scenes.byLevel).toEqual([1, 1, 0, 0, 0])
    expect(r.questions.find((x) => x.id === 'Q02')).toMatchObject({
      answered: false,
      score: 0,
      selected: [],
    })
  })
  it('a key present with undefined counts as unanswered (a cleared answer)', () => {
    const answers = { Q01: undefined, Q02: 'E' } as unknown as Answers
    const scenes = { SC01: undefined, SC02: 3 } as unknown as SceneJudgements
    const r = scoreAssessment(P, D, answers, scenes)
    expect(r.total).toBe(6)
    expect(r.unanswered.questions).toContain('Q01')
    expect(r.unanswered.scenes).toContain('SC01')
    expect(r.scenes.judged).toBe(1)
  })
  it('one unjudged scene is enough to be provisional', () => {
    const scenes = allScenes(4)
    delete scenes.SC16
    const r = scoreAssessment(P, D, allMax, scenes)
    expect(r.provisional).toBe(true)
    expect(r.unanswered).toEqual({ questions: [], scenes: ['SC16'] })
    expect(r.level).toBe(4)
  })
})

describe('invalid input throws (callers validate first)', () => {
  it('unknown ids, bad answers, bad levels, wrong profile', () => {
    expect(() => scoreAssessment(P, D, { Q99: 'A' }, {})).toThrow(
      'answers.Q99: unknown question id',
    )
    expect(() => scoreAssessment(P, D, { Q01: ['A', 'B'] }, {})).toThrow('answers.Q01')
    expect(() => scoreAssessment(P, D, {}, { SC17: 1 })).toThrow('scenes.SC17: unknown scene id')
    expect(() => scoreAssessment(P, D, {}, { SC01: 5 as SceneLevel })).toThrow(
      'scenes.SC01: level must be an integer 0–4, got 5',
    )
    expect(() => scoreAssessment(P, D, {}, { SC01: 1.5 as SceneLevel })).toThrow('scenes.SC01')
    expect(() => scoreAssessment(P, { ...D, catalogueId: 'X' }, {}, {})).toThrow(
      "rule profile 'MIIT-2024-default' is for catalogue 'X'",
    )
  })
})

describe('validateAnswer', () => {
  it('accepts valid answers', () => {
    expect(validateAnswer(q('Q02'), 'E')).toBeNull()
    expect(validateAnswer(q('Q01'), ['A'])).toBeNull()
    expect(validateAnswer(q('Q01'), ['B', 'E'])).toBeNull()
    expect(validateAnswer(q('Q04'), ['O'])).toBeNull()
  })
  it('single choice: a list, an unknown key, not a string', () => {
    expect(validateAnswer(q('Q02'), ['D'])).toBe(
      'Q02: a single-choice question takes one option key, not a list',
    )
    expect(validateAnswer(q('Q02'), 'F')).toBe("Q02: unknown option key 'F' (known: A, B, C, D, E)")
    expect(validateAnswer(q('Q02'), 'd')).toMatch(/^Q02: unknown option key 'd'/)
    expect(validateAnswer(q('Q12'), 3)).toBe(
      'Q12: a single-choice answer is one option key (A, B, C), got number',
    )
    expect(validateAnswer(q('Q12'), null)).toMatch(/got null$/)
  })
  it('multi choice: 「无」 with others, empty, unknown, duplicate, not a list', () => {
    expect(validateAnswer(q('Q01'), ['A', 'B'])).toBe(
      'Q01: 「无」(A) cannot be combined with other options',
    )
    expect(validateAnswer(q('Q09'), ['C', 'A'])).toBe(
      'Q09: 「无」(A) cannot be combined with other options',
    )
    expect(validateAnswer(q('Q01'), [])).toBe(
      'Q01: empty list; select at least one option (「无」 if none applies)',
    )
    expect(validateAnswer(q('Q01'), ['F'])).toBe(
      "Q01: unknown option key 'F' (known: A, B, C, D, E)",
    )
    expect(validateAnswer(q('Q01'), ['B', 'B'])).toBe("Q01: option 'B' is selected twice")
    expect(validateAnswer(q('Q01'), 'B')).toBe(
      'Q01: a multi-choice question takes a list of option keys, e.g. ["B"]',
    )
    expect(validateAnswer(q('Q01'), [1])).toBe('Q01: option keys are strings, got number')
    expect(validateAnswer(q('Q01'), { B: true })).toMatch(/^Q01: a multi-choice answer is a list/)
  })
})

// ---------------------------------------------------------------- properties
const answerArb = (x: CatalogueQuestion): fc.Arbitrary<string | string[]> => {
  if (x.type === 'single') return fc.constantFrom(...x.options.map((o) => o.key))
  const excl = x.options.filter((o) => o.exclusive).map((o) => o.key)
  const rest = x.options.filter((o) => !o.exclusive).map((o) => o.key)
  return fc.oneof(
    fc.constant(excl),
    fc
      .subarray(rest, { minLength: 1 })
      .chain((s) => fc.shuffledSubarray(s, { minLength: s.length })),
  )
}
const answersArb: fc.Arbitrary<Answers> = fc.record(
  Object.fromEntries(C.questions.map((x) => [x.id, answerArb(x)])) as Record<
    string,
    fc.Arbitrary<string | string[]>
  >,
  { requiredKeys: [] },
) as fc.Arbitrary<Answers>
const scenesArb: fc.Arbitrary<SceneJudgements> = fc.record(
  Object.fromEntries(
    C.scenes.map((s) => [s.id, fc.constantFrom<SceneLevel>(0, 1, 2, 3, 4)]),
  ) as Record<string, fc.Arbitrary<SceneLevel>>,
  { requiredKeys: [] },
) as fc.Arbitrary<SceneJudgements>

describe('properties (fast-check)', () => {
  it('a question score never exceeds its maximum; the total never exceeds 100', () => {
    fc.assert(
      fc.property(answersArb, scenesArb, (answers, scenes) => {
        for (const a of Object.entries(answers)) expect(validateAnswer(q(a[0]), a[1])).toBeNull()
        const r = scoreAssessment(P, D, answers, scenes)
        for (const x of r.questions) {
          expect(x.score).toBeGreaterThanOrEqual(0)
          expect(x.score).toBeLessThanOrEqual(x.max)
        }
        for (const s of r.secondaries) expect(s.score).toBeLessThanOrEqual(s.max)
        expect(r.total).toBeLessThanOrEqual(100)
        expect(r.total).toBeGreaterThanOrEqual(0)
        // exact: the total is the integer milli sum of the question scores
        expect(toMilli(r.total)).toBe(r.questions.reduce((s, x) => s + toMilli(x.score), 0))
        expect(r.total).toBe(toMilli(r.total) / 1000)
        expect(r.provisional).toBe(
          Object.keys(answers).length < 15 || Object.keys(scenes).length < 16,
        )
      }),
      { numRuns: 500 },
    )
  })

  it('adding an option to a multi answer never lowers the score', () => {
    const multis = C.questions.filter((x) => x.type === 'multi')
    fc.assert(
      fc.property(fc.constantFrom(...multis), fc.nat(), fc.nat(), (x, seed1, seed2) => {
        const rest = x.options.filter((o) => !o.exclusive).map((o) => o.key)
        const excl = x.options.find((o) => o.exclusive)?.key ?? 'A'
        const chosen = rest.filter((_, i) => (seed1 >> i) & 1)
        const before: string[] = chosen.length ? chosen : [excl]
        const candidates = rest.filter((k) => !chosen.includes(k))
        fc.pre(candidates.length > 0)
        const add = candidates[seed2 % candidates.length] ?? ''
        const after = chosen.length ? [...chosen, add] : [add] // adding to 「无」 replaces it
        const r1 = scoreAssessment(P, D, { [x.id]: before }, {})
        const r2 = scoreAssessment(P, D, { [x.id]: after }, {})
        expect(r2.total).toBeGreaterThanOrEqual(r1.total)
        expect(r2.total).toBeGreaterThan(r1.total) // every non-「无」 option is worth > 0
      }),
      { numRuns: 1000 },
    )
  })

  it('raising a scene level or a score never lowers the overall level', () => {
    fc.assert(
      fc.property(
        answersArb,
        scenesArb,
        fc.constantFrom(...C.scenes.map((s) => s.id)),
        (answers, scenes, sid) => {
          const r1 = scoreAssessment(P, D, answers, scenes)
          const raised = { ...scenes, [sid]: Math.min(4, (scenes[sid] ?? 0) + 1) as SceneLevel }
          expect(scoreAssessment(P, D, answers, raised).level).toBeGreaterThanOrEqual(r1.level)
          expect(scoreAssessment(P, D, allMax, scenes).level).toBeGreaterThanOrEqual(r1.level)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the level is consistent with its checks and the gap is zero only for met conditions', () => {
    fc.assert(
      fc.property(answersArb, scenesArb, (answers, scenes) => {
        const r = scoreAssessment(P, D, answers, scenes)
        const firstMet = r.checks.find((c) => c.met)
        expect(r.level).toBe(firstMet?.level ?? 0)
        if (r.level === 4) expect(r.next).toBeNull()
        else {
          expect(r.next?.level).toBe(r.level + 1)
          const n = r.next
          if (!n) return
          expect(n.scoreGap > 0 || n.scenesNeeded > 0).toBe(true)
          expect(n.text.startsWith('距')).toBe(true)
          expect(n.text).not.toMatch(/\d\.\d{4,}/)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('helpers', () => {
  it('reachable() lists the exact scores of a question', () => {
    expect([...reachable(q('Q12')).keys()].sort((a, b) => a - b)).toEqual([0, 3500, 7000])
    expect(reachable(q('Q09')).size).toBe(5)
  })
})
