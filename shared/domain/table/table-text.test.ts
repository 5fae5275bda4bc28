import { describe, expect, it } from 'vitest'
import { cellText, sheetGrid, type SheetLike } from './sheet-grid'
import { parseCsvText, tableFromGrid } from './table-text'

describe('parseCsvText', () => {
  it('header, quoted fields with commas, doubled quotes and line breaks; blank rows keep numbering', () => {
    const r = parseCsvText('\uFEFF\n a ,b\r\n"x, y","say ""hi"""\n\n"multi\nline",2\n')
    expect(r).toEqual({
      ok: true,
      table: {
        headers: ['a', 'b'],
        rows: [['x, y', 'say "hi"'], [], ['multi\nline', '2']],
        firstRow: 3,
      },
    })
  })
  it('errors', () => {
    expect(parseCsvText('a,"b\n1,2')).toEqual({ ok: false, error: 'CSV 格式错误：引号未闭合' })
    expect(parseCsvText(' , \n')).toEqual({ ok: false, error: '文件为空：没有表头行' })
  })
})

describe('tableFromGrid and sheetGrid', () => {
  it('the first non-empty row is the header; rows are numbered as in the sheet', () => {
    expect(tableFromGrid([[], ['', ''], ['h1', 'h2'], ['1', ''], ['', '']])).toEqual({
      ok: true,
      table: { headers: ['h1', 'h2'], rows: [['1', ''], []], firstRow: 4 },
    })
  })
  it('cell values of every kind as text', () => {
    expect(cellText(null)).toBe('')
    expect(cellText(12.5)).toBe('12.5')
    expect(cellText(new Date(Date.UTC(2026, 11, 6)))).toBe('2026-12-06')
    expect(cellText({ richText: [{ text: '产品' }, { text: '名称' }] })).toBe('产品名称')
    expect(cellText({ text: 'link', hyperlink: 'x' })).toBe('link')
    expect(cellText({ formula: 'A1', result: 3 })).toBe('3')
    expect(cellText({ error: '#N/A' })).toBe('')
  })
  it('walks only the cells that exist and refuses sheets over the limits', () => {
    const sheet = (cells: [number, number, unknown][]): SheetLike => ({
      eachRow(_o, cb) {
        const rows = [...new Set(cells.map((c) => c[0]))].sort((a, b) => a - b)
        for (const r of rows)
          cb(
            {
              eachCell(_o2, cb2) {
                for (const c of cells.filter((x) => x[0] === r)) cb2(c[2], c[1])
              },
              getCell: (col) => ({ value: cells.find((x) => x[0] === r && x[1] === col)?.[2] }),
            },
            r,
          )
      },
    })
    expect(
      sheetGrid(
        sheet([
          [1, 1, 'a'],
          [3, 2, ' b '],
        ]),
      ),
    ).toEqual({
      ok: true,
      grid: [['a', ''], [], ['', 'b']],
    })
    expect(sheetGrid(sheet([[20_001, 1, 'x']]))).toMatchObject({ ok: false })
    expect(sheetGrid(sheet([[1, 65, 'x']]))).toMatchObject({ ok: false })
  })
})
