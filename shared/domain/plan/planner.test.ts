import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseAssessmentFile, resolveFile } from '../assessment-file'
import { MIIT_2024 } from '../catalogue'
import type { PinnedCatalogue } from '../catalogue/types'
import { checkRung } from '../levels/determine-level'
import { MIIT_2024_DEFAULT, MIIT_2024_S9 } from '../levels/rule-profiles'
import { countScenes, questionMilli, scoreAssessment } from '../scoring/score-assessment'
import type { Answers, LevelRule, RuleProfile, SceneJudgements, SceneLevel } from '../scoring/types'
import { MIIT_2024_MEASURES } from './measures'
import { planImprovement, verifySteps, type PlanInput } from './planner'
import { randomAssessment, reducedCatalogue, rng, syntheticLibrary } from './test-fixtures'
import type { ImprovementPlan, MeasuresLibrary, TargetLevel } from './types'

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples')
const P = MIIT_2024
const D = MIIT_2024_DEFAULT

/** Efforts that vary by entry (deterministic), so that greedy choices are not optimal. */
const lib = syntheticLibrary(P.catalogue, (_k, i) => 1 + ((i * 7919) % 23))

// ---------------------------------------------------------------------------------------------
// Exhaustive search: every combination of non-lowering values of every item.

interface Choice {
  value: string | string[] | SceneLevel | undefined
  effort: number
}

function questionChoices(
  pinned: PinnedCatalogue,
  library: MeasuresLibrary,
  answers: Answers,
): { id: string; choices: Choice[] }[] {
  const eff = (item: string, option: string) =>
    library.entries.find((e) => e.item === item && e.option === option)!.effort
  return pinned.catalogue.questions.map((q) => {
    const cur = answers[q.id]
    const choices: Choice[] = [{ value: cur, effort: 0 }]
    if (q.type === 'single') {
      const idx = typeof cur === 'string' ? q.options.findIndex((o) => o.key === cur) : 0
      let effort = 0
      for (let j = idx + 1; j < q.options.length; j++) {
        effort += eff(q.id, q.options[j]!.key)
        choices.push({ value: q.options[j]!.key, effort })
      }
    } else {
      const sel = new Set(Array.isArray(cur) ? cur : [])
      const free = q.options.filter((o) => !o.exclusive && !sel.has(o.key))
      for (let mask = 1; mask < 1 << free.length; mask++) {
        const add = free.filter((_, b) => mask & (1 << b))
        const keys = new Set([...sel, ...add.map((o) => o.key)])
        choices.push({
          value: q.options.filter((o) => !o.exclusive && keys.has(o.key)).map((o) => o.key),
          effort: add.reduce((n, o) => n + eff(q.id, o.key), 0),
        })
      }
    }
    return { id: q.id, choices }
  })
}

function sceneChoices(
  pinned: PinnedCatalogue,
  library: MeasuresLibrary,
  scenes: SceneJudgements,
): { id: string; choices: Choice[] }[] {
  const eff = (item: string, level: number) =>
    library.entries.find((e) => e.item === item && e.level === level)!.effort
  return pinned.catalogue.scenes.map((s) => {
    const cur = scenes[s.id]
    const choices: Choice[] = [{ value: cur, effort: 0 }]
    let effort = 0
    for (let l = (cur ?? 0) + 1; l <= 4; l++) {
      effort += eff(s.id, l)
      choices.push({ value: l as SceneLevel, effort })
    }
    return { id: s.id, choices }
  })
}

function* product(lists: Choice[][]): Generator<Choice[]> {
  const idx = lists.map(() => 0)
  for (;;) {
    yield lists.map((l, i) => l[idx[i]!]!)
    let i = 0
    while (i < lists.length && ++idx[i]! === lists[i]!.length) idx[i++] = 0
    if (i === lists.length) return
  }
}

