import { describe, expect, it } from 'vitest'
import { HEBI, HEBI_COUNTY_NAMES, countyError, isCityCounty } from './index'

describe('Hebi city data', () => {
  it('lists the five county-level divisions first and no county of another city', () => {
    expect(HEBI_COUNTY_NAMES.slice(0, 5)).toEqual(['淇滨区', '山城区', '鹤山区', '浚县', '淇县'])
    expect(isCityCounty(HEBI, '安阳县')).toBe(false)
    expect(isCityCounty(HEBI, '淇县')).toBe(true)
  })
  it('names the county and the allowed list when refusing', () => {
    expect(countyError(HEBI, '安阳县')).toMatch(
      /^县区「安阳县」不在鹤壁市的县区列表中（应为 淇滨区、/,
    )
    expect(countyError(HEBI, '浚县')).toBeNull()
  })
  it('has the three pilot industries with unique ids and a version', () => {
    expect(HEBI.industries.map((i) => i.name)).toEqual([
      '智能电器电子信息制造',
      '新材料制品制造',
      '绿色食品加工制造',
    ])
    expect(new Set(HEBI.industries.map((i) => i.id)).size).toBe(3)
    expect(HEBI.version).toMatch(/^hebi-/)
  })
})
