import type { CityData } from './hebi'

/** True when `name` is one of the city's counties/districts/zones (exact name). */
export function isCityCounty(city: CityData, name: string): boolean {
  return city.counties.some((c) => c.name === name)
}

/** The one-line message for a county outside the city's list, or null when it is in the list. */
export function countyError(city: CityData, name: string): string | null {
  if (isCityCounty(city, name)) return null
  return `县区「${name}」不在${city.name}的县区列表中（应为 ${city.counties.map((c) => c.name).join('、')} 之一）`
}
