import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../catalogue'
import type { CatalogueQuestion } from '../catalogue/types'
import { MIIT_2024_DEFAULT } from '../levels'
import { scoreAssessment, validateAnswer } from '../scoring'
import type { Answers, SceneJudgements, SceneLevel } from '../scoring/types'
import { answerKey, consolidate } from './index'
import { panelOf } from './test-fixtures'
import type { ExpertScoring, LeadDecision } from './types'

const P = MIIT_2024
const R = MIIT_2024_DEFAULT
const C = P.catalogue

/** A valid answer to q, or undefined (unanswered) when `open`. */
function answerArb(
  q: CatalogueQuestion,
  open: boolean,
): fc.Arbitrary<string | string[] | undefined> {
  let arb: fc.Arbitrary<string | string[] | undefined>
  if (q.type === 'single') arb = fc.constantFrom(...q.options.map((o) => o.key))
  else {
    const excl = q.options.filter((o) => o.exclusive).map((o) => [o.key])
    const rest = q.options.filter((o) => !o.exclusive).map((o) => o.key)
    arb = fc.oneof(fc.constantFrom(...excl), fc.shuffledSubarray(rest, { minLength: 1 }))
  }
  return open ? fc.option(arb, { nil: undefined, freq: 5 }) : arb
}

function scoringArb(open: boolean): fc.Arbitrary<{ answers: Answers; scenes: SceneJudgements }> {
  const answers = fc.tuple(...C.questions.map((q) => answerArb(q, open))).map((vals) => {
    const a: Answers = {}
    C.questions.forEach((q, i) => {
      const v = vals[i]
      if (v !== undefined) a[q.id] = v
    })
    return a
  })
  const level = fc.constantFrom<SceneLevel>(0, 1, 2, 3, 4)
  const scenes = fc
    .tuple(...C.scenes.map(() => (open ? fc.option(level, { nil: undefined, freq: 5 }) : level)))
    .map((vals) => {
      const s: SceneJudgements = {}
      C.scenes.forEach((sc, i) => {
        const v = vals[i]
        if (v !== undefined) s[sc.id] = v
      })
      return s
    })
  return fc.record({ answers, scenes })
}

const panelScoringsArb = (open: boolean): fc.Arbitrary<ExpertScoring[]> =>
  fc
    .integer({ min: 1, max: 7 })
    .chain((n) => fc.array(scoringArb(open), { minLength: n, maxLength: n }))
    .map((list) => list.map((s, i) => ({ expertKeyId: `k${i + 1}`, ...s })))

const catalogueOrder = (a: Answers): Answers =>
  Object.fromEntries(
    Object.entries(a).map(([id, v]) => {
      const q = C.questions.find((x) => x.id === id)!
      return [
        id,
        typeof v === 'string' ? v : q.options.map((o) => o.key).filter((k) => v.includes(k)),
      ]
    }),
  )

const normalise = (a: Answers): Record<string, string> =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, answerKey(v)]))

