/**
 * The investment ledger (投入清单, issue 8): one row per invoice, validated row by row, with the
 * eligible and ineligible totals the subsidy is computed from. Which categories are eligible is
 * data in the dossier template (pilot plan §17: software, cloud services, gateways/routers and
 * similar data-collection and transmission equipment, consulting/diagnosis services). Money is
 * integer fen; sums are checked to stay safe integers.
 */
import { fail } from '../../contract/errors'
import { formatYuan } from '../money'
import { isSha256Hex } from './checklist'
import { HEBI_2024_DOSSIER_TEMPLATE } from './template'
import type {
  CategoryTotal,
  DossierTemplate,
  LedgerCategory,
  LedgerError,
  LedgerRow,
  LedgerTotals,
} from './types'
import { LEDGER_CATEGORIES } from './types'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar date written YYYY-MM-DD (2025-02-29 is refused). */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string') return false
  const m = DATE.exec(v)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const t = new Date(Date.UTC(y, mo - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

/** The form in which invoice numbers are compared: no spaces, upper case. */
export function invoiceKey(no: string): string {
  return no.replace(/\s+/g, '').toUpperCase()
}

function show(v: unknown): string {
  if (v === undefined) return '空'
  if (typeof v === 'string') return v === '' ? '空' : `“${v}”`
  if (typeof v === 'number') return String(v)
  return typeof v
}

const FIELD_NAMES: Record<LedgerError['field'], string> = {
  invoiceNo: '发票号',
  date: '开票日期',
  supplier: '供应商',
  amountFen: '金额',
  category: '类别',
  invoiceEvidence: '发票附件',
  paymentEvidence: '付款凭证附件',
  row: '',
}

function err(row: number, field: LedgerError['field'], what: string): LedgerError {
  const name = FIELD_NAMES[field]
  return { row, field, message: `第 ${row} 行${name ? ` ${name}` : ''}：${what}` }
}

/**
 * Every problem in the ledger, each naming its row (1-based) and field; [] when valid.
 * Refused: empty invoice number, an invoice number already used on an earlier row (compared
 * without spaces, case-insensitively), a date that is not a real YYYY-MM-DD date, an empty
 * supplier, an amount that is not a whole number of fen > 0, an unknown category, evidence that
 * is not a SHA-256. Values are checked at run time, so rows straight from an import are safe.
 */
export function validateLedger(
  rows: readonly LedgerRow[],
  template: DossierTemplate = HEBI_2024_DOSSIER_TEMPLATE,
): LedgerError[] {
  const errors: LedgerError[] = []
  const seen = new Map<string, number>()
  const known = template.ledgerCategories.map((c) => c.id)
  rows.forEach((r, i) => {
    const row = i + 1
    if (typeof r !== 'object' || r === null) {
      errors.push(err(row, 'row', '不是一条发票记录'))
      return
    }
    const no: unknown = r.invoiceNo
    if (typeof no !== 'string' || no.trim() === '') errors.push(err(row, 'invoiceNo', '不能为空'))
    else {
      const first = seen.get(invoiceKey(no))
      if (first !== undefined)
        errors.push(
          err(row, 'invoiceNo', `${no.trim()} 与第 ${first} 行重复，同一张发票只能登记一次`),
        )
      else seen.set(invoiceKey(no), row)
    }
    if (!isIsoDate(r.date))
      errors.push(err(row, 'date', `须为有效日期，格式 YYYY-MM-DD，实际为 ${show(r.date)}`))
    const supplier: unknown = r.supplier
    if (typeof supplier !== 'string' || supplier.trim() === '')
      errors.push(err(row, 'supplier', '不能为空'))
    const amount: unknown = r.amountFen
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
      errors.push(err(row, 'amountFen', `须为大于 0 的整数（单位：分），实际为 ${show(amount)}`))
    if (!known.includes(r.category))
      errors.push(
        err(
          row,
          'category',
          `须为 ${template.ledgerCategories.map((c) => `${c.id}（${c.label}）`).join('、')} 之一，实际为 ${show(r.category)}`,
        ),
      )
    for (const f of ['invoiceEvidence', 'paymentEvidence'] as const) {
      const v: unknown = r[f]
      if (v !== undefined && !isSha256Hex(v))
        errors.push(err(row, f, `须为 64 位小写十六进制 SHA-256，实际为 ${show(v)}`))
    }
  })
  return errors
}

function addFen(a: number, b: number): number {
  const s = a + b
  if (!Number.isSafeInteger(s)) throw fail.validation('投入清单金额合计超出可计算范围', 'ledger')
  return s
}

/**
 * Totals of a valid ledger: eligible (实际投入, what the subsidy is a share of), ineligible, per
 * category, and the eligible rows that still lack invoice or payment evidence. Throws a
 * VALIDATION AppException carrying the first error (and the count) when the ledger is invalid:
 * totals are never computed from bad rows.
 */
export function ledgerTotals(
  rows: readonly LedgerRow[],
  template: DossierTemplate = HEBI_2024_DOSSIER_TEMPLATE,
): LedgerTotals {
  const errors = validateLedger(rows, template)
  const first = errors[0]
  if (first)
    throw fail.validation(
      errors.length === 1 ? first.message : `${first.message}（共 ${errors.length} 处错误）`,
      `ledger.${first.row}.${first.field}`,
    )
  const byCategory = {} as Record<LedgerCategory, CategoryTotal>
  for (const id of LEDGER_CATEGORIES) {
    const rule = template.ledgerCategories.find((c) => c.id === id)
    byCategory[id] = {
      label: rule?.label ?? id,
      eligible: rule?.eligible ?? false,
      count: 0,
      amountFen: 0,
    }
  }
  let eligibleFen = 0
  let ineligibleFen = 0
  const unevidenced: number[] = []
  let unevidencedFen = 0
  rows.forEach((r, i) => {
    const c = byCategory[r.category]
    c.count++
    c.amountFen = addFen(c.amountFen, r.amountFen)
    if (c.eligible) {
      eligibleFen = addFen(eligibleFen, r.amountFen)
      if (r.invoiceEvidence === undefined || r.paymentEvidence === undefined) {
        unevidenced.push(i + 1)
        unevidencedFen = addFen(unevidencedFen, r.amountFen)
      }
    } else ineligibleFen = addFen(ineligibleFen, r.amountFen)
  })
  return {
    eligibleFen,
    ineligibleFen,
    totalFen: addFen(eligibleFen, ineligibleFen),
    byCategory,
    rowCount: rows.length,
    unevidenced: { rows: unevidenced, amountFen: unevidencedFen },
  }
}

/** One line per category with amounts, for the 验收评价: 「软件 2 张 120,000 元（计入）」 */
export function ledgerSummaryLines(totals: LedgerTotals): string[] {
  return LEDGER_CATEGORIES.filter((id) => totals.byCategory[id].count > 0).map((id) => {
    const c = totals.byCategory[id]
    return `${c.label} ${c.count} 张 ${formatYuan(c.amountFen)} 元（${c.eligible ? '计入实际投入' : '不计入'}）`
  })
}

/**
 * Yuan as written in a spreadsheet cell → integer fen, or null when it is not an amount with at
 * most two decimals. Strings: '12345.6', '12,345.67', '¥1,000', '1000元'; numbers as a
 * spreadsheet stores them (12345.67 → 1234567; 0.1 + 0.2 is accepted as 0.30).
 */
export function yuanToFen(value: unknown): number | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    const fen = Math.round(value * 100)
    if (Math.abs(value * 100 - fen) > 1e-6 * Math.max(1, Math.abs(fen))) return null
    return Number.isSafeInteger(fen) ? fen : null
  }
  if (typeof value !== 'string') return null
  const s = value
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '')
  const m = /^(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  const whole = (m[2] ?? '').replace(/,/g, '')
  const frac = (m[3] ?? '').padEnd(2, '0')
  const fen = Number(whole) * 100 + Number(frac)
  if (!Number.isSafeInteger(fen)) return null
  return m[1] ? -fen : fen
}

