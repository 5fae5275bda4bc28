/**
 * Issue 14 item 3 in the real renderer on the real backend (browser mode, Debian Chromium, 1366×768):
 * the city's list as Excel saves it on a Chinese Windows — a GBK CSV of 600 rows, 10 of them bad.
 * The preview names every bad row's column; 590 rows import with ONE list refresh; the 10 are
 * exported as .xlsx (read back here: row number, column, reason, original values), corrected in
 * that file and imported; a later list that changes registered enterprises shows the changes and
 * updates only the rows confirmed; the template downloads as .xlsx.
 * Screenshots: test-results/i14-import-*.png.
 */
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cityList, LIST_HEADER, toCsv, type ListRow } from '../builders/enterprise-list'
import { encodeGbk } from '../builders/gbk'
import { nameKeys } from '../../electron/backend/search/name-keys'
import { api, shot, skipE2e, text, useBrowserApp, waitNoModal, waitText } from './harness'

const good = cityList(600)
/** Index in the list → what is wrong with it and which column the preview must name. */
const BAD: Record<number, { set: Partial<ListRow>; column: string }> = {
  5: { set: { industry: '纺织' }, column: '试点行业' },
  60: {
    set: { uscc: good[60]!.uscc.slice(0, 17) + (good[60]!.uscc.endsWith('0') ? '1' : '0') },
    column: '统一社会信用代码',
  },
  120: { set: { size: '巨型' }, column: '企业规模' },
  180: { set: { county: '安阳县' }, column: '县区' },
  240: { set: { batch: '第五批' }, column: '批次' },
  300: { set: { name: '' }, column: '企业名称' },
  360: { set: { uscc: good[1]!.uscc }, column: '统一社会信用代码' },
  420: { set: { zjtx: '市级示范' }, column: '专精特新' },
  480: { set: { uscc: '91410611MA12' }, column: '统一社会信用代码' },
  540: { set: { size: '' }, column: '企业规模' },
}
const fileRows: ListRow[] = good.map((r, i) => ({ ...r, ...(BAD[i]?.set ?? {}) }))
const badFileRows = Object.keys(BAD).map((i) => Number(i) + 2) // header = row 1

/** Counts the register's list requests from now on. */
async function countListCalls(page: Page): Promise<{ n: number }> {
  const c = { n: 0 }
  page.on('request', (r) => {
    // the register's own requests (a page of it), not this test's api() look-ups
    if (r.url().endsWith('/api/enterprises.list') && /"limit":/.test(r.postData() ?? '')) c.n++
  })
  return c
}
function rowsOf(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = []
  ws.eachRow((r) => {
    const cells: string[] = []
    for (let c = 1; c <= ws.columnCount; c++) cells.push(r.getCell(c).text)
    out.push(cells)
  })
  return out
}
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const dl = page.waitForEvent('download', { timeout: 60_000 })
  await page.getByTestId(testId).click()
  const d = await dl
  const path = await d.path()
  return { name: d.suggestedFilename(), bytes: readFileSync(path) }
}
async function chooseFile(page: Page, name: string, buffer: Buffer, mimeType: string) {
  await page.locator('.ant-upload input[type="file"]').setInputFiles({ name, mimeType, buffer })
}

