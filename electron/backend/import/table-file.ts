/**
 * Reads a table file into header + rows of strings: .csv (RFC 4180 quoting; UTF-8 with or without
 * BOM, else GB18030 — a superset of GBK, what Excel writes for 「CSV（逗号分隔）」 on a Chinese
 * Windows) or .xlsx (first worksheet, exceljs).
 */
import type ExcelJS from 'exceljs'

export interface TableFile {
  headers: string[]
  /** Data rows; empty rows stay as [] so numbering holds */
  rows: string[][]
  /** File row number of rows[0] (1-based; the header is the row before) */
  firstRow: number
  /** How the file was read */
  encoding?: 'utf-8' | 'gb18030' | 'xlsx'
}

export class TableFileError extends Error {}

/** UTF-8 when the bytes are valid UTF-8 (any BOM dropped), else GB18030 (GBK). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    try {
      return {
        text: new TextDecoder('gb18030', { fatal: true }).decode(bytes),
        encoding: 'gb18030',
      }
    } catch {
      throw new TableFileError(
        'CSV 文件的编码无法识别（既不是 UTF-8，也不是 GBK/GB18030）；请在 Excel 中另存为 .xlsx 后导入',
      )
    }
  }
}

export function parseCsv(bytes: Uint8Array): TableFile {
  const { text, encoding } = decodeCsv(bytes)
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
  return { headers: header.map((h) => h.trim()), rows, firstRow: headerIdx + 2, encoding }
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

export async function parseXlsx(bytes: Uint8Array): Promise<TableFile> {
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
    encoding: 'xlsx',
  }
}

export async function readTableFile(fileName: string, bytes: Uint8Array): Promise<TableFile> {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.csv')) return parseCsv(bytes)
  if (lower.endsWith('.xlsx')) return parseXlsx(bytes)
  if (lower.endsWith('.xls'))
    throw new TableFileError('不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV UTF-8')
  throw new TableFileError('只支持 .csv（UTF-8 或 GBK）和 .xlsx 文件')
}
