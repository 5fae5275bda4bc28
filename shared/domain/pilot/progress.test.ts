import { describe, expect, it } from 'vitest'
import { groupsBy, targetProgress, type EnterpriseProgressState } from './progress'
import { HEBI_2024_PLAN } from './targets'

function e(over: Partial<EnterpriseProgressState>): EnterpriseProgressState {
  return {
    key: 'x',
    county: '淇滨区',
    industry: '新材料制品制造',
    batch: 1,
    zjtx: 'none',
    provider: '服务商甲',
    diagnosisLevel: 1,
    acceptanceLevel: null,
    ...over,
  }
}

describe('pilot progress', () => {
  const all = [
    e({ key: 'a', acceptanceLevel: 2, zjtx: 'provincial' }),
    e({ key: 'z', zjtx: 'innovative' }),
    e({ key: 'b', acceptanceLevel: 4, county: '浚县', provider: '服务商乙' }),
    e({ key: 'c', acceptanceLevel: 1, batch: 2 }),
    e({
      key: 'd',
      county: null,
      batch: null,
      provider: null,
      zjtx: 'little_giant',
      industry: '其他',
    }),
  ]

  it('groups by county, industry, batch and provider, unknowns named', () => {
    expect(groupsBy(all, 'county').map((g) => [g.name, g.enterprises])).toEqual(
      expect.arrayContaining([
        ['淇滨区', 3],
        ['浚县', 1],
        ['（未填县区）', 1],
      ]),
    )
    expect(
      groupsBy(all, 'batch')
        .map((g) => g.name)
        .sort(),
    ).toEqual(['第1批', '第2批', '（未填批次）'].sort())
    const p = groupsBy(all, 'provider').find((g) => g.name === '服务商甲')!
    expect(p).toMatchObject({ enterprises: 3, accepted: 2, acceptedAtLeast2: 1 })
    expect(p.currentLevels).toEqual([0, 2, 1, 0, 0])
  })

  it('targets: counts, shares, coverage against known 专精特新, no data source', () => {
    const t = Object.fromEntries(targetProgress(HEBI_2024_PLAN, all).map((x) => [x.id, x]))
    expect(t['transformed']).toMatchObject({ current: 5, target: 600, met: false, basis: '5' })
    expect(t['at-least-level-2']).toMatchObject({ current: 66.7, basis: '2 / 3', met: false })
    expect(t['zjtx-coverage']).toMatchObject({ basis: '1 / 1', current: 100, met: true })
    expect(t['level-4']).toMatchObject({ current: 1, target: 30 })
    expect(t['smart-factories']).toMatchObject({ current: null, basis: '暂无数据来源', met: null })
    const none = Object.fromEntries(targetProgress(HEBI_2024_PLAN, []).map((x) => [x.id, x]))
    expect(none['at-least-level-2']).toMatchObject({ current: null, basis: '暂无可计算的企业' })
  })
})
