/**
 * Reads a table file into header + rows of strings: .csv (UTF-8 with or without BOM, RFC 4180
 * quoting) or .xlsx (first worksheet, exceljs). GBK/GB18030 CSV is out of scope: it is detected
 * as invalid UTF-8 and refused with a message saying how to re-save the file.
 * An .xlsx is a zip: it is unzipped with bounds first (declared sizes capped and checked while
 * inflating) and its worksheets' rows counted before exceljs builds a model (issue 12).
 */
import type ExcelJS from 'exceljs'
import { unzipBounded } from '../../../shared/domain/zip/unzip-bounded'

export interface TableFile {
  headers: string[]
  /** Data rows; empty rows stay as [] so numbering holds */
  rows: string[][]
  /** File row number of rows[0] (1-based; the header is the row before) */
  firstRow: number
}

export class TableFileError extends Error {}

export function parseCsv(bytes: Uint8Array): TableFile {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new TableFileError(
      'CSV 文件不是 UTF-8 编码（可能是 GBK）；暂不支持 GBK，请在 Excel 中「另存为 → CSV UTF-8（逗号分隔）」或直接导入 .xlsx',
    )
  }
  const records: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = 0
  const pushField = () => {
    row.push(field)
    field = ''
  }
  const pushRow = () => {
    pushField()
    records.push(row)
    row = []
  }
  while (i < text.length) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else field += c
      i++
      continue
    }
    if (c === '"' && field === '') quoted = true
    else if (c === ',') pushField()
    else if (c === '\r' && text[i + 1] === '\n') {
      pushRow()
      i++
    } else if (c === '\n' || c === '\r') pushRow()
    else field += c
    i++
  }
  if (quoted) throw new TableFileError('CSV 格式错误：引号未闭合')
  if (field !== '' || row.length > 0) pushRow()
  const nonEmpty = records.filter((r) => r.some((x) => x.trim() !== ''))
  const header = nonEmpty.shift()
  if (!header) throw new TableFileError('文件为空：没有表头行')
  // keep row numbers: recompute from original records
  const headerIdx = records.indexOf(header)
  const rows = records.slice(headerIdx + 1).map((r) => (r.some((x) => x.trim() !== '') ? r : []))
  return { headers: header.map((h) => h.trim()), rows, firstRow: headerIdx + 2 }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v && typeof v.text === 'string') return v.text
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
    if ('error' in v) return ''
  }
  return String(v)
}

/** Limits on an imported sheet; the pilot list has about 600 rows and a dozen columns. */
export const MAX_XLSX_ROWS = 20_000
export const MAX_XLSX_COLUMNS = 64

/** Caps on the unzipped parts of an .xlsx: a full 20 000 × 64 sheet is about 45 MiB of XML. */
export const MAX_XLSX_UNCOMPRESSED = 128 * 1024 ** 2
export const MAX_XLSX_PART = 96 * 1024 ** 2
const MAX_XLSX_ENTRIES = 2_000

/**
 * Checks an .xlsx before exceljs sees it: a bounded unzip (every part within its declared size,
 * parts and total capped) and, in every worksheet, the number of <row> elements and the highest
 * row number against MAX_XLSX_ROWS. Throws TableFileError with the reason.
 */
export function checkXlsxBounds(bytes: Uint8Array): void {
  const un = unzipBounded(bytes, {
    check: (f) =>
      f.originalSize > MAX_XLSX_PART
        ? `${f.name} 解压后 ${f.originalSize} 字节，超过上限 ${MAX_XLSX_PART}`
        : null,
    maxTotal: MAX_XLSX_UNCOMPRESSED,
    totalError: `解压后总大小超过上限 ${MAX_XLSX_UNCOMPRESSED} 字节`,
    maxEntries: MAX_XLSX_ENTRIES,
    label: 'xlsx',
  })
  if (!un.ok) throw new TableFileError(`无法读取 .xlsx 文件（${un.error}）`)
  for (const [name, data] of un.files) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue
    const xml = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1')
    let rows = 0
    let highest = 0
    for (const m of xml.matchAll(/<(?:\w+:)?row\b([^>]*)>/g)) {
      rows++
      const r = /\br="(\d+)"/.exec(m[1] ?? '')
      if (r) highest = Math.max(highest, Number(r[1]))
      if (rows > MAX_XLSX_ROWS || highest > MAX_XLSX_ROWS)
        throw new TableFileError(
          `工作表行数过多（${name.slice('xl/worksheets/'.length)} 至少 ${Math.max(rows, highest)} 行），最多 ${MAX_XLSX_ROWS} 行`,
        )
    }
  }
}

export async function parseXlsx(bytes: Uint8Array): Promise<TableFile> {
  checkXlsxBounds(bytes)
  // exceljs is loaded on the first .xlsx, not at backend start.
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.Workbook()
  try {
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    )
  } catch {
    throw new TableFileError('无法读取 .xlsx 文件（文件损坏或不是 Excel 2007 及以上格式）')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new TableFileError('Excel 文件中没有工作表')
  // Walk only the cells that exist: a sheet whose used range is stretched by one far-away cell
  // (e.g. XFD1048576) must not make us visit billions of empty cells.
  let width = 0
  let height = 0
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    height = Math.max(height, r)
    row.eachCell({ includeEmpty: false }, (_cell, c) => {
      width = Math.max(width, c)
    })
  })
  if (height > MAX_XLSX_ROWS)
    throw new TableFileError(`工作表行数过多（第 ${height} 行有内容），最多 ${MAX_XLSX_ROWS} 行`)
  if (width > MAX_XLSX_COLUMNS)
    throw new TableFileError(`工作表列数过多（第 ${width} 列有内容），最多 ${MAX_XLSX_COLUMNS} 列`)
  const all: string[][] = Array.from({ length: height }, () => [])
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: string[] = []
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim())
    all[r - 1] = cells
  })
  for (let r = 0; r < all.length; r++) if (all[r]?.length === 0) all[r] = Array(width).fill('')
  const headerIdx = all.findIndex((r) => r.some((x) => x !== ''))
  if (headerIdx < 0) throw new TableFileError('文件为空：没有表头行')
  const header = all[headerIdx] ?? []
  return {
    headers: header.map((h) => h.trim()),
    rows: all.slice(headerIdx + 1).map((r) => (r.some((x) => x !== '') ? r : [])),
    firstRow: headerIdx + 2,
  }
}

export async function readTableFile(fileName: string, bytes: Uint8Array): Promise<TableFile> {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.csv')) return parseCsv(bytes)
  if (lower.endsWith('.xlsx')) return parseXlsx(bytes)
  if (lower.endsWith('.xls'))
    throw new TableFileError('不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV UTF-8')
  throw new TableFileError('只支持 .csv（UTF-8）和 .xlsx 文件')
}