/** The least total effort over every non-lowering combination that meets the rung, or null. */
function exhaustive(input: PlanInput): number | null {
  const rule = input.profile.rules.find((r) => r.level === input.target)!
  const qs = questionChoices(input.pinned, input.library, input.answers)
  const ss = sceneChoices(input.pinned, input.library, input.scenes)
  const qCombos = [...product(qs.map((x) => x.choices))].map((combo) => ({
    total: combo.reduce((n, ch, i) => {
      const q = input.pinned.catalogue.questions[i]!
      return n + questionMilli(q, ch.value as string | string[] | undefined)
    }, 0),
    effort: combo.reduce((n, ch) => n + ch.effort, 0),
  }))
  const sCombos = [...product(ss.map((x) => x.choices))].map((combo) => {
    const judged: SceneJudgements = {}
    combo.forEach((ch, i) => {
      if (ch.value !== undefined) judged[ss[i]!.id] = ch.value as SceneLevel
    })
    return {
      counts: countScenes(input.pinned.catalogue, input.profile, judged),
      effort: combo.reduce((n, ch) => n + ch.effort, 0),
    }
  })
  let best: number | null = null
  for (const q of qCombos)
    for (const s of sCombos) {
      const effort = q.effort + s.effort
      if (best !== null && effort >= best) continue
      if (checkRung(rule, q.total, s.counts).met) best = effort
    }
  return best
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const sceneLevelArb = fc.option(fc.constantFrom<SceneLevel>(0, 1, 2, 3, 4), { nil: undefined })

/** A random valid assessment of the full catalogue. */
const assessmentArb = fc
  .tuple(
    fc.array(fc.nat(), {
      minLength: P.catalogue.questions.length,
      maxLength: P.catalogue.questions.length,
    }),
    fc.array(sceneLevelArb, {
      minLength: P.catalogue.scenes.length,
      maxLength: P.catalogue.scenes.length,
    }),
  )
  .map(([qs, ss]) => {
    const answers: Answers = {}
    P.catalogue.questions.forEach((q, i) => {
      const n = qs[i]!
      if (n % 11 === 10) return // unanswered now and then
      if (q.type === 'single') answers[q.id] = q.options[n % q.options.length]!.key
      else {
        const keys = q.options.filter((o, b) => !o.exclusive && (n >> b) & 1).map((o) => o.key)
        answers[q.id] = keys.length ? keys : ['A']
      }
    })
    const scenes: SceneJudgements = {}
    P.catalogue.scenes.forEach((s, i) => {
      const l = ss[i]
      if (l !== undefined) scenes[s.id] = l
    })
    return { answers, scenes }
  })

function ruleProfileFor(pinned: PinnedCatalogue, rule: LevelRule, cons: string[]): RuleProfile {
  return {
    id: 'TEST-rule',
    catalogueId: pinned.catalogue.id,
    title: '测试规则',
    version: '1',
    rules: [4, 3, 2, 1].map((l) => ({ ...rule, level: l as 1 | 2 | 3 | 4 })),
    constrainedScenes: cons,
  }
}

/** Whether a step changed its item upward only (never lowers). */
function neverLowers(input: PlanInput, plan: ImprovementPlan): void {
  for (const s of plan.steps) {
    if (s.kind === 'scene') {
      expect(s.level!, s.item).toBeGreaterThan((input.scenes[s.item] ?? 0) as number)
      continue
    }
    const q = input.pinned.catalogue.questions.find((x) => x.id === s.item)!
    const before = input.answers[s.item]
    expect(questionMilli(q, s.answer), s.item).toBeGreaterThan(questionMilli(q, before))
    if (q.type === 'multi') {
      const after = new Set(s.answer as string[])
      for (const k of (before as string[] | undefined) ?? [])
        if (!q.options.find((o) => o.key === k)?.exclusive) expect(after.has(k), s.item).toBe(true)
    } else {
      const idx = (k: unknown) => q.options.findIndex((o) => o.key === k)
      expect(idx(s.answer)).toBeGreaterThan(idx(before))
    }
  }
}

function checkPlan(input: PlanInput, plan: ImprovementPlan): void {
  expect(plan.reachable).toBe(true)
  const proof = verifySteps(input, plan.steps)
  expect(proof.meets).toBe(true)
  expect(proof.after.level).toBeGreaterThanOrEqual(input.target)
  expect(plan.after).toEqual({ total: proof.after.total, level: proof.after.level })
  expect(proof.droppable).toEqual([])
  neverLowers(input, plan)
  for (const s of plan.steps) expect(input.exclude ?? []).not.toContain(s.item)
  expect(plan.effort).toBe(plan.steps.reduce((n, s) => n + s.effort, 0))
}

// ---------------------------------------------------------------------------------------------

describe('planImprovement: exact (against exhaustive search on reduced catalogues)', () => {
  const caseArb = fc
    .record({
      questions: fc.uniqueArray(fc.integer({ min: 0, max: 14 }), { minLength: 1, maxLength: 3 }),
      options: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 3, maxLength: 3 }),
      scenes: fc.integer({ min: 2, max: 4 }),
      consMask: fc.nat(15),
      minScenes: fc.nat(4),
      minCons: fc.nat(3),
      scoreFrac: fc.integer({ min: 0, max: 100 }),
      target: fc.constantFrom<TargetLevel>(1, 2, 3, 4),
      efforts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 80, maxLength: 80 }),
      seed: fc.nat(),
    })
    .map((x) => {
      const pinned = reducedCatalogue(x.questions, x.options, x.scenes)
      const sceneIds = pinned.catalogue.scenes.map((s) => s.id)
      const cons = sceneIds.filter((_, i) => (x.consMask >> i) & 1)
      const minScenes = Math.min(x.minScenes, sceneIds.length)
      const maxScore = pinned.catalogue.questions.reduce((n, q) => n + questionMaxMilli(q), 0)
      const rule: LevelRule = {
        level: x.target,
        // sometimes above what the questions can give (unreachable)
        minScore: Math.round((maxScore * x.scoreFrac) / 90) / 1000,
        minScenes,
        minConstrainedScenes: Math.min(x.minCons, minScenes),
      }
      const profile = ruleProfileFor(pinned, rule, cons)
      const library = syntheticLibrary(pinned.catalogue, (_k, i) => x.efforts[i % 80]!)
      const a = randomAssessment(pinned.catalogue, rng(x.seed), 0.2)
      const input: PlanInput = { pinned, profile, library, target: x.target, ...a }
      return input
    })

  it('the planner finds the least total effort, or none exists', () => {
    let reachable = 0
    let nonEmpty = 0
    fc.assert(
      fc.property(caseArb, (input) => {
        const plan = planImprovement(input)
        const best = exhaustive(input)
        expect(plan.reachable).toBe(best !== null)
        if (best === null) {
          expect(plan.obstacles.length).toBeGreaterThan(0)
          return
        }
        reachable++
        if (plan.steps.length) nonEmpty++
        expect(plan.effort).toBe(best)
        checkPlan(input, plan)
      }),
      { seed: 13, numRuns: 300 },
    )
    // the generator really exercises both outcomes and non-trivial plans
    expect(reachable).toBeGreaterThan(100)
    expect(nonEmpty).toBeGreaterThan(80)
  }, 120_000)
})

