/**
 * Test helpers (imported by *.test.ts and the bench only): build answer sets with an exact total.
 */
import type { Catalogue, CatalogueQuestion } from '../catalogue/types'
import { toMilli } from './points'
import type { Answers, SceneJudgements, SceneLevel } from './types'

/** Every distinct score a question can give, with one answer that gives it. */
export function reachable(q: CatalogueQuestion): Map<number, string | string[]> {
  const out = new Map<number, string | string[]>()
  if (q.type === 'single') {
    for (const o of q.options) if (!out.has(toMilli(o.score))) out.set(toMilli(o.score), o.key)
    return out
  }
  const excl = q.options.find((o) => o.exclusive)
  if (excl) out.set(0, [excl.key])
  let sets: { sum: number; keys: string[] }[] = [{ sum: 0, keys: [] }]
  for (const o of q.options.filter((x) => !x.exclusive)) {
    const next = new Map<number, string[]>()
    for (const s of sets) {
      if (!next.has(s.sum)) next.set(s.sum, s.keys)
      const with_ = s.sum + toMilli(o.score)
      if (!next.has(with_)) next.set(with_, [...s.keys, o.key])
    }
    sets = [...next].map(([sum, keys]) => ({ sum, keys }))
  }
  for (const s of sets) if (s.keys.length && !out.has(s.sum)) out.set(s.sum, s.keys)
  return out
}

/** All totals (milli) reachable with every question answered, each with one answer set. */
export function reachableTotals(c: Catalogue): Map<number, Answers> {
  let acc = new Map<number, Answers>([[0, {}]])
  for (const q of c.questions) {
    const next = new Map<number, Answers>()
    const r = reachable(q)
    for (const [sum, answers] of acc)
      for (const [m, a] of r) if (!next.has(sum + m)) next.set(sum + m, { ...answers, [q.id]: a })
    acc = next
  }
  return acc
}

/** Scene judgements: the given constrained and other scenes at `level`, the rest at `rest`. */
export function scenesWith(
  c: Catalogue,
  constrainedSet: readonly string[],
  level: SceneLevel,
  constrained: number,
  others: number,
  rest: SceneLevel = 0,
): SceneJudgements {
  const out: SceneJudgements = {}
  const cons = c.scenes.filter((s) => constrainedSet.includes(s.id))
  const non = c.scenes.filter((s) => !constrainedSet.includes(s.id))
  if (constrained > cons.length || others > non.length) throw new Error('not enough scenes')
  cons.forEach((s, i) => (out[s.id] = i < constrained ? level : rest))
  non.forEach((s, i) => (out[s.id] = i < others ? level : rest))
  return out
}
