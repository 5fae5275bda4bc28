/**
 * .xlsx files are bounded before exceljs builds a model (issue 12 item 2): a worksheet with more
 * rows than MAX_XLSX_ROWS is refused from its XML (before issue 12 exceljs loaded all of it first:
 * a 9 MB file took over a minute and 2 GB), and a part that inflates beyond its declared size is
 * stopped there. (Memory and time for a 3 MB crafted .xlsx: `npm run bench`, archive-bombs.)
 */
import ExcelJS from 'exceljs'
import { unzipSync, zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { craftZip, deflateBomb } from '../test-bombs'
import { MAX_XLSX_ROWS, readTableFile } from './table-file'

let parts: Record<string, Uint8Array>

beforeAll(async () => {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('名单')
  ws.addRow(['统一社会信用代码', '企业名称'])
  parts = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()))
})

/** The workbook with sheet1.xml replaced by `rows` rows of two cells each. */
function withRows(rows: number): Uint8Array {
  const body: string[] = []
  for (let r = 1; r <= rows; r++)
    body.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`)
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    body.join('') +
    '</sheetData></worksheet>'
  return zipSync({ ...parts, 'xl/worksheets/sheet1.xml': new TextEncoder().encode(xml) })
}

describe('bounded .xlsx reading', () => {
  it('a sheet with more rows than the limit is refused from its XML, before exceljs loads it', async () => {
    await expect(readTableFile('a.xlsx', withRows(MAX_XLSX_ROWS + 1))).rejects.toThrow(
      `工作表行数过多（sheet1.xml 至少 ${MAX_XLSX_ROWS + 1} 行），最多 ${MAX_XLSX_ROWS} 行`,
    )
  })

  it('a sheet under the limit is still read', async () => {
    const t = await readTableFile('a.xlsx', withRows(50))
    expect(t.rows.length + 1).toBe(50)
  })

  it('a part that inflates beyond its declared size is stopped there', async () => {
    const bomb = await deflateBomb(256 * 1024 * 1024)
    const entries = Object.entries(parts).map(([name, data]) =>
      name === 'xl/worksheets/sheet1.xml'
        ? { name, data: bomb, method: 8 as const, declaredSize: 4096 }
        : { name, data, method: 0 as const, declaredSize: data.length },
    )
    await expect(readTableFile('a.xlsx', craftZip(entries))).rejects.toThrow(
      '无法读取 .xlsx 文件（xl/worksheets/sheet1.xml: inflates beyond its declared 4096 bytes (zip bomb?)）',
    )
  })

  it('a part that honestly declares more than the cap is refused before inflating', async () => {
    const bomb = await deflateBomb(100 * 1024 * 1024)
    const entries = Object.entries(parts).map(([name, data]) =>
      name === 'xl/sharedStrings.xml' || name === 'xl/worksheets/sheet1.xml'
        ? { name, data: bomb, method: 8 as const, declaredSize: 100 * 1024 * 1024 }
        : { name, data, method: 0 as const, declaredSize: data.length },
    )
    await expect(readTableFile('a.xlsx', craftZip(entries))).rejects.toThrow(
      /无法读取 \.xlsx 文件（xl\/\S+ 解压后 104857600 字节，超过上限 100663296）/,
    )
  })
})