function questionMaxMilli(q: PinnedCatalogue['catalogue']['questions'][number]): number {
  return q.type === 'single'
    ? Math.max(...q.options.map((o) => Math.round(o.score * 1000)))
    : q.options.reduce((n, o) => n + Math.round(o.score * 1000), 0)
}

describe('planImprovement: properties on the full catalogue', () => {
  it('re-scores to the target, never lowers an item, no step can be dropped (fast-check)', () => {
    fc.assert(
      fc.property(
        assessmentArb,
        fc.constantFrom<TargetLevel>(1, 2, 3, 4),
        fc.subarray(['Q04', 'Q12', 'Q13', 'SC01', 'SC05', 'SC10', 'SC14']),
        fc.constantFrom(D, MIIT_2024_S9),
        (a, target, exclude, profile) => {
          const input: PlanInput = { pinned: P, profile, library: lib, target, exclude, ...a }
          const plan = planImprovement(input)
          checkPlan(input, plan)
        },
      ),
      { seed: 4213, numRuns: 300 },
    )
  }, 120_000)

  it('1,000 random assessments: the 二级 and 三级 plans re-score to the target, no step can be dropped', () => {
    const r = rng(20261213)
    let steps = 0
    for (let i = 0; i < 1000; i++) {
      const a = randomAssessment(P.catalogue, r)
      for (const target of [2, 3] as const) {
        const input: PlanInput = { pinned: P, profile: D, library: lib, target, ...a }
        const plan = planImprovement(input)
        checkPlan(input, plan)
        const before = scoreAssessment(P, D, a.answers, a.scenes)
        if (before.level >= target) expect(plan.steps).toEqual([])
        steps += plan.steps.length
      }
    }
    expect(steps).toBeGreaterThan(5000)
  }, 120_000)
})

