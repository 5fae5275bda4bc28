/**
 * Q02 设备数字化率 / Q03 设备联网率: the assessor enters device counts; the ratio suggests the
 * option whose band contains it. Bands are read from the verbatim option texts ("[0-10%]",
 * "(10%,20%]"), so the catalogue stays the single source. This only suggests; the assessor picks.
 */
import type { CatalogueOption } from '../../../../shared/domain/catalogue/types'

export interface Band {
  key: string
  low: number
  high: number
  lowInclusive: boolean
  highInclusive: boolean
}

const BAND = /^\s*([[(])\s*(\d+(?:\.\d+)?)\s*%?\s*[-,，]\s*(\d+(?:\.\d+)?)\s*%\s*([\])])\s*$/

export function parseBand(o: CatalogueOption): Band | null {
  const m = BAND.exec(o.text)
  if (!m) return null
  return {
    key: o.key,
    low: Number(m[2]),
    high: Number(m[3]),
    lowInclusive: m[1] === '[',
    highInclusive: m[4] === ']',
  }
}

/** Percentage (0–100) → the option key of the band that contains it, or null. */
export function bandFor(options: CatalogueOption[], percent: number): string | null {
  if (!Number.isFinite(percent)) return null
  for (const o of options) {
    const b = parseBand(o)
    if (!b) continue
    const aboveLow = b.lowInclusive ? percent >= b.low : percent > b.low
    const belowHigh = b.highInclusive ? percent <= b.high : percent < b.high
    if (aboveLow && belowHigh) return b.key
  }
  return null
}

export interface RatioSuggestion {
  /** e.g. '设备数字化率' */
  label: string
  numerator: number
  denominator: number
  percent: number
  key: string | null
}

type Fields = Record<string, number | string | null | undefined>

function num(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null
  const n = typeof v === 'number' ? v : Number(v)
  return Number.isFinite(n) && n >= 0 ? n : null
}

/**
 * The suggestion for Q02 (f3 digitised / f2 total) or Q03 (f2 networked / Q02's f2 total);
 * null when the counts are missing or do not make a ratio (total 0, part > total).
 */
export function suggestRatio(
  questionId: string,
  options: CatalogueOption[],
  fields: Fields,
  q02Fields: Fields,
): RatioSuggestion | { error: string } | null {
  let part: number | null
  let total: number | null
  let label: string
  if (questionId === 'Q02') {
    part = num(fields.f3)
    total = num(fields.f2)
    label = '设备数字化率'
  } else if (questionId === 'Q03') {
    part = num(fields.f2)
    total = num(q02Fields.f2)
    label = '设备联网率'
    if (part !== null && total === null)
      return { error: '请先在 Q02 填写生产设备总数量（台），以计算联网率' }
  } else {
    return null
  }
  if (part === null || total === null) return null
  if (total === 0) return { error: '生产设备数量为 0，无法计算比例' }
  if (part > total)
    return {
      error: `${questionId === 'Q02' ? '数字化' : '联网'}设备数量（${part}）大于生产设备数量（${total}）`,
    }
  const percent = (part / total) * 100
  return { label, numerator: part, denominator: total, percent, key: bandFor(options, percent) }
}