/** Category as written in a spreadsheet (id or Chinese label) → id, or null. */
export function parseCategory(
  value: unknown,
  template: DossierTemplate = HEBI_2024_DOSSIER_TEMPLATE,
): LedgerCategory | null {
  if (typeof value !== 'string') return null
  const v = value.trim()
  const aliases: Record<string, LedgerCategory> = {
    软件: 'software',
    云服务: 'cloud',
    云: 'cloud',
    数据采集传输设备: 'data_equipment',
    网关: 'data_equipment',
    路由: 'data_equipment',
    咨询诊断: 'consulting',
    咨询诊断服务: 'consulting',
    咨询诊断等服务: 'consulting',
    其他: 'other',
  }
  const byTemplate = template.ledgerCategories.find((c) => c.id === v || c.label === v)
  return byTemplate?.id ?? aliases[v] ?? null
}

/** Spreadsheet column headers understood by `ledgerRowsFromRecords`. */
export const LEDGER_HEADERS = {
  invoiceNo: ['发票号', '发票号码', 'invoiceNo'],
  date: ['开票日期', '日期', 'date'],
  supplier: ['供应商', '销售方', 'supplier'],
  amount: ['金额（元）', '金额(元)', '金额', 'amount'],
  category: ['类别', '支出类别', 'category'],
} as const

