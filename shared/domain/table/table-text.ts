/**
 * Table files as text (pure; used by the backend's pilot-list and ledger import and by the
 * central service's product-catalogue import): RFC 4180 CSV text → header + rows of strings with
 * their file row numbers, and a grid of cell texts (e.g. from an .xlsx sheet) → the same.
 * Decoding bytes (UTF-8, GB18030) and reading .xlsx stay with the caller.
 */

export interface TableFile {
  headers: string[]
  /** Data rows; empty rows stay as [] so numbering holds */
  rows: string[][]
  /** File row number of rows[0] (1-based; the header is the row before) */
  firstRow: number
}

export type TableText = { ok: true; table: TableFile } | { ok: false; error: string }

/** CSV text (BOM already removed or not) → table; the first non-empty row is the header. */
export function parseCsvText(input: string): TableText {
  const text = input.replace(/^\uFEFF/, '')
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
  if (quoted) return { ok: false, error: 'CSV 格式错误：引号未闭合' }
  if (field !== '' || row.length > 0) pushRow()
  return tableFromGrid(records)
}

/** Rows of cell texts (row 1 first) → table; the first non-empty row is the header. */
export function tableFromGrid(grid: readonly string[][]): TableText {
  const blank = (r: readonly string[]) => r.every((x) => x.trim() === '')
  const headerIdx = grid.findIndex((r) => !blank(r))
  if (headerIdx < 0) return { ok: false, error: '文件为空：没有表头行' }
  return {
    ok: true,
    table: {
      headers: grid[headerIdx]!.map((h) => h.trim()),
      rows: grid.slice(headerIdx + 1).map((r) => (blank(r) ? [] : [...r])),
      firstRow: headerIdx + 2,
    },
  }
}
