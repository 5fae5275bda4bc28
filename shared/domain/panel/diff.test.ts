import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../catalogue'
import { MIIT_2024_DEFAULT } from '../levels'
import { diffAssessments, diffSummaryLines } from './diff'
import { BASE_ANSWERS, BASE_SCENES, scoring } from './test-fixtures'

const P = MIIT_2024
const R = MIIT_2024_DEFAULT
const base = { answers: BASE_ANSWERS, scenes: BASE_SCENES }

describe('diffAssessments (复核)', () => {
  it('no change: nothing listed, zero deltas', () => {
    const d = diffAssessments(P, R, base, {
      answers: { ...BASE_ANSWERS },
      scenes: { ...BASE_SCENES },
    })
    expect(d.questionsChanged).toEqual([])
    expect(d.scenesChanged).toEqual([])
    expect(d.totalDelta).toBe(0)
    expect(d.levelBefore).toBe(2)
    expect(d.levelAfter).toBe(2)
    expect(d.levelDelta).toBe(0)
  })

  it('a multi answer in another order is not a change', () => {
    const after = scoring('r', { Q04: ['I', 'H', 'G', 'B'] })
    expect(diffAssessments(P, R, base, after).questionsChanged).toEqual([])
  })

  it('lists changed questions with exact score deltas, changed scenes, total and level', () => {
    // the reviewer finds Q04 one business area short, Q05 one band lower, and SC06 at 一级
    const after = scoring('r', { Q04: ['B', 'G', 'H'], Q05: 'B', Q14: undefined }, { SC06: 1 })
    const d = diffAssessments(P, R, base, after)
    expect(d.questionsChanged).toEqual([
      { id: 'Q04', before: ['B', 'G', 'H', 'I'], after: ['B', 'G', 'H'], scoreDelta: -0.7 },
      { id: 'Q05', before: 'C', after: 'B', scoreDelta: -2.5 },
      { id: 'Q14', before: 'B', after: null, scoreDelta: -1.5 },
    ])
    expect(d.scenesChanged).toEqual([{ id: 'SC06', before: 2, after: 1 }])
    // 43.55 − 0.7 − 2.5 − 1.5 = 38.85, exactly
    expect(d.after.total).toBe(38.85)
    expect(d.totalDelta).toBe(-4.7)
    expect(d.dimensionDeltas).toEqual({ D1: -3.2, D3: 0, D4: -1.5 })
    expect(d.levelBefore).toBe(2)
    expect(d.levelAfter).toBe(1)
    expect(d.levelDelta).toBe(-1)
    expect(d.after.provisional).toBe(true)
    expect(diffSummaryLines(P, d)).toEqual([
      '总分 43.55 → 38.85（-4.7 分）',
      '等级 二级 → 一级',
      'Q04 数据采集：B、G、H、I → B、G、H（-0.7 分）',
      'Q05 信息系统：C → B（-2.5 分）',
      'Q14 市场表现：B → 未作答（-1.5 分）',
      'SC06 生产管控：二级 → 一级',
    ])
  })

  it('an upgrade: scenes raised and points added give a positive delta', () => {
    const after = scoring(
      'r',
      { Q09: ['B', 'C', 'D'], Q04: ['B', 'G', 'H', 'I', 'O'] },
      { SC08: 2, SC16: undefined },
    )
    const d = diffAssessments(P, R, base, after)
    expect(d.questionsChanged.map((q) => [q.id, q.scoreDelta])).toEqual([
      ['Q04', 0.9],
      ['Q09', 1.875],
    ])
    expect(d.scenesChanged).toEqual([
      { id: 'SC08', before: 1, after: 2 },
      { id: 'SC16', before: 1, after: null },
    ])
    expect(d.totalDelta).toBe(2.775)
    expect(diffSummaryLines(P, d).slice(0, 3)).toEqual([
      '总分 43.55 → 46.325（+2.775 分）',
      '等级 二级，未变',
      'Q04 数据采集：B、G、H、I → B、G、H、I、O（+0.9 分）',
    ])
    expect(diffSummaryLines(P, d)).toContain('SC16 决策支持：一级 → 未判定')
  })

  it('throws on an invalid side (scoring validates)', () => {
    expect(() => diffAssessments(P, R, base, scoring('r', { Q02: ['C'] }))).toThrow(/Q02/)
  })
})