function pick(rec: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) if (n in rec) return rec[n]
  return undefined
}

function dateCell(v: unknown): unknown {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10)
  if (typeof v === 'string')
    return v
      .trim()
      .replace(
        /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/,
        (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
      )
  return v
}

/**
 * Rows of a spreadsheet (one record per data row, keyed by header; values as the reader gives
 * them) → ledger rows, plus per-row errors: the conversion errors (amount in yuan, category
 * label) and then every `validateLedger` error. Row numbers are 1-based data rows.
 */
export function ledgerRowsFromRecords(
  records: readonly Record<string, unknown>[],
  template: DossierTemplate = HEBI_2024_DOSSIER_TEMPLATE,
): { rows: LedgerRow[]; errors: LedgerError[] } {
  const errors: LedgerError[] = []
  const rows: LedgerRow[] = records.map((rec, i) => {
    const row = i + 1
    const rawAmount = pick(rec, LEDGER_HEADERS.amount)
    const fen = yuanToFen(rawAmount)
    if (fen === null)
      errors.push(
        err(row, 'amountFen', `须为以元为单位、最多两位小数的金额，实际为 ${show(rawAmount)}`),
      )
    const rawCat = pick(rec, LEDGER_HEADERS.category)
    const category = parseCategory(rawCat, template)
    if (category === null)
      errors.push(
        err(
          row,
          'category',
          `须为 ${template.ledgerCategories.map((c) => c.label).join('、')} 之一，实际为 ${show(rawCat)}`,
        ),
      )
    const no = pick(rec, LEDGER_HEADERS.invoiceNo)
    const supplier = pick(rec, LEDGER_HEADERS.supplier)
    return {
      invoiceNo: typeof no === 'number' ? String(no) : typeof no === 'string' ? no.trim() : '',
      date: dateCell(pick(rec, LEDGER_HEADERS.date)) as string,
      supplier: typeof supplier === 'string' ? supplier.trim() : '',
      amountFen: fen ?? Number.NaN,
      category: (category ?? rawCat) as LedgerCategory,
    }
  })
  const rest = validateLedger(rows, template).filter(
    (e) =>
      !errors.some((c) => c.row === e.row && c.field === e.field) &&
      // amounts that failed conversion are already reported
      !(e.field === 'amountFen' && Number.isNaN(rows[e.row - 1]?.amountFen)),
  )
  const all = [...errors, ...rest].sort((a, b) => a.row - b.row)
  return { rows, errors: all }
}