describe('planImprovement: the examples', () => {
  const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json'))
  it('has the four examples', () => expect(files).toHaveLength(4))
  for (const f of files)
    for (const target of [2, 3] as const)
      it.each([
        ['synthetic', lib],
        ['built-in', MIIT_2024_MEASURES.library],
      ])(
        `${f}: the ${target === 2 ? '二级' : '三级'} plan (%s library) re-scores to it and is irreducible`,
        (_name, library) => {
          const parsed = parseAssessmentFile(readFileSync(join(examplesDir, f), 'utf8'))
          if (!parsed.ok) throw new Error(parsed.error)
          const { pinned, profile } = resolveFile(parsed.value)
          const input: PlanInput = {
            pinned,
            profile,
            library,
            target,
            answers: parsed.value.answers,
            scenes: parsed.value.scenes,
          }
          checkPlan(input, planImprovement(input))
        },
      )

  it('the 一级 example: the 二级 plan includes question steps that lift 27.8 to at least 40', () => {
    const parsed = parseAssessmentFile(
      readFileSync(join(examplesDir, 'diagnosis-level1-qixian-shipin.json'), 'utf8'),
    )
    if (!parsed.ok) throw new Error(parsed.error)
    const plan = planImprovement({
      pinned: P,
      profile: D,
      library: lib,
      target: 2,
      answers: parsed.value.answers,
      scenes: parsed.value.scenes,
    })
    expect(plan.before).toEqual({ total: 27.8, level: 1 })
    expect(plan.after.total).toBeGreaterThanOrEqual(40)
    expect(plan.after.level).toBeGreaterThanOrEqual(2)
    const gain = plan.steps.reduce((n, s) => n + Math.round(s.gain * 1000), 0)
    expect(gain).toBeGreaterThanOrEqual(12200)
    expect(plan.steps.filter((s) => s.kind === 'question').length).toBeGreaterThan(0)
    // 3 more scenes at 二级, 1 of them 约束性
    const sc = plan.steps.filter((s) => s.kind === 'scene')
    expect(sc).toHaveLength(3)
    expect(sc.filter((s) => s.constrained).length).toBeGreaterThanOrEqual(1)
  })
})

