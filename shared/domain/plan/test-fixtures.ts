/**
 * Test helpers (imported by *.test.ts and the bench only): synthetic measures libraries for any
 * catalogue, reduced catalogues, and random assessments.
 */
import { MIIT_2024, pinCatalogue } from '../catalogue'
import type { Catalogue, CatalogueQuestion, PinnedCatalogue } from '../catalogue/types'
import type { Answers, SceneJudgements, SceneLevel } from '../scoring/types'
import { requiredEntryKeys } from './measures-schema'
import type { MeasureEntry, MeasuresLibrary } from './types'

/** A complete library for `c` whose effort for each entry key ('Q04:C', 'SC06@3') is `effortOf`. */
export function syntheticLibrary(
  c: Catalogue,
  effortOf: (key: string, index: number) => number = () => 1,
  id = 'TEST-measures',
): MeasuresLibrary {
  const entries: MeasureEntry[] = requiredEntryKeys(c).map((key, i) => {
    const m = /^(.+?)(?::(.+)|@(\d))$/.exec(key)
    if (!m) throw new Error(key)
    const e: MeasureEntry = {
      item: m[1]!,
      title: `测试措施 ${key}`,
      actions: [`测试动作 ${key}`],
      systems: [],
      data: [`测试数据 ${key}`],
      costYuan: { min: 1000 * (i + 1), max: 2000 * (i + 1) },
      weeks: { min: 1, max: 2 },
      effort: effortOf(key, i),
    }
    if (m[2] !== undefined) e.option = m[2]
    else e.level = Number(m[3]) as 1 | 2 | 3 | 4
    return e
  })
  return {
    id,
    catalogueId: c.id,
    title: '测试措施库',
    version: '1',
    indicative: true,
    note: '测试数据',
    entries,
  }
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random valid assessment of `c` (some items left unanswered when `blanks`). */
export function randomAssessment(
  c: Catalogue,
  r: () => number,
  blanks = 0.05,
): { answers: Answers; scenes: SceneJudgements } {
  const answers: Answers = {}
  for (const q of c.questions) {
    if (r() < blanks) continue
    if (q.type === 'single')
      answers[q.id] = q.options[Math.floor(r() * q.options.length)]?.key ?? 'A'
    else {
      const picked = q.options.filter((o) => !o.exclusive && r() < 0.4).map((o) => o.key)
      answers[q.id] = picked.length ? picked : [q.options.find((o) => o.exclusive)?.key ?? 'A']
    }
  }
  const scenes: SceneJudgements = {}
  for (const s of c.scenes) if (r() >= blanks) scenes[s.id] = Math.floor(r() * 5) as SceneLevel
  return { answers, scenes }
}

/**
 * A reduced copy of MIIT-2024: the questions at `questions` (indexes) with their first
 * `options[i]` options (multi choice: 「无」 plus that many others), and the first `scenes` scenes.
 */
export function reducedCatalogue(
  questions: readonly number[],
  options: readonly number[],
  scenes: number,
): PinnedCatalogue {
  const src = MIIT_2024.catalogue
  const qs: CatalogueQuestion[] = questions.map((qi, i) => {
    const q = src.questions[qi]!
    const k = options[i] ?? 2
    const opts =
      q.type === 'single'
        ? q.options.slice(0, Math.max(2, k))
        : [
            ...q.options.filter((o) => o.exclusive),
            ...q.options.filter((o) => !o.exclusive).slice(0, Math.max(1, k)),
          ]
    return { ...q, options: opts }
  })
  return pinCatalogue({
    ...src,
    id: 'TEST-small',
    questions: qs,
    scenes: src.scenes.slice(0, scenes),
  })
}