describe('consolidation properties', () => {
  it('identical scorings consolidate to themselves, with the same result', () => {
    fc.assert(
      fc.property(scoringArb(true), fc.integer({ min: 1, max: 6 }), (s, n) => {
        const scorings = Array.from({ length: n }, (_, i) => ({
          expertKeyId: `k${i + 1}`,
          answers: s.answers,
          scenes: s.scenes,
        }))
        const c = consolidate(P, R, panelOf(n), scorings)
        expect(c.status).toBe('consolidated')
        expect(normalise(c.answers)).toEqual(normalise(s.answers))
        expect(c.scenes).toEqual(s.scenes)
        expect(c.divergences).toEqual([])
        // unchanged up to the order of multi-choice keys, which becomes catalogue order
        expect(c.answers).toEqual(catalogueOrder(s.answers))
        expect(c.result).toEqual(scoreAssessment(P, R, catalogueOrder(s.answers), s.scenes))
      }),
      { numRuns: 200 },
    )
  })

  it('a consolidated scene level lies between the experts’ lowest and highest', () => {
    fc.assert(
      fc.property(panelScoringsArb(true), (scorings) => {
        const c = consolidate(P, R, panelOf(scorings.length), scorings)
        for (const item of c.items) {
          if (item.kind !== 'scene' || item.consolidated === null) continue
          const judged = item.values
            .map((v) => v.value as number | null)
            .filter((v): v is number => v !== null)
          const level = item.consolidated as number
          expect(judged).toHaveLength(scorings.length)
          expect(level).toBeGreaterThanOrEqual(Math.min(...judged))
          expect(level).toBeLessThanOrEqual(Math.max(...judged))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('with complete scorings every scene is settled by the median, and it is the lower median', () => {
    fc.assert(
      fc.property(panelScoringsArb(false), (scorings) => {
        const c = consolidate(P, R, panelOf(scorings.length), scorings)
        for (const sc of C.scenes) {
          const sorted = scorings.map((s) => s.scenes[sc.id]!).sort((a, b) => a - b)
          const n = sorted.length
          expect(c.scenes[sc.id]).toBe(sorted[Math.ceil(n / 2) - 1])
          // never above what a strict majority saw at least
          const v = c.scenes[sc.id]!
          expect(sorted.filter((x) => x >= v).length * 2).toBeGreaterThanOrEqual(n)
          expect(sorted.filter((x) => x <= v).length * 2).toBeGreaterThanOrEqual(n)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('every consolidated answer is valid for the catalogue (「无」 stays exclusive) and backed by a majority', () => {
    fc.assert(
      fc.property(panelScoringsArb(true), (scorings) => {
        const n = scorings.length
        const c = consolidate(P, R, panelOf(n), scorings)
        for (const q of C.questions) {
          const v = c.answers[q.id]
          if (v === undefined) continue
          expect(validateAnswer(q, v)).toBeNull()
          const keys = typeof v === 'string' ? [v] : v
          for (const k of keys) {
            const votes = scorings.filter((s) => {
              const a = s.answers[q.id]
              return a === k || (Array.isArray(a) && a.includes(k))
            }).length
            expect(votes * 2).toBeGreaterThan(n)
          }
        }
        if (c.status === 'consolidated')
          expect(c.result).toEqual(scoreAssessment(P, R, c.answers, c.scenes))
        else expect(c.unresolved.length).toBeGreaterThan(0)
      }),
      { numRuns: 300 },
    )
  })

  it('scoring order never changes the outcome', () => {
    fc.assert(
      fc.property(panelScoringsArb(true), (scorings) => {
        const a = consolidate(P, R, panelOf(scorings.length), scorings)
        const b = consolidate(P, R, panelOf(scorings.length), [...scorings].reverse())
        expect(b).toEqual(a)
      }),
      { numRuns: 100 },
    )
  })
  it('every unresolved item can be settled by a lead decision within the experts’ views', () => {
    fc.assert(
      fc.property(panelScoringsArb(true), (scorings) => {
        const panel = panelOf(scorings.length)
        const first = consolidate(P, R, panel, scorings)
        const decisions: LeadDecision[] = first.unresolved.map((itemId) => {
          const item = first.items.find((i) => i.itemId === itemId)!
          if (item.kind === 'question')
            return { itemId, value: item.values[0]!.value, reason: '组长裁定' }
          const judged = item.values
            .map((v) => v.value as number | null)
            .filter((v): v is number => v !== null)
          return { itemId, value: Math.min(...judged) as SceneLevel, reason: '从严' }
        })
        const settled = consolidate(P, R, panel, scorings, decisions)
        expect(settled.status).toBe('consolidated')
        for (const d of decisions)
          expect(settled.items.find((i) => i.itemId === d.itemId)?.rule).toBe('lead')
      }),
      { numRuns: 200 },
    )
  })
})
