/**
 * 鹤壁市 city data: the counties/districts an enterprise may be registered in and the three pilot
 * industries (试点行业) of the 鹤壁市中小企业数字化转型城市试点工作方案. Versioned: a change to either
 * list is a new `version`, so data checked against an older list can say which one it used.
 *
 * Counties: the five county-level divisions of 鹤壁市 (3 districts, 2 counties). The pilot plan
 * (../shared/seed/hebi-pilot-plan.txt) speaks of 县区 and 工业园区 but names no development zone;
 * the two function zones below are the ones the earlier suggestion list carried (enterprises in
 * them are registered there), marked `kind: 'zone'`.
 */
export interface CityCounty {
  readonly name: string
  readonly kind: 'district' | 'county' | 'zone'
}

export interface CityIndustry {
  /** Stable id stored with each enterprise. */
  readonly id: string
  /** The name as the pilot plan writes it. */
  readonly name: string
}

export interface CityData {
  readonly id: string
  readonly name: string
  readonly version: string
  readonly counties: readonly CityCounty[]
  readonly industries: readonly CityIndustry[]
}

export const HEBI_COUNTY_LIST = [
  { name: '淇滨区', kind: 'district' },
  { name: '山城区', kind: 'district' },
  { name: '鹤山区', kind: 'district' },
  { name: '浚县', kind: 'county' },
  { name: '淇县', kind: 'county' },
  { name: '鹤壁经济技术开发区', kind: 'zone' },
  { name: '鹤壁城乡一体化示范区', kind: 'zone' },
] as const satisfies readonly CityCounty[]

export const HEBI_INDUSTRY_LIST = [
  { id: 'electrical_electronics', name: '智能电器电子信息制造' },
  { id: 'new_materials', name: '新材料制品制造' },
  { id: 'green_food', name: '绿色食品加工制造' },
] as const satisfies readonly CityIndustry[]

export type HebiIndustryId = (typeof HEBI_INDUSTRY_LIST)[number]['id']
export type HebiCountyName = (typeof HEBI_COUNTY_LIST)[number]['name']

export const HEBI: CityData = {
  id: 'hebi',
  name: '鹤壁市',
  version: 'hebi-2024.1',
  counties: HEBI_COUNTY_LIST,
  industries: HEBI_INDUSTRY_LIST,
}

/** The county names in display order. */
export const HEBI_COUNTY_NAMES: readonly HebiCountyName[] = HEBI_COUNTY_LIST.map((c) => c.name)
