import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../catalogue'
import type { SceneCounts } from '../scoring/types'
import { determineLevel, gapFor } from './determine-level'
import {
  DEFAULT_RULE_PROFILE_ID,
  MIIT_2024_DEFAULT,
  MIIT_2024_S9,
  RULE_PROFILES,
  getRuleProfile,
  levelName,
} from './rule-profiles'

describe('rule profiles', () => {
  it('MIIT-2024-default is design.md §4', () => {
    expect(DEFAULT_RULE_PROFILE_ID).toBe('MIIT-2024-default')
    expect(
      MIIT_2024_DEFAULT.rules.map((r) => [
        r.level,
        r.minScore,
        r.minScenes,
        r.minConstrainedScenes,
      ]),
    ).toEqual([
      [4, 80, 10, 6],
      [3, 60, 8, 5],
      [2, 40, 6, 3],
      [1, 20, 6, 3],
    ])
    expect(MIIT_2024_DEFAULT.constrainedScenes).toEqual(
      MIIT_2024.catalogue.scenes.filter((s) => s.platformConstrained).map((s) => s.id),
    )
  })
  it('the S9 variant drops SC12 only', () => {
    expect(MIIT_2024_S9.constrainedScenes).toEqual(
      MIIT_2024_DEFAULT.constrainedScenes.filter((s) => s !== 'SC12'),
    )
    expect(MIIT_2024_S9.rules).toEqual(MIIT_2024_DEFAULT.rules)
  })
  it('every profile names known scenes of its catalogue', () => {
    const ids = new Set(MIIT_2024.catalogue.scenes.map((s) => s.id))
    for (const p of RULE_PROFILES) {
      expect(p.catalogueId).toBe('MIIT-2024')
      for (const s of p.constrainedScenes) expect(ids.has(s), `${p.id} ${s}`).toBe(true)
      expect(new Set(p.rules.map((r) => r.level)).size).toBe(p.rules.length)
    }
  })
  it('getRuleProfile and levelName', () => {
    expect(getRuleProfile('MIIT-2024-default')).toBe(MIIT_2024_DEFAULT)
    expect(getRuleProfile('MIIT-2024-s9')).toBe(MIIT_2024_S9)
    expect(getRuleProfile('nope')).toBeUndefined()
    expect([0, 1, 2, 3, 4].map((l) => levelName(l as 0))).toEqual([
      '无等级',
      '一级',
      '二级',
      '三级',
      '四级',
    ])
  })
})

describe('determineLevel', () => {
  const counts = (atLeast: number[], cons: number[]): SceneCounts => ({
    byLevel: [0, 0, 0, 0, 0],
    atLeast: atLeast as SceneCounts['atLeast'],
    constrainedAtLeast: cons as SceneCounts['constrainedAtLeast'],
    judged: atLeast[0] ?? 0,
    total: 16,
    constrainedTotal: 10,
  })
  it('the first rung met from the top wins, rung order in the profile does not matter', () => {
    const c = counts([16, 16, 16, 16, 16], [10, 10, 10, 10, 10])
    const reversed = { ...MIIT_2024_DEFAULT, rules: [...MIIT_2024_DEFAULT.rules].reverse() }
    for (const [milli, level] of [
      [80000, 4],
      [79999, 3],
      [60000, 3],
      [59999, 2],
      [40000, 2],
      [39999, 1],
      [20000, 1],
      [19999, 0],
    ] as const) {
      expect(determineLevel(MIIT_2024_DEFAULT, milli, c).level, String(milli)).toBe(level)
      expect(determineLevel(reversed, milli, c).level).toBe(level)
    }
    expect(determineLevel(MIIT_2024_DEFAULT, 79999, c).next?.text).toBe('距四级：总分还差 0.001 分')
  })
  it('a rung that is met only above a failed one still counts (ladder is not cumulative)', () => {
    // enough scenes at 三级 but not at 一级 is impossible; but a score of 60 with scenes for 二级 only → 二级
    const c = counts([16, 6, 6, 0, 0], [10, 3, 3, 0, 0])
    expect(determineLevel(MIIT_2024_DEFAULT, 60000, c).level).toBe(2)
  })
  it('gapFor says so when a rung is fully met', () => {
    const c = counts([16, 16, 16, 16, 16], [10, 10, 10, 10, 10])
    const check = determineLevel(MIIT_2024_DEFAULT, 100000, c).checks[0]
    if (!check) throw new Error('no check')
    expect(gapFor(check, 100000).text).toBe('已满足四级的全部条件')
  })
})