describe('planImprovement: the plan itself', () => {
  const none: Answers = Object.fromEntries(
    P.catalogue.questions.map((q) => [q.id, q.type === 'single' ? 'A' : ['A']]),
  )
  const zero: SceneJudgements = Object.fromEntries(P.catalogue.scenes.map((s) => [s.id, 0]))
  const base = { pinned: P, profile: D, library: lib, answers: none, scenes: zero }

  it('each step gives the complete value after, the options it adds and its measures', () => {
    const answers: Answers = { ...none, Q04: ['B', 'C'], Q02: 'B' }
    const plan = planImprovement({ ...base, answers, target: 4 })
    const q04 = plan.steps.find((s) => s.item === 'Q04')!
    expect((q04.answer as string[]).slice(0, 2)).toEqual(['B', 'C'])
    expect(q04.answer).toEqual([...['B', 'C'], ...q04.options!])
    expect(q04.measures.map((m) => m.option)).toEqual(q04.options)
    const q02 = plan.steps.find((s) => s.item === 'Q02')!
    expect(q02.before).toBe('B')
    expect(q02.options![q02.options!.length - 1]).toBe(q02.answer)
    expect(q02.measures.map((m) => m.option)).toEqual(q02.options)
    const sc = plan.steps.filter((s) => s.kind === 'scene')
    expect(sc).toHaveLength(10)
    for (const s of sc) {
      expect(s.level).toBe(4)
      expect(s.measures.map((m) => m.level)).toEqual([1, 2, 3, 4])
      expect(s.effort).toBe(s.measures.reduce((n, m) => n + m.effort, 0))
    }
    expect(sc.filter((s) => s.constrained).length).toBeGreaterThanOrEqual(6)
    // questions first, then scenes, each in catalogue order
    const order = plan.steps.map((s) => s.item)
    expect(order).toEqual([...order].sort())
    expect(plan.costYuan.min).toBe(plan.steps.reduce((n, s) => n + s.costYuan.min, 0))
    expect(plan.measures).toMatchObject({ id: 'TEST-measures', version: '1' })
    expect(plan.measures.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('nothing to do when the target is already met', () => {
    const parsed = parseAssessmentFile(
      readFileSync(join(examplesDir, 'acceptance-level3-shancheng-xincailiao.json'), 'utf8'),
    )
    if (!parsed.ok) throw new Error(parsed.error)
    const plan = planImprovement({ ...base, ...parsed.value, target: 3 })
    expect(plan).toMatchObject({ reachable: true, steps: [], effort: 0, obstacles: [] })
    expect(plan.after).toEqual(plan.before)
  })

  it('prefers the cheap changes: a cheap option beats a big one of the same gain', () => {
    // Everything costs 50 except Q06 (4 × 1.25 points) and Q07 (4 × 1.25 points) at 1 each.
    const cheap = syntheticLibrary(P.catalogue, (k) => (/^Q0[67]:/.test(k) ? 1 : 50))
    const plan = planImprovement({
      ...base,
      library: cheap,
      scenes: Object.fromEntries(P.catalogue.scenes.map((s) => [s.id, 4])),
      target: 1, // 20 points: Q06 + Q07 give 10, the rest must come from elsewhere
    })
    expect(plan.steps.map((s) => s.item)).toContain('Q06')
    expect(plan.steps.map((s) => s.item)).toContain('Q07')
    expect(plan.steps.find((s) => s.item === 'Q06')!.answer).toEqual(['B', 'C', 'D', 'E'])
  })

  it('unreachable: names the condition that cannot be met', () => {
    const allQ = P.catalogue.questions.map((q) => q.id)
    const r = planImprovement({ ...base, target: 2, exclude: allQ })
    expect(r.reachable).toBe(false)
    expect(r.steps).toEqual([])
    expect(r.after).toEqual(r.before)
    expect(r.obstacles).toEqual([
      { condition: 'score', reachable: 0, need: 40, text: '总分最多可达 0 分，二级需 40 分' },
    ])
    const cons = D.constrainedScenes.slice(0, 8)
    const r2 = planImprovement({ ...base, target: 3, exclude: cons })
    expect(r2.obstacles).toEqual([
      {
        condition: 'constrainedScenes',
        reachable: 2,
        need: 5,
        text: '约束性场景最多 2 个能达到三级，三级需 5 个',
      },
    ])
    const most = P.catalogue.scenes.map((s) => s.id).slice(0, 12)
    const r3 = planImprovement({ ...base, target: 4, exclude: [...most, 'Q05', 'Q08', 'Q11'] })
    expect(r3.obstacles.map((o) => o.condition)).toEqual(['score', 'constrainedScenes', 'scenes'])
    expect(r3.obstacles.map((o) => o.text)).toEqual([
      '总分最多可达 75 分，四级需 80 分',
      '约束性场景最多 1 个能达到四级，四级需 6 个',
      '最多 4 个场景能达到四级，四级需 10 个',
    ])
  })

  it('refuses what it cannot plan, naming the field', () => {
    expect(() => planImprovement({ ...base, target: 2, exclude: ['Q99'] })).toThrow(
      /^exclude\.0: 'Q99' is not a question or scene of MIIT-2024$/,
    )
    expect(() => planImprovement({ ...base, target: 5 as TargetLevel })).toThrow(/^target:/)
    const other = { ...lib, catalogueId: 'X' }
    expect(() => planImprovement({ ...base, library: other, target: 2 })).toThrow(/^measures:/)
    const partial = { ...lib, entries: lib.entries.filter((e) => e.item !== 'Q05') }
    expect(() => planImprovement({ ...base, library: partial, target: 4 })).toThrow(
      /no entry for Q05:B/,
    )
  })
})
