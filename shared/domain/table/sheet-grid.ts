/**
 * The cells of a spreadsheet as a grid of texts (pure). Works on any worksheet object with the
 * shape below — exceljs's Worksheet has it — so that the backend and the central service read
 * .xlsx files the same way without this module importing exceljs.
 */

/** What is read of a worksheet: its non-empty rows and their cells. */
export interface SheetLike {
  eachRow(
    opt: { includeEmpty: boolean },
    cb: (
      row: {
        eachCell(opt: { includeEmpty: boolean }, cb: (cell: unknown, col: number) => void): void
        getCell(col: number): { value: unknown }
      },
      rowNumber: number,
    ) => void,
  ): void
}

/** Limits on an imported sheet; the pilot list has about 600 rows and a dozen columns. */
export const MAX_SHEET_ROWS = 20_000
export const MAX_SHEET_COLUMNS = 64

/** A cell value (string, number, date, rich text, hyperlink, formula result) as text. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o['richText']))
      return (o['richText'] as { text?: unknown }[]).map((t) => String(t.text ?? '')).join('')
    if (typeof o['text'] === 'string') return o['text']
    if ('result' in o) return cellText(o['result'])
    if ('error' in o) return ''
  }
  return String(v)
}

/**
 * The sheet as rows of trimmed cell texts (row 1 first). Walks only the cells that exist: a sheet
 * whose used range is stretched by one far-away cell (e.g. XFD1048576) does not make it visit
 * billions of empty cells. Too many rows or columns is an error naming the limit.
 */
export function sheetGrid(
  ws: SheetLike,
): { ok: true; grid: string[][] } | { ok: false; error: string } {
  let width = 0
  let height = 0
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    height = Math.max(height, r)
    row.eachCell({ includeEmpty: false }, (_cell, c) => {
      width = Math.max(width, c)
    })
  })
  if (height > MAX_SHEET_ROWS)
    return {
      ok: false,
      error: `工作表行数过多（第 ${height} 行有内容），最多 ${MAX_SHEET_ROWS} 行`,
    }
  if (width > MAX_SHEET_COLUMNS)
    return {
      ok: false,
      error: `工作表列数过多（第 ${width} 列有内容），最多 ${MAX_SHEET_COLUMNS} 列`,
    }
  const grid: string[][] = Array.from({ length: height }, () => [])
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: string[] = []
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value).trim())
    grid[r - 1] = cells
  })
  return { ok: true, grid }
}
