import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { makeUscc } from '../test-helpers'
import { encodeGbk } from '../../../test/builders/gbk'
import { HEBI } from '../../../shared/domain/city'
import { mapCounty, parseEnterpriseRows } from './enterprise-import'
import { parseCsv, readTableFile } from './table-file'

const HEADER =
  '企业名称,统一社会信用代码,县区,试点行业,细分行业,企业规模,专精特新,批次,联系人,电话,地址'
function csvRow(
  n: number,
  over: Partial<Record<'uscc' | 'industry' | 'size' | 'batch' | 'name', string>> = {},
) {
  return [
    over.name ?? `"鹤壁${n}号电子, 有限公司"`,
    over.uscc ?? makeUscc(n),
    '淇滨区',
    over.industry ?? '智能电器电子信息制造',
    '电线电缆',
    over.size ?? '小型',
    '省级专精特新',
    over.batch ?? '第一批',
    '张三',
    '0392-1234567',
    '鹤壁市淇滨区 "九州路" 1 号'.replace(/"/g, '""').replace(/^/, '"').replace(/$/, '"'),
  ].join(',')
}

describe('table files', () => {
  it('CSV: UTF-8 with and without BOM, quotes, CRLF, blank lines', () => {
    const text = `${HEADER}\r\n${csvRow(1)}\r\n\r\n${csvRow(2)}\n`
    for (const bytes of [
      Buffer.from(text),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    ]) {
      const t = parseCsv(bytes)
      expect(t.headers[0]).toBe('企业名称')
      expect(t.firstRow).toBe(2)
      const p = parseEnterpriseRows(t)
      expect(p.fileErrors).toEqual([])
      expect(p.rows.map((r) => r.row)).toEqual([2, 4])
      expect(p.rows[0]?.value).toMatchObject({
        name: '鹤壁1号电子, 有限公司',
        industry: 'electrical_electronics',
        size: 'small',
        zjtx: 'provincial',
        batch: 1,
        address: '鹤壁市淇滨区 "九州路" 1 号',
      })
    }
  })

  it("CSV in GBK (Excel's default on a Chinese Windows) reads like UTF-8", () => {
    expect(encodeGbk('企业名称').toString('hex')).toBe('c6f3d2b5c3fbb3c6') // the encoder is right
    const text = `${HEADER}\r\n${csvRow(1)}\r\n${csvRow(2, { name: '淇滨电气（鹤壁）有限公司' })}\r\n`
    const gbk = parseCsv(encodeGbk(text))
    const utf8 = parseCsv(Buffer.from(text))
    expect(gbk.encoding).toBe('gb18030')
    expect(utf8.encoding).toBe('utf-8')
    expect({ ...gbk, encoding: '' }).toEqual({ ...utf8, encoding: '' })
    expect(parseEnterpriseRows(gbk).rows[1]?.value?.name).toBe('淇滨电气（鹤壁）有限公司')
    // bytes that are neither: one clear line
    expect(() => parseCsv(Buffer.from([0x41, 0x81, 0x20, 0xff]))).toThrow(
      /既不是 UTF-8，也不是 GBK/,
    )
  })

  it('counties: the city list, with the short forms lists use; others are row errors', () => {
    for (const [written, county] of [
      ['淇滨区', '淇滨区'],
      ['鹤壁市淇滨区', '淇滨区'],
      ['淇滨', '淇滨区'],
      ['浚', '浚县'],
      ['淇', '淇县'],
      ['经开区', '鹤壁经济技术开发区'],
      ['经济技术开发区', '鹤壁经济技术开发区'],
      ['城乡一体化示范区', '鹤壁城乡一体化示范区'],
    ] as const)
      expect(mapCounty(HEBI, written), written).toBe(county)
    for (const wrong of ['安阳县', '鹤壁市', '区', '滨区'])
      expect(mapCounty(HEBI, wrong), wrong).toBeNull()
    const p = parseEnterpriseRows(
      parseCsv(Buffer.from(`${HEADER}\n${csvRow(1).replace('淇滨区', '安阳县')}\n`)),
    )
    expect(p.rows[0]?.errors).toEqual([
      { column: '县区', message: expect.stringMatching(/^县区「安阳县」不在鹤壁市的县区列表中/) },
    ])
  })

  it('an xlsx whose used range is stretched by one far cell is read quickly or refused', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('名单')
    ws.getCell('A1').value = '统一社会信用代码'
    ws.getCell('B1').value = '企业名称'
    ws.getCell('CV100000').value = 'x'
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    await expect(readTableFile('a.xlsx', buf)).rejects.toThrow(/行数过多.*最多 20000 行/)
    const wb2 = new ExcelJS.Workbook()
    const ws2 = wb2.addWorksheet('名单')
    ws2.getCell('A1').value = '企业名称'
    ws2.getCell('ZZ2').value = 'x'
    const buf2 = Buffer.from(await wb2.xlsx.writeBuffer())
    await expect(readTableFile('a.xlsx', buf2)).rejects.toThrow(/列数过多.*最多 64 列/)
  })

  it('xlsx via exceljs; other formats refused', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('名单')
    ws.addRow(HEADER.split(','))
    ws.addRow([
      '鹤壁食品厂',
      makeUscc(5),
      '浚县',
      '绿色食品加工制造',
      '速冻食品',
      '中型',
      '无',
      2,
      '李',
      13800000000,
      '浚县',
    ])
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    const p = parseEnterpriseRows(await readTableFile('名单.xlsx', buf))
    expect(p.rows[0]?.value).toMatchObject({
      industry: 'green_food',
      size: 'medium',
      batch: 2,
      phone: '13800000000',
    })
    await expect(readTableFile('a.xls', buf)).rejects.toThrow(/xlsx/)
    await expect(readTableFile('a.xlsx', Buffer.from('not a zip'))).rejects.toThrow(/无法读取/)
  })

  it('missing required columns is a file error naming them', () => {
    const p = parseEnterpriseRows(parseCsv(Buffer.from('企业名称,电话\nA,1\n')))
    expect(p.fileErrors[0]).toMatch(/统一社会信用代码.*县区.*试点行业.*企业规模/)
  })
})
