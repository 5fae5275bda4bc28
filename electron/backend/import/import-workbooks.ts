/**
 * The two .xlsx files of the enterprise import: the template (header row, one example row, the
 * allowed values as drop-downs and on a 填写说明 sheet) and the error report (one line per row
 * that cannot be imported: row number, columns, reasons, then the row's original cells under
 * their original headers — so the report itself can be corrected and imported again).
 */
import type ExcelJS from 'exceljs'
import { ENTERPRISE_SIZES, ZJTX_STATUSES } from '../../../shared/contract/schemas/enterprise'
import type { ImportRow } from '../../../shared/contract/schemas/enterprise-import'
import type { CityData } from '../../../shared/domain/city'
import { IMPORT_COLUMNS, TEMPLATE_EXAMPLE_USCC, type ImportKey } from './enterprise-import'

/** exceljs's per-sheet validation map (untyped in its .d.ts): address or range → rule. */
interface DataValidations {
  add(address: string, validation: ExcelJS.DataValidation): void
}
/** Rows of the template that get the drop-down lists. */
const TEMPLATE_ROWS = 5000

const REQUIRED: readonly ImportKey[] = ['name', 'uscc', 'county', 'industry', 'size']
const KEYS = Object.keys(IMPORT_COLUMNS) as ImportKey[]

async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs')
  const wb = new Excel.Workbook()
  wb.creator = 'dl-assessor'
  return wb
}

async function toBase64(wb: ExcelJS.Workbook): Promise<string> {
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

function allowed(city: CityData): Record<ImportKey, string> {
  return {
    name: '必填，营业执照上的全称',
    uscc: '必填，18 位统一社会信用代码（校验位会被检查）',
    county: `必填：${city.counties.map((c) => c.name).join('、')}`,
    industry: `必填：${city.industries.map((i) => i.name).join('、')}`,
    subIndustry: '选填，如 电线电缆、速冻食品',
    size: `必填：${ENTERPRISE_SIZES.map((s) => s.name).join('、')}`,
    zjtx: `选填（空 = 无）：${ZJTX_STATUSES.map((z) => z.name).join('、')}`,
    batch: '选填：1、2、3（或 第一批、第二批、第三批）',
    contact: '选填',
    phone: '选填，手机或座机（如 0392-1234567）',
    address: '选填',
  }
}

/** Drop-down lists of the columns with a closed set of values. */
function dropDowns(city: CityData): Partial<Record<ImportKey, string[]>> {
  return {
    county: city.counties.map((c) => c.name),
    industry: city.industries.map((i) => i.name),
    size: ENTERPRISE_SIZES.map((s) => s.name),
    zjtx: ZJTX_STATUSES.map((z) => z.name),
    batch: ['1', '2', '3'],
  }
}

function columnLetter(n: number): string {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

export async function importTemplate(
  city: CityData,
): Promise<{ fileName: string; contentBase64: string }> {
  const wb = await newWorkbook()
  const ws = wb.addWorksheet('企业名单')
  ws.addRow(KEYS.map((k) => IMPORT_COLUMNS[k]))
  const example: Record<ImportKey, string> = {
    name: '鹤壁市示例电子科技有限公司（示例行，导入前请删除）',
    uscc: TEMPLATE_EXAMPLE_USCC,
    county: city.counties[0]?.name ?? '',
    industry: city.industries[0]?.name ?? '',
    subIndustry: '电线电缆',
    size: '小型',
    zjtx: '无',
    batch: '1',
    contact: '张三',
    phone: '0392-1234567',
    address: '鹤壁市淇滨区九州路 1 号',
  }
  ws.addRow(KEYS.map((k) => example[k]))
  const header = ws.getRow(1)
  header.font = { bold: true }
  KEYS.forEach((k, i) => {
    const cell = header.getCell(i + 1)
    if (REQUIRED.includes(k)) cell.font = { bold: true, color: { argb: 'FFC0392B' } }
    cell.note = allowed(city)[k]
    ws.getColumn(i + 1).width = k === 'name' || k === 'address' ? 36 : k === 'uscc' ? 22 : 16
    ws.getColumn(i + 1).numFmt = '@' // text: USCC and phone numbers keep their digits
  })
  ws.getRow(2).font = { italic: true, color: { argb: 'FF888888' } }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  // One range per column (exceljs keeps a range address as it is; per cell it would be slow).
  const validations = (ws as unknown as { dataValidations: DataValidations }).dataValidations
  const lists = dropDowns(city)
  KEYS.forEach((k, i) => {
    const values = lists[k]
    if (!values) return
    const col = columnLetter(i + 1)
    validations.add(`${col}2:${col}${TEMPLATE_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: IMPORT_COLUMNS[k],
      error: `请从列表中选择：${values.join('、')}`,
    })
  })

  const help = wb.addWorksheet('填写说明')
  help.addRow(['列', '是否必填', '允许的值 / 格式'])
  help.getRow(1).font = { bold: true }
  for (const k of KEYS)
    help.addRow([IMPORT_COLUMNS[k], REQUIRED.includes(k) ? '必填' : '选填', allowed(city)[k]])
  help.addRow([])
  help.addRow([
    '说明',
    '',
    `第 2 行是示例，导入前请删除。已登记的统一社会信用代码会显示与现有信息的差异，确认后才更新。城市数据：${city.name}（${city.version}）`,
  ])
  help.getColumn(1).width = 18
  help.getColumn(2).width = 10
  help.getColumn(3).width = 100
  return { fileName: `企业名单导入模板（${city.name}）.xlsx`, contentBase64: await toBase64(wb) }
}

export async function importErrorReport(
  fileName: string,
  rows: ImportRow[],
): Promise<{ fileName: string; contentBase64: string }> {
  const bad = rows.filter((r) => r.status === 'error')
  const headers = [...new Set(bad.flatMap((r) => Object.keys(r.raw)))]
  const wb = await newWorkbook()
  const ws = wb.addWorksheet('错误行')
  ws.addRow(['原文件行号', '出错的列', '错误原因', ...headers])
  ws.getRow(1).font = { bold: true }
  for (const r of bad) {
    const line = ws.addRow([
      r.row,
      [...new Set(r.errors.map((e) => e.column))].join('、'),
      r.errors.map((e) => `${e.column}：${e.message}`).join('；'),
      ...headers.map((h) => r.raw[h] ?? ''),
    ])
    headers.forEach((h, i) => {
      if (r.errors.some((e) => e.column === h))
        line.getCell(4 + i).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: 'FFFDE2DD' },
        }
    })
  }
  ws.getColumn(1).width = 10
  ws.getColumn(2).width = 18
  ws.getColumn(3).width = 60
  headers.forEach((h, i) => {
    ws.getColumn(4 + i).width = h === '企业名称' || h === '地址' ? 32 : 18
    ws.getColumn(4 + i).numFmt = '@'
  })
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  const base = fileName.replace(/\.[^.]*$/, '')
  return { fileName: `${base}-错误行.xlsx`, contentBase64: await toBase64(wb) }
}
