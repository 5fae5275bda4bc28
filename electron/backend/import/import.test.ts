import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { makeUscc, tempBackend } from '../test-helpers'
import { parseEnterpriseRows } from './enterprise-import'
import { parseCsv, readTableFile } from './table-file'

const open: Array<{ cleanup: () => Promise<void> }> = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})

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
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64')

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

  it('GBK bytes are refused with a message saying GBK is out of scope', () => {
    const gbk = Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0xc3, 0xfb, 0xb3, 0xc6]) // 企业名称 in GBK
    expect(() => parseCsv(gbk)).toThrow(/GBK/)
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

describe('import service', () => {
  it('preview gives per-row errors naming the column; commit is all-or-nothing', async () => {
    const b = await tempBackend()
    open.push(b)
    const s = b.services
    const bad = makeUscc(3).slice(0, 17) + (makeUscc(3).endsWith('0') ? '1' : '0')
    const csv = [
      HEADER,
      csvRow(1),
      csvRow(2, { industry: '纺织' }),
      csvRow(3, { uscc: bad }),
      csvRow(4, { batch: '第五批', size: '大型' }),
      csvRow(5, { uscc: makeUscc(1) }),
      csvRow(6, { name: '' }),
    ].join('\n')
    const input = { fileName: '试点名单.csv', contentBase64: b64(csv) }
    const p = await s['enterprises.importPreview'](input)
    expect(p.canCommit).toBe(false)
    expect(p.okCount).toBe(1)
    expect(p.errorCount).toBe(5)
    const errs = Object.fromEntries(p.rows.map((r) => [r.row, r.errors.map((e) => e.column)]))
    expect(errs).toEqual({
      2: [],
      3: ['试点行业'],
      4: ['统一社会信用代码'],
      5: ['企业规模', '批次'],
      6: ['统一社会信用代码'],
      7: ['企业名称'],
    })
    expect(p.rows[2]?.errors[0]?.message).toMatch(/校验位/)
    expect(p.rows[4]?.errors[0]?.message).toMatch(/第 2 行重复/)
    await expect(s['enterprises.importCommit'](input)).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'rows',
    })
    expect((await s['enterprises.list']({ limit: 100, offset: 0 })).total).toBe(0)

    // a file whose rows are fine but one USCC already exists: refused, nothing written
    await s['enterprises.create']({
      uscc: makeUscc(9),
      name: '已有企业',
      county: '淇县',
      industry: 'new_materials',
      subIndustry: '',
      size: 'small',
      zjtx: 'none',
      batch: null,
      contact: '',
      phone: '',
      address: '',
    })
    const clash = {
      fileName: 'b.csv',
      contentBase64: b64([HEADER, csvRow(1), csvRow(9)].join('\n')),
    }
    const pc = await s['enterprises.importPreview'](clash)
    expect(pc.canCommit).toBe(false)
    expect(pc.rows[1]?.errors[0]).toMatchObject({
      column: '统一社会信用代码',
      message: expect.stringMatching(/已存在/),
    })
    await expect(s['enterprises.importCommit'](clash)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await s['enterprises.list']({ limit: 100, offset: 0 })).total).toBe(1)

    // a clean file imports every row in one go
    const good = {
      fileName: 'c.csv',
      contentBase64: b64([HEADER, csvRow(1), csvRow(2)].join('\n')),
    }
    expect((await s['enterprises.importPreview'](good)).canCommit).toBe(true)
    const r = await s['enterprises.importCommit'](good)
    expect(r.created).toBe(2)
    expect((await s['enterprises.list']({ limit: 100, offset: 0 })).total).toBe(3)
    // the same file again: every row now exists → refused
    await expect(s['enterprises.importCommit'](good)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await s['enterprises.list']({ limit: 100, offset: 0 })).total).toBe(3)
    const actions = (await s['audit.list']({ limit: 100 })).items.map((a) => a.action)
    expect(actions.filter((a) => a === 'enterprise.import').length).toBe(2)
    expect(actions).toContain('import.commit')
  })
})
