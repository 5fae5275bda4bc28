/**
 * The city's pilot list → enterprise rows, with per-row errors naming the column.
 * Headers (Chinese): 企业名称 统一社会信用代码 县区 试点行业 细分行业 企业规模 专精特新 批次 联系人 电话 地址.
 */
import type { z } from 'zod'
import { EnterpriseFields } from '../../../shared/contract/schemas/enterprise'
import { countyError, HEBI, type CityData } from '../../../shared/domain/city'
import { usccCheckChar, validateUscc } from '../../../shared/domain/enterprise/uscc'
import type { TableFile } from './table-file'

export const IMPORT_COLUMNS = {
  name: '企业名称',
  uscc: '统一社会信用代码',
  county: '县区',
  industry: '试点行业',
  subIndustry: '细分行业',
  size: '企业规模',
  zjtx: '专精特新',
  batch: '批次',
  contact: '联系人',
  phone: '电话',
  address: '地址',
} as const
export type ImportKey = keyof typeof IMPORT_COLUMNS

const EXAMPLE17 = '91410611MA0000000'
/** The template's example row (import-workbooks.ts) has this USCC; a row left in is refused. */
export const TEMPLATE_EXAMPLE_USCC = EXAMPLE17 + usccCheckChar(EXAMPLE17)
type Key = ImportKey
const REQUIRED: Key[] = ['name', 'uscc', 'county', 'industry', 'size']
/** Accepted header variants. */
const HEADER_ALIASES: Record<string, Key> = {
  县区: 'county',
  '县（区）': 'county',
  '县(区)': 'county',
  所属县区: 'county',
  联系电话: 'phone',
  企业地址: 'address',
  是否专精特新: 'zjtx',
  试点批次: 'batch',
}

export interface ParsedRow {
  row: number
  raw: Record<string, string>
  value: z.output<typeof EnterpriseFields> | null
  errors: { column: string; message: string }[]
}

export interface ParsedImport {
  rows: ParsedRow[]
  fileErrors: string[]
  /** The columns the file has (an update changes only these) */
  columns: Key[]
  encoding: TableFile['encoding'] | null
}

/** Short forms of the city's zones as lists write them. */
const COUNTY_ALIASES: Record<string, Record<string, string>> = {
  hebi: {
    开发区: '鹤壁经济技术开发区',
    经开区: '鹤壁经济技术开发区',
    示范区: '鹤壁城乡一体化示范区',
  },
}

/** The city's county for what a list wrote ('鹤壁市淇滨区', '淇滨', '经开区' …), or null. */
export function mapCounty(city: CityData, s: string): string | null {
  const prefixes = ['河南省', `${city.name}`, city.name.replace(/市$/, '')]
  let n = s.replace(/\s+/g, '')
  for (const p of prefixes) if (n.startsWith(p) && n.length > p.length) n = n.slice(p.length)
  const short = (name: string) => name.replace(new RegExp(`^${city.name.replace(/市$/, '')}`), '')
  const hit = city.counties.find(
    (c) => c.name === n || short(c.name) === n || c.name === `${n}区` || c.name === `${n}县`,
  )
  return hit?.name ?? COUNTY_ALIASES[city.id]?.[n] ?? null
}

function mapIndustry(s: string): string | null {
  if (!s) return null
  if (/电器|电子/.test(s) || s === 'electrical_electronics') return 'electrical_electronics'
  if (/新材料/.test(s) || s === 'new_materials') return 'new_materials'
  if (/食品/.test(s) || s === 'green_food') return 'green_food'
  return null
}
function mapSize(s: string): string | null {
  const t = s.replace(/企业$/, '')
  if (['中型', '中', 'medium'].includes(t)) return 'medium'
  if (['小型', '小', 'small'].includes(t)) return 'small'
  if (['微型', '微', 'micro'].includes(t)) return 'micro'
  return null
}
function mapZjtx(s: string): string | null {
  if (['', '无', '否', '-', 'none'].includes(s)) return 'none'
  if (/小巨人|国家级/.test(s) || s === 'little_giant') return 'little_giant'
  if (/省级|专精特新/.test(s) || s === 'provincial') return 'provincial'
  if (/创新型/.test(s) || s === 'innovative') return 'innovative'
  return null
}
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, '1': 1, '2': 2, '3': 3 }
function mapBatch(s: string): number | null | undefined {
  if (s === '') return null
  const m = /^第?\s*([一二三123])\s*批?(次)?$/.exec(s) ?? /^([123])(\.0)?$/.exec(s)
  const d = m?.[1]
  return d ? CN_DIGITS[d] : undefined
}

