/**
 * The enterprise import through the real services on a real (encrypted) SQLite file: row states,
 * clean rows imported while bad ones are skipped, updates of registered enterprises only after
 * confirmation (and never over a change made since the preview), one event per import, the error
 * report and the template as real .xlsx files read back with exceljs.
 */
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeGbk } from '../../../test/builders/gbk'
import { AppException } from '../../../shared/contract/errors'
import type { Backend } from '../create-backend'
import { TEMPLATE_EXAMPLE_USCC } from '../import/enterprise-import'
import { fullAnswers, makeUscc, SCENE_IDS, tempBackend } from '../test-helpers'

const open: Array<{ cleanup: () => Promise<void> }> = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})
async function backend(): Promise<Backend> {
  const b = await tempBackend()
  open.push(b)
  return b
}

const HEADER = '企业名称,统一社会信用代码,县区,试点行业,企业规模,专精特新,批次,联系人,电话'
function row(
  n: number,
  over: Partial<
    Record<'name' | 'uscc' | 'county' | 'industry' | 'size' | 'batch' | 'phone', string>
  > = {},
): string {
  return [
    over.name ?? `鹤壁导入${n}号有限公司`,
    over.uscc ?? makeUscc(n),
    over.county ?? '淇滨区',
    over.industry ?? '新材料制品制造',
    over.size ?? '小型',
    '无',
    over.batch ?? '1',
    '张三',
    over.phone ?? '13800000000',
  ].join(',')
}
const file = (lines: string[], name = '名单.csv') => ({
  fileName: name,
  contentBase64: Buffer.from(`${HEADER}\n${lines.join('\n')}\n`).toString('base64'),
})
const badUscc = (n: number) => makeUscc(n).slice(0, 17) + (makeUscc(n).endsWith('0') ? '1' : '0')

async function rejects(p: Promise<unknown>, code: string, field?: string): Promise<AppException> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppException)
  expect((e as AppException).code).toBe(code)
  if (field) expect((e as AppException).field).toBe(field)
  return e as AppException
}

async function readXlsx(b64: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(b64, 'base64') as unknown as ArrayBuffer)
  return wb
}
function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = []
  ws.eachRow((r) => {
    const cells: string[] = []
    for (let c = 1; c <= ws.columnCount; c++) cells.push(String(r.getCell(c).text ?? ''))
    out.push(cells)
  })
  return out
}

