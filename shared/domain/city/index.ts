export {
  HEBI,
  HEBI_COUNTY_LIST,
  HEBI_COUNTY_NAMES,
  HEBI_INDUSTRY_LIST,
  type CityData,
  type CityCounty,
  type CityIndustry,
  type HebiCountyName,
  type HebiIndustryId,
} from './hebi'
export { isCityCounty, countyError } from './county'
