/**
 * A city list of `n` enterprises for imports in tests and benches: distinct, realistic-looking
 * names (place + trade + number), valid USCCs (check character computed), counties and industries
 * of Hebi in turn. Deterministic: the same n gives the same list.
 */
import { HEBI } from '../../shared/domain/city'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'

export const LIST_HEADER = [
  '企业名称',
  '统一社会信用代码',
  '县区',
  '试点行业',
  '细分行业',
  '企业规模',
  '专精特新',
  '批次',
  '联系人',
  '电话',
] as const

const PLACES = ['鹤壁', '淇滨', '浚县', '淇县', '山城', '鹤山', '黎阳', '朝歌', '大伾', '云梦']
const TRADES = ['电气', '新材料', '食品', '电子', '镁业', '精密', '智能', '机械', '化工', '包装']
const SUBS = ['电线电缆', '镁合金', '速冻食品', '电子元器件', '智能开关', '包装材料']
const SIZES = ['中型', '小型', '微型']
const ZJTX = ['无', '创新型中小企业', '省级专精特新中小企业', '无']
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄']

/** 18-character USCC number `n` (region 410611, check character computed). */
export function listUscc(n: number): string {
  const first17 = `91410611MA${String(n).padStart(7, '0')}`
  return first17 + usccCheckChar(first17)
}

export interface ListRow {
  name: string
  uscc: string
  county: string
  industry: string
  subIndustry: string
  size: string
  zjtx: string
  batch: string
  contact: string
  phone: string
}

export function cityList(n: number, from = 1): ListRow[] {
  const rows: ListRow[] = []
  for (let i = from; i < from + n; i++) {
    rows.push({
      name: `${PLACES[i % PLACES.length]}${TRADES[Math.floor(i / PLACES.length) % TRADES.length]}${i}号有限公司`,
      uscc: listUscc(i),
      county: HEBI.counties[i % HEBI.counties.length]!.name,
      industry: HEBI.industries[i % HEBI.industries.length]!.name,
      subIndustry: SUBS[i % SUBS.length]!,
      size: SIZES[i % SIZES.length]!,
      zjtx: ZJTX[i % ZJTX.length]!,
      batch: String((i % 3) + 1),
      contact: `${SURNAMES[i % SURNAMES.length]}经理`,
      phone: `138${String(i).padStart(8, '0')}`, // 11 digits (a mobile number) for any i
    })
  }
  return rows
}

/** The rows as CSV text (header first, CRLF as Excel writes it). */
export function toCsv(rows: readonly ListRow[]): string {
  const line = (r: ListRow) =>
    [
      r.name,
      r.uscc,
      r.county,
      r.industry,
      r.subIndustry,
      r.size,
      r.zjtx,
      r.batch,
      r.contact,
      r.phone,
    ]
      .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',')
  return [LIST_HEADER.join(','), ...rows.map(line)].join('\r\n') + '\r\n'
}