describe.skipIf(skipE2e())('importing the city list in Chromium', () => {
  const app = useBrowserApp()
  let errorReport: Buffer = Buffer.alloc(0)

  it('a GBK CSV of 600 rows with 10 bad ones: every bad row named with its column', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByText('共 0 家企业').waitFor()
    await page.getByTestId('open-import').click()
    await chooseFile(page, '鹤壁试点名单.csv', encodeGbk(toCsv(fileRows)), 'text/csv')
    await waitText(page, 'import-summary', '新增 590 家')
    const summary = await text(page, 'import-summary')
    expect(summary).toContain('GBK')
    expect(summary).toContain('共 600 行')
    expect(summary).toContain('有错误 10 行')
    expect(await text(page, 'import-commit')).toBe('导入 590 家新企业，跳过 10 行错误')
    await page.getByTestId('import-shown').getByText('有错误 10').click()
    await page.getByTestId(`import-row-error-${badFileRows[0]}`).waitFor()
    expect(await text(page, `import-row-error-${badFileRows[0]}`)).toContain('试点行业')
    await shot(page, 'i14-import-preview-errors-1366x768')
  })

  it('exports the 10 bad rows as .xlsx: row number, column, reason, original values', async () => {
    const { page } = app
    const x = await download(page, 'import-export-errors')
    expect(x.name).toBe('鹤壁试点名单-错误行.xlsx')
    errorReport = x.bytes
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(x.bytes as unknown as ArrayBuffer)
    const rows = rowsOf(wb.worksheets[0]!)
    const head = rows[0]!
    expect(head.slice(0, 3)).toEqual(['原文件行号', '出错的列', '错误原因'])
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(badFileRows)
    for (const [i, bad] of Object.entries(BAD)) {
      const line = rows.find((r) => Number(r[0]) === Number(i) + 2)!
      expect(line[1], `row ${Number(i) + 2}`).toBe(bad.column)
      expect(line[2]).toMatch(new RegExp(`^${bad.column}：`))
      // the original cells under their original headers
      const orig = fileRows[Number(i)]!
      expect(line[head.indexOf('企业名称')]).toBe(orig.name)
      expect(line[head.indexOf('统一社会信用代码')]).toBe(orig.uscc)
      expect(line[head.indexOf('电话')]).toBe(orig.phone)
    }
  })

  it('imports the 590 clean rows with one list refresh', async () => {
    const { page } = app
    const calls = await countListCalls(page)
    await page.getByTestId('import-commit').click()
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 })
    await page.getByText('共 590 家企业').waitFor()
    // A later change as a barrier: the events reach the page in order, so once its refresh shows,
    // every refresh the import caused has happened.
    const first = good
      .filter((_, i) => !BAD[i])
      .sort((a, b) => (nameKeys(a.name).namePinyin < nameKeys(b.name).namePinyin ? -1 : 1))[0]!
    const e = await api<{ items: { id: string }[] }>(page, 'enterprises.list', {
      search: first.uscc,
    })
    await api(page, 'enterprises.update', {
      id: e.items[0]!.id,
      patch: { name: `阿${first.name}` },
    })
    await page.locator('.ant-table-tbody .ent-name').first().getByText(`阿${first.name}`).waitFor()
    expect(calls.n).toBe(2) // the import's one refresh + the barrier's
    await shot(page, 'i14-import-done-1366x768')
  })

  it('the corrected error report imports the other 10', async () => {
    const { page } = app
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(errorReport as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    const head = rowsOf(ws)[0]!
    const col = (h: string) => head.indexOf(h) + 1
    ws.eachRow((r, n) => {
      if (n === 1) return
      const orig = good[Number(r.getCell(1).text) - 2]!
      r.getCell(col('企业名称')).value = orig.name
      r.getCell(col('统一社会信用代码')).value = orig.uscc
      r.getCell(col('试点行业')).value = orig.industry
      r.getCell(col('企业规模')).value = orig.size
      r.getCell(col('县区')).value = orig.county
      r.getCell(col('批次')).value = orig.batch
      r.getCell(col('专精特新')).value = orig.zjtx
    })
    await chooseFile(
      page,
      '鹤壁试点名单-错误行.xlsx',
      Buffer.from(await wb.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    await waitText(page, 'import-summary', '新增 10 家')
    expect(await text(page, 'import-summary')).toContain('有错误 0 行')
    await page.getByTestId('import-commit').click()
    await waitNoModal(page)
    await page.getByText('共 600 家企业').waitFor()
  })

  it('a newer list shows what changes for registered enterprises; only confirmed rows change', async () => {
    const { page } = app
    const [a, b, c] = [good[10]!, good[11]!, good[12]!]
    const newer = [
      { ...a, phone: '0392-6000001' },
      { ...b, phone: '0392-6000002', batch: b.batch === '1' ? '2' : '1' },
      c,
    ]
    await page.getByTestId('open-import').click()
    await chooseFile(page, '鹤壁试点名单-更新.csv', Buffer.from(toCsv(newer)), 'text/csv')
    await waitText(page, 'import-summary', '有变化 2 家')
    expect(await text(page, 'import-summary')).toContain('无变化 1 家')
    expect(await text(page, 'import-row-changes-2')).toContain(`电话：${a.phone} → 0392-6000001`)
    expect(await text(page, 'import-row-changes-3')).toContain('批次')
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true) // nothing to write yet
    await page.getByTestId('import-confirm-2').click()
    await waitText(page, 'import-commit', '更新 1 家企业')
    await shot(page, 'i14-import-diff-1366x768')
    await page.getByTestId('import-commit').click()
    await waitNoModal(page)
    const get = async (r: ListRow) =>
      (
        await api<{ items: { phone: string; batch: number }[] }>(page, 'enterprises.list', {
          search: r.uscc,
        })
      ).items[0]!
    expect((await get(a)).phone).toBe('0392-6000001')
    expect(await get(b)).toMatchObject({ phone: b.phone, batch: Number(b.batch) })
  })

  it('the template downloads as .xlsx with the header row, one example and the allowed values', async () => {
    const { page } = app
    await page.getByTestId('open-import').click()
    const t = await download(page, 'import-template')
    expect(t.name).toMatch(/^企业名单导入模板.*\.xlsx$/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(t.bytes as unknown as ArrayBuffer)
    const rows = rowsOf(wb.worksheets[0]!)
    expect(rows[0]).toEqual([...LIST_HEADER, '地址'])
    expect(rows).toHaveLength(2)
    expect(
      rowsOf(wb.worksheets[1]!)
        .map((r) => r.join(' '))
        .join('\n'),
    ).toContain('淇滨区、山城区')
    await page.keyboard.press('Escape')
    await waitNoModal(page)
  })

  it('raised no uncaught page errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