describe('enterprise import', () => {
  it('imports the clean rows of a GBK file and skips the bad ones only when asked', async () => {
    const b = await backend()
    const s = b.services
    const lines = [
      row(1),
      row(2, { industry: '纺织' }),
      row(3, { uscc: badUscc(3) }),
      row(4, { county: '安阳县' }),
      row(5),
    ]
    const gbk = {
      fileName: '名单.csv',
      contentBase64: encodeGbk(`${HEADER}\r\n${lines.join('\r\n')}\r\n`).toString('base64'),
    }
    const p = await s['enterprises.importPreview'](gbk)
    expect(p.encoding).toBe('gb18030')
    expect(p.rows.map((r) => [r.row, r.status, r.errors.map((e) => e.column)])).toEqual([
      [2, 'new', []],
      [3, 'error', ['试点行业']],
      [4, 'error', ['统一社会信用代码']],
      [5, 'error', ['县区']],
      [6, 'new', []],
    ])
    expect([p.newCount, p.updateCount, p.unchangedCount, p.errorCount, p.canCommit]).toEqual([
      2,
      0,
      0,
      3,
      true,
    ])
    // without skipInvalid: the old all-or-nothing, nothing written
    await rejects(s['enterprises.importCommit'](gbk), 'VALIDATION', 'rows')
    expect((await s['enterprises.list']({ limit: 10, offset: 0 })).total).toBe(0)

    const events: unknown[] = []
    b.on('enterprises.imported', (e) => events.push(e))
    let saved = 0
    b.on('enterprise.saved', () => saved++)
    const r = await s['enterprises.importCommit']({ ...gbk, skipInvalid: true })
    expect(r).toMatchObject({ created: 2, updated: 0, skippedInvalid: 3, skippedUpdates: 0 })
    const list = await s['enterprises.list']({ limit: 10, offset: 0 })
    expect(list.items.map((e) => e.uscc).sort()).toEqual([makeUscc(1), makeUscc(5)].sort())
    expect(events).toEqual([{ importId: r.importId, created: 2, updated: 0 }])
    expect(saved).toBe(0) // one event for the file, not one per row
    const audit = (await s['audit.list']({ limit: 50 })).items.map((a) => a.action)
    expect(audit.filter((a) => a === 'enterprise.import')).toHaveLength(2)
    expect(audit).toContain('import.commit')
  })

  it('a registered USCC is an update showing its changes, applied only when confirmed', async () => {
    const b = await backend()
    const s = b.services
    await s['enterprises.importCommit'](file([row(1), row(2), row(3)]))
    // the city's new list: row 1 unchanged, row 2 new phone + batch, row 3 moved county; the list
    // has no 地址 column (an address typed in the app must survive)
    const e2 = (await s['enterprises.list']({ search: makeUscc(2), limit: 1, offset: 0 })).items[0]!
    await s['enterprises.update']({ id: e2.id, patch: { address: '淇滨区九州路 8 号' } })
    const next = file([
      row(1),
      row(2, { phone: '0392-7654321', batch: '2' }),
      row(3, { county: '经开区' }),
      row(4),
    ])
    const p = await s['enterprises.importPreview'](next)
    expect(p.rows.map((r) => r.status)).toEqual(['unchanged', 'update', 'update', 'new'])
    expect(p.rows[1]?.changes).toEqual([
      { field: 'batch', column: '批次', from: 1, to: 2 },
      { field: 'phone', column: '电话', from: '13800000000', to: '0392-7654321' },
    ])
    expect(p.rows[2]?.changes).toEqual([
      { field: 'county', column: '县区', from: '淇滨区', to: '鹤壁经济技术开发区' },
    ])

    // not confirmed: the new row comes in, the registered ones stay as they are
    const r1 = await s['enterprises.importCommit'](next)
    expect(r1).toMatchObject({ created: 1, updated: 0, unchanged: 1, skippedUpdates: 2 })
    expect((await s['enterprises.get']({ id: e2.id })).phone).toBe('13800000000')

    // confirmed for row 2 only
    const p2 = await s['enterprises.importPreview'](next)
    const upd2 = p2.rows[1]!.existing!
    const r2 = await s['enterprises.importCommit']({
      ...next,
      updates: [{ uscc: makeUscc(2), updatedAt: upd2.updatedAt }],
    })
    expect(r2).toMatchObject({ created: 0, updated: 1, skippedUpdates: 1, updatedIds: [e2.id] })
    const after = await s['enterprises.get']({ id: e2.id })
    expect([after.phone, after.batch, after.address]).toEqual([
      '0392-7654321',
      2,
      '淇滨区九州路 8 号',
    ])
    const trail = (await s['audit.list']({ limit: 50 })).items.find(
      (a) => a.action === 'enterprise.import.update',
    )
    expect(trail?.detail).toMatchObject({
      changed: { phone: { from: '13800000000', to: '0392-7654321' }, batch: { from: 1, to: 2 } },
    })
    // the batch is identity: recorded like a change in the enterprise form, reason naming the row
    expect((await s['enterprises.identityChanges']({ id: e2.id })).items).toEqual([
      {
        field: 'batch',
        from: '1',
        to: '2',
        reason: '名单导入（名单.csv 第 3 行）',
        changedAt: after.updatedAt,
      },
    ])

    // a confirmation from an older preview: the enterprise changed since → refused, nothing written
    const p3 = await s['enterprises.importPreview'](next)
    const e3 = p3.rows[2]!.existing!
    await s['enterprises.update']({ id: e3.id, patch: { contact: '李四' } })
    await rejects(
      s['enterprises.importCommit']({
        ...next,
        updates: [{ uscc: makeUscc(3), updatedAt: e3.updatedAt }],
      }),
      'CONFLICT',
      'updates',
    )
    expect((await s['enterprises.get']({ id: e3.id })).county).toBe('淇滨区')
    // a USCC that is no update row of the file
    await rejects(
      s['enterprises.importCommit']({
        ...next,
        updates: [{ uscc: makeUscc(77), updatedAt: e3.updatedAt }],
      }),
      'VALIDATION',
      'updates',
    )
  })

  it('a list renames an enterprise without results in the same transaction as its identity record', async () => {
    const b = await backend()
    const s = b.services
    await s['enterprises.importCommit'](file([row(1)]))
    const e = (await s['enterprises.list']({ limit: 1, offset: 0 })).items[0]!
    const renamed = file([row(1, { name: '鹤壁新名有限公司' })], '新名单.csv')
    const p = await s['enterprises.importPreview'](renamed)
    expect(p.rows[0]?.status).toBe('update')
    await s['enterprises.importCommit']({
      ...renamed,
      updates: [{ uscc: makeUscc(1), updatedAt: p.rows[0]!.existing!.updatedAt }],
    })
    const after = await s['enterprises.get']({ id: e.id })
    expect(after.name).toBe('鹤壁新名有限公司')
    expect((await s['enterprises.identityChanges']({ id: e.id })).items).toEqual([
      {
        field: 'name',
        from: '鹤壁导入1号有限公司',
        to: '鹤壁新名有限公司',
        reason: '名单导入（新名单.csv 第 2 行）',
        changedAt: after.updatedAt,
      },
    ])
    // the register finds it under the new name's pinyin keys
    const found = await s['enterprises.list']({ search: 'hbxm', limit: 5, offset: 0 })
    expect(found.items.map((x) => x.id)).toEqual([e.id])
  })

  it('a list cannot rename or re-batch an enterprise that has a completed assessment', async () => {
    const b = await backend()
    const s = b.services
    await s['enterprises.importCommit'](file([row(1)]))
    const e = (await s['enterprises.list']({ limit: 1, offset: 0 })).items[0]!
    const d = await s['assessments.create']({
      enterpriseId: e.id,
      kind: 'diagnosis',
      assessorName: '王评测',
      assessorAgency: '',
      assessedOn: null,
    })
    const id = d.assessment.id
    for (const [q, sel] of Object.entries(fullAnswers()))
      await s['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
    for (const sc of SCENE_IDS)
      await s['assessments.setScene']({ assessmentId: id, sceneId: sc, level: 2 })
    await s['assessments.complete']({ id })
    const p = await s['enterprises.importPreview'](
      file([row(1, { name: '鹤壁改名有限公司', batch: '3', phone: '0392-1111111' })]),
    )
    expect(p.rows[0]?.status).toBe('error')
    expect(p.rows[0]?.errors.map((x) => x.column)).toEqual(['企业名称', '批次'])
    expect(p.rows[0]?.errors[0]?.message).toMatch(/已有完成的评测.*请在企业信息中修改并填写原因/)
    // the phone alone may still change
    const ok = await s['enterprises.importPreview'](file([row(1, { phone: '0392-1111111' })]))
    expect(ok.rows[0]?.status).toBe('update')
  })

  it('exports the rows that cannot be imported as .xlsx, which can be fixed and imported', async () => {
    const b = await backend()
    const s = b.services
    const f = file([row(1), row(2, { size: '巨型' }), row(3, { uscc: badUscc(3) }), row(4)])
    const x = await s['enterprises.importErrors'](f)
    expect(x.fileName).toBe('名单-错误行.xlsx')
    const ws = (await readXlsx(x.contentBase64)).worksheets[0]!
    const rows = sheetRows(ws)
    expect(rows[0]?.slice(0, 4)).toEqual(['原文件行号', '出错的列', '错误原因', '企业名称'])
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['3', '企业规模'],
      ['4', '统一社会信用代码'],
    ])
    expect(rows[1]?.[2]).toMatch(/^企业规模：「巨型」应为 中型 \/ 小型 \/ 微型/)
    expect(rows[2]).toContain(badUscc(3)) // the original values
    // fix the two rows in the report and import the report itself
    ws.getRow(2).getCell(rows[0]!.indexOf('企业规模') + 1).value = '小型'
    ws.getRow(3).getCell(rows[0]!.indexOf('统一社会信用代码') + 1).value = makeUscc(3)
    const fixed = {
      fileName: '名单-错误行.xlsx',
      contentBase64: Buffer.from(await ws.workbook.xlsx.writeBuffer()).toString('base64'),
    }
    const p = await s['enterprises.importPreview'](fixed)
    expect(p.rows.map((r) => r.status)).toEqual(['new', 'new'])
    await rejects(s['enterprises.importErrors'](fixed), 'VALIDATION', 'contentBase64')
  })

  it('the template has the header, one example row and the allowed values; the example is refused', async () => {
    const b = await backend()
    const s = b.services
    const t = await s['enterprises.importTemplate']({})
    expect(t.fileName).toMatch(/\.xlsx$/)
    const wb = await readXlsx(t.contentBase64)
    const [names, help] = wb.worksheets
    const rows = sheetRows(names!)
    expect(rows[0]).toEqual([
      '企业名称',
      '统一社会信用代码',
      '县区',
      '试点行业',
      '细分行业',
      '企业规模',
      '专精特新',
      '批次',
      '联系人',
      '电话',
      '地址',
    ])
    expect(rows).toHaveLength(2)
    expect(rows[1]?.[1]).toBe(TEMPLATE_EXAMPLE_USCC)
    expect(names!.getCell('C2').dataValidation).toMatchObject({ type: 'list' })
    const helpText = sheetRows(help!)
      .map((r) => r.join(' '))
      .join('\n')
    expect(helpText).toContain('淇滨区、山城区、鹤山区、浚县、淇县')
    expect(helpText).toContain('智能电器电子信息制造、新材料制品制造、绿色食品加工制造')
    // imported as it is: the example row is the one error
    const p = await s['enterprises.importPreview']({
      fileName: 't.xlsx',
      contentBase64: t.contentBase64,
    })
    expect(p.rows.map((r) => r.status)).toEqual(['error'])
    expect(p.rows[0]?.errors[0]?.message).toMatch(/示例行/)
  })
})
