/**
 * Reads a table file into header + rows of strings: .csv (RFC 4180 quoting; UTF-8 with or without
 * BOM, else GB18030 — a superset of GBK, what Excel writes for 「CSV（逗号分隔）」 on a Chinese
 * Windows) or .xlsx (first worksheet, exceljs), both through shared/domain/table.
 * An .xlsx is a zip: it is unzipped with bounds first (declared sizes capped and checked while
 * inflating) and its worksheets' rows counted before exceljs builds a model (issue 12).
 */
import {
  parseCsvText,
  tableFromGrid,
  type TableFile as TableText,
} from '../../../shared/domain/table/table-text'
import {
  MAX_SHEET_COLUMNS,
  MAX_SHEET_ROWS,
  sheetGrid,
} from '../../../shared/domain/table/sheet-grid'
import { unzipBounded } from '../../../shared/domain/zip/unzip-bounded'

export interface TableFile extends TableText {
  /** How the file was read */
  encoding?: 'utf-8' | 'gb18030' | 'xlsx'
}

export class TableFileError extends Error {}

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (GBK); neither is a one-line error. */
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
  const r = parseCsvText(text)
  if (!r.ok) throw new TableFileError(r.error)
  return { ...r.table, encoding }
}

/** Limits on an imported sheet (shared/domain/table/sheet-grid.ts). */
export const MAX_XLSX_ROWS = MAX_SHEET_ROWS
export const MAX_XLSX_COLUMNS = MAX_SHEET_COLUMNS

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
  const g = sheetGrid(ws)
  if (!g.ok) throw new TableFileError(g.error)
  const t = tableFromGrid(g.grid)
  if (!t.ok) throw new TableFileError(t.error)
  return { ...t.table, encoding: 'xlsx' }
}

export async function readTableFile(fileName: string, bytes: Uint8Array): Promise<TableFile> {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.csv')) return parseCsv(bytes)
  if (lower.endsWith('.xlsx')) return parseXlsx(bytes)
  if (lower.endsWith('.xls'))
    throw new TableFileError('不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV UTF-8')
  throw new TableFileError('只支持 .csv（UTF-8 或 GBK）和 .xlsx 文件')
}