export function parseEnterpriseRows(t: TableFile, city: CityData = HEBI): ParsedImport {
  const fileErrors: string[] = []
  const colIndex = new Map<Key, number>()
  t.headers.forEach((h, i) => {
    const key =
      (Object.entries(IMPORT_COLUMNS).find(([, label]) => label === h)?.[0] as Key | undefined) ??
      HEADER_ALIASES[h]
    if (key && !colIndex.has(key)) colIndex.set(key, i)
  })
  const missing = REQUIRED.filter((k) => !colIndex.has(k)).map((k) => IMPORT_COLUMNS[k])
  if (missing.length)
    fileErrors.push(
      `缺少必需的列：${missing.join('、')}（表头应包含 ${Object.values(IMPORT_COLUMNS).join('/')}）`,
    )

  const rows: ParsedRow[] = []
  const seen = new Map<string, number>()
  t.rows.forEach((cells, i) => {
    if (cells.length === 0) return
    const rowNo = t.firstRow + i
    const get = (k: Key) => {
      const idx = colIndex.get(k)
      return idx === undefined ? '' : (cells[idx] ?? '').trim()
    }
    const raw: Record<string, string> = {}
    for (const k of Object.keys(IMPORT_COLUMNS) as Key[])
      if (colIndex.has(k)) raw[IMPORT_COLUMNS[k]] = get(k)
    const errors: ParsedRow['errors'] = []
    const err = (k: Key, message: string) => errors.push({ column: IMPORT_COLUMNS[k], message })

    const uscc = get('uscc').toUpperCase().replace(/\s+/g, '')
    if (colIndex.has('uscc')) {
      const v = validateUscc(uscc)
      if (!v.ok) err('uscc', v.message)
      else if (uscc === TEMPLATE_EXAMPLE_USCC) err('uscc', '这是导入模板中的示例行，请删除后再导入')
      else if (seen.has(uscc)) err('uscc', `与第 ${seen.get(uscc)} 行重复：${uscc}`)
      else seen.set(uscc, rowNo)
    }
    const county = mapCounty(city, get('county'))
    if (colIndex.has('county') && get('county') !== '' && !county)
      err('county', countyError(city, get('county')) ?? '')
    const industry = mapIndustry(get('industry'))
    if (colIndex.has('industry') && !industry)
      err(
        'industry',
        `「${get('industry')}」不是试点行业（智能电器电子信息制造 / 新材料制品制造 / 绿色食品加工制造）`,
      )
    const size = mapSize(get('size'))
    if (colIndex.has('size') && !size) err('size', `「${get('size')}」应为 中型 / 小型 / 微型`)
    const zjtx = mapZjtx(get('zjtx'))
    if (!zjtx)
      err('zjtx', `「${get('zjtx')}」应为 无 / 创新型中小企业 / 省级专精特新 / 专精特新“小巨人”`)
    const batch = mapBatch(get('batch'))
    if (batch === undefined) err('batch', `「${get('batch')}」应为 1、2、3（或 第一批 等），可留空`)

    let value: ParsedRow['value'] = null
    if (fileErrors.length === 0) {
      const candidate = {
        uscc,
        name: get('name'),
        county: county ?? get('county'),
        industry: industry ?? '',
        subIndustry: get('subIndustry'),
        size: size ?? '',
        zjtx: zjtx ?? 'none',
        batch: batch ?? null,
        contact: get('contact'),
        phone: get('phone'),
        address: get('address'),
      }
      const parsed = EnterpriseFields.safeParse(candidate)
      if (parsed.success) {
        if (errors.length === 0) value = parsed.data
      } else {
        for (const issue of parsed.error.issues) {
          const k = issue.path[0] as Key | undefined
          const column = k && k in IMPORT_COLUMNS ? IMPORT_COLUMNS[k] : String(k ?? '')
          if (!errors.some((e) => e.column === column))
            errors.push({ column, message: issue.message })
        }
      }
    }
    rows.push({ row: rowNo, raw, value, errors })
  })
  if (fileErrors.length === 0 && rows.length === 0) fileErrors.push('文件中没有数据行')
  return { rows, fileErrors, columns: [...colIndex.keys()], encoding: t.encoding ?? null }
}
