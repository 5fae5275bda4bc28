/**
 * Reads a table file into header + rows of strings: .csv (UTF-8 with or without BOM, RFC 4180
 * quoting) or .xlsx (first worksheet, exceljs), both through shared/domain/table. GBK/GB18030
 * CSV is out of scope here: it is detected as invalid UTF-8 and refused with a message saying
 * how to re-save the file.
 */
import {
  parseCsvText,
  tableFromGrid,
  type TableFile,
} from '../../../shared/domain/table/table-text'
import {
  MAX_SHEET_COLUMNS,
  MAX_SHEET_ROWS,
  sheetGrid,
} from '../../../shared/domain/table/sheet-grid'

export type { TableFile }

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
  const r = parseCsvText(text)
  if (!r.ok) throw new TableFileError(r.error)
  return r.table
}

/** Limits on an imported sheet (shared/domain/table/sheet-grid.ts). */
export const MAX_XLSX_ROWS = MAX_SHEET_ROWS
export const MAX_XLSX_COLUMNS = MAX_SHEET_COLUMNS

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
  const g = sheetGrid(ws)
  if (!g.ok) throw new TableFileError(g.error)
  const t = tableFromGrid(g.grid)
  if (!t.ok) throw new TableFileError(t.error)
  return t.table
}

export async function readTableFile(fileName: string, bytes: Uint8Array): Promise<TableFile> {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.csv')) return parseCsv(bytes)
  if (lower.endsWith('.xlsx')) return parseXlsx(bytes)
  if (lower.endsWith('.xls'))
    throw new TableFileError('不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV UTF-8')
  throw new TableFileError('只支持 .csv（UTF-8）和 .xlsx 文件')
}
