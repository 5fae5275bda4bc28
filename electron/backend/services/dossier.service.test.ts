/**
 * The acceptance dossier (一企一档, issue 8) through the real services on a temp SQLite file:
 * ledger categories and every subsidy cap, ineligible rows, duplicate invoices, a missing
 * mandatory material blocking 'passed', .xlsx/.csv import with bad rows (all-or-nothing), the
 * batch budget view and the bundle manifest.
 */
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { AppException } from '../../../shared/contract/errors'
import { HEBI_2024_DOSSIER_TEMPLATE, verifyDossierManifest } from '../../../shared/domain/dossier'
import { dispatch } from '../dispatch'
import { enterpriseInput, fullAnswers, SCENE_IDS, tempBackend } from '../test-helpers'
import { dossierBundlePart } from './dossier.service'

type B = Awaited<ReturnType<typeof tempBackend>>
const open: B[] = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})
async function backend(): Promise<B> {
  const b = await tempBackend()
  open.push(b)
  return b
}

const yuan = (n: number) => Math.round(n * 100)
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
let seq = 100

async function enterprise(b: B, batch: 1 | 2 | 3 | null): Promise<string> {
  const e = await b.services['enterprises.create']({
    ...enterpriseInput(seq++),
    subIndustry: '',
    zjtx: 'none',
    batch,
    contact: '',
    phone: '',
    address: '',
  })
  return e.id
}

/** A completed acceptance assessment whose overall level is `level` (every scene at it). */
async function acceptance(b: B, enterpriseId: string, level: 0 | 1 | 2 | 3 | 4): Promise<string> {
  const s = b.services
  const a = await s['assessments.create']({
    enterpriseId,
    kind: 'acceptance',
    assessorName: '王评测',
    assessorAgency: '',
    assessedOn: '2026-11-20',
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await s['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await s['assessments.setScene']({ assessmentId: id, sceneId: sc, level })
  const done = await s['assessments.complete']({ id })
  expect(done.result.level).toBe(level)
  return id
}

async function rejected(p: Promise<unknown>, code: string, field?: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppException)
  const ae = e as AppException
  expect(ae.code).toBe(code)
  if (field !== undefined) expect(ae.field).toBe(field)
  return ae
}

let inv = 1
function row(
  enterpriseId: string,
  amountFen: number,
  category: 'software' | 'cloud' | 'data_equipment' | 'consulting' | 'other',
  over: Record<string, unknown> = {},
) {
  return {
    enterpriseId,
    invoiceNo: `4100${String(inv++).padStart(8, '0')}`,
    date: '2026-06-15',
    supplier: '鹤壁某软件有限公司',
    amountFen,
    category,
    ...over,
  }
}

async function attachAll(b: B, enterpriseId: string, except: string[] = []) {
  const f = await b.services['dossier.addFile']({
    enterpriseId,
    fileName: '材料.pdf',
    contentBase64: Buffer.from('%PDF-1.4 dossier material').toString('base64'),
  })
  for (const item of HEBI_2024_DOSSIER_TEMPLATE.items)
    if (item.mandatory && !except.includes(item.id))
      await b.services['dossier.setItem']({
        enterpriseId,
        itemId: item.id,
        state: 'attached',
        fileIds: [f.id],
      })
  return f
}

describe('dossier ledger and subsidy', () => {
  it('counts the four eligible categories and leaves 其他 out, with every step', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    await acceptance(b, e, 2)
    const s = b.services
    await s['ledger.add'](row(e, yuan(100_000), 'software'))
    await s['ledger.add'](row(e, yuan(20_000.5), 'cloud'))
    await s['ledger.add'](row(e, yuan(30_000), 'data_equipment'))
    await s['ledger.add'](row(e, yuan(40_000), 'consulting'))
    const v = await s['ledger.add'](row(e, yuan(50_000), 'other', { supplier: '某装修公司' }))

    expect(v.ledger.map((r) => [r.row, r.category, r.eligible])).toEqual([
      [1, 'software', true],
      [2, 'cloud', true],
      [3, 'data_equipment', true],
      [4, 'consulting', true],
      [5, 'other', false],
    ])
    expect(v.totals.eligibleFen).toBe(19_000_050)
    expect(v.totals.ineligibleFen).toBe(5_000_000)
    expect(v.totals.totalFen).toBe(24_000_050)
    expect(v.totals.byCategory.cloud).toMatchObject({ count: 1, amountFen: 2_000_050 })
    expect(v.totals.summary).toContain('其他 1 张 50,000 元（不计入）')
    const sub = v.subsidy!
    expect(sub.investmentFen).toBe(19_000_050)
    // batch 1, level 2: 50 % of 190,000.50 = 95,000.25, under the 500,000 cap
    expect(sub.retrofitFen).toBe(9_500_025)
    // no actual diagnosis cost recorded: the 咨询诊断补助 is 待核定, 0 and not in the total
    expect(sub.diagnosisFen).toBe(0)
    expect(sub.diagnosisPending).toBe(true)
    expect(sub.totalFen).toBe(9_500_025)
    expect(sub.steps.map((x) => [x.kind, x.ruleId, x.capHit])).toEqual([
      ['investment', 'Hebi-2024-dossier/eligible-investment', false],
      ['subsidy', 'hebi-2024/diagnosis', false],
      ['subsidy', 'hebi-2024/retrofit-l2-batch1', false],
    ])
    expect(sub.steps[0]!.text).toContain('不计入：其他 50,000 元')
    // the unevidenced warning names all five? only the eligible rows 1–4
    expect(sub.warnings.join()).toContain('第 1、2、3、4 行')
  })

  it.each([
    { batch: 1, level: 2, rule: 'hebi-2024/retrofit-l2-batch1', capYuan: 500_000 },
    { batch: 2, level: 3, rule: 'hebi-2024/retrofit-l2-batch2', capYuan: 400_000 },
    { batch: 3, level: 2, rule: 'hebi-2024/retrofit-l2-batch3', capYuan: 300_000 },
    { batch: 2, level: 4, rule: 'hebi-2024/retrofit-l4', capYuan: 1_200_000 },
  ] as const)(
    'batch $batch level $level: the cap of $rule ($capYuan 元) limits a large ledger',
    async ({ batch, level, rule, capYuan }) => {
      const b = await backend()
      const e = await enterprise(b, batch)
      await acceptance(b, e, level)
      const v = await b.services['ledger.add'](row(e, yuan(5_000_000), 'software'))
      const sub = v.subsidy!
      expect(sub.level).toBe(level)
      expect(sub.retrofitFen).toBe(yuan(capYuan))
      expect(sub.capsHit).toEqual([rule])
      const step = sub.steps.find((x) => x.ruleId === rule)!
      expect(step.capHit).toBe(true)
      expect(step.text).toContain(`封顶 ${capYuan.toLocaleString('en-US')} 元`)
      expect(sub.totalFen).toBe(yuan(capYuan)) // the diagnosis subsidy is 待核定, not added
    },
  )

  it('below 二级 no subsidy is due and the verdict is not_passed', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    await acceptance(b, e, 1)
    await attachAll(b, e)
    const v = await b.services['ledger.add'](row(e, yuan(100_000), 'software'))
    expect(v.subsidy!.totalFen).toBe(0)
    expect(v.subsidy!.capsHit).toEqual([])
    expect(v.verdict.verdict).toBe('not_passed')
  })

  it('explains why there is no subsidy without a batch or an acceptance assessment', async () => {
    const b = await backend()
    const e = await enterprise(b, null)
    let v = await b.services['dossier.get']({ enterpriseId: e })
    expect(v.subsidy).toBeNull()
    expect(v.subsidyProblem).toBe('企业尚未确定试点批次，无法测算补助')
    await b.services['enterprises.update']({ id: e, patch: { batch: 2 } })
    v = await b.services['dossier.get']({ enterpriseId: e })
    expect(v.subsidyProblem).toContain('尚无验收评测')
    expect(v.verdict.verdict).toBe('blocked')
    expect(v.verdict.messages[0]).toBe('该企业尚无验收评测，不能作出验收结论')
  })

  it('refuses a duplicate invoice number naming the existing row; nothing changes', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    const s = b.services
    await s['ledger.add'](row(e, yuan(1_000), 'software', { invoiceNo: 'FP 2026 001' }))
    const second = await s['ledger.add'](row(e, yuan(2_000), 'cloud', { invoiceNo: 'FP-2' }))
    const err = await rejected(
      s['ledger.add'](row(e, yuan(3_000), 'cloud', { invoiceNo: 'fp2026001' })),
      'CONFLICT',
      'invoiceNo',
    )
    expect(err.message).toBe(
      '发票号 fp2026001 重复：已在投入清单第 1 行（发票号 FP 2026 001，鹤壁某软件有限公司）登记，同一张发票不能重复计入',
    )
    const id2 = second.ledger[1]!.id
    await rejected(s['ledger.update']({ id: id2, invoiceNo: 'FP2026001' }), 'CONFLICT', 'invoiceNo')
    const v = await s['dossier.get']({ enterpriseId: e })
    expect(v.ledger.map((r) => [r.invoiceNo, r.amountFen])).toEqual([
      ['FP 2026 001', 100_000],
      ['FP-2', 200_000],
    ])
    // the same number at another enterprise is fine
    const other = await enterprise(b, 1)
    await s['ledger.add'](row(other, yuan(1_000), 'software', { invoiceNo: 'FP 2026 001' }))
  })

  it('refuses bad amounts through the contract, and the database refuses them too', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    for (const amountFen of [0, -5, 12.5]) {
      const w = await dispatch(b, 'ledger.add', row(e, amountFen, 'software'))
      expect(w.ok).toBe(false)
      if (!w.ok) expect(w.error).toMatchObject({ code: 'VALIDATION', field: 'amountFen' })
    }
    const w = await dispatch(b, 'ledger.add', row(e, 100, 'hardware' as 'other'))
    expect(!w.ok && w.error.field).toBe('category')
    const now = new Date().toISOString()
    await expect(
      sql`INSERT INTO ledger_rows (id, enterprise_id, invoice_no, invoice_key, date, supplier,
        amount_fen, category, created_at, updated_at) VALUES ('x', ${e}, 'A', 'A', '2026-01-01',
        's', 0, 'software', ${now}, ${now})`.execute(b.db),
    ).rejects.toThrow(/CHECK constraint failed/)
    expect((await b.services['dossier.get']({ enterpriseId: e })).ledger).toEqual([])
  })

  it('update and remove keep the totals right and leave audit entries', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    const s = b.services
    let v = await s['ledger.add'](row(e, yuan(1_000), 'software'))
    v = await s['ledger.add'](row(e, yuan(2_000), 'other'))
    const [r1, r2] = v.ledger
    v = await s['ledger.update']({ id: r2!.id, category: 'cloud', amountFen: yuan(2_500) })
    expect(v.totals.eligibleFen).toBe(yuan(3_500))
    v = await s['ledger.remove']({ id: r1!.id })
    expect(v.ledger.map((r) => [r.row, r.amountFen])).toEqual([[1, 250_000]])
    await rejected(s['ledger.remove']({ id: r1!.id }), 'NOT_FOUND', 'id')
    const log = await s['audit.list']({ entity: 'enterprise', entityId: e, limit: 50 })
    expect(log.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['ledger.add', 'ledger.update', 'ledger.remove']),
    )
  })
})

describe('dossier checklist and verdict', () => {
  it('a missing mandatory material blocks 通过 with its message; attaching it passes', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    await acceptance(b, e, 3)
    const f = await attachAll(b, e, ['retrofit_contract'])
    let v = await b.services['dossier.setItem']({
      enterpriseId: e,
      itemId: 'retrofit_contract',
      state: 'missing',
      reason: '合同原件在集团总部，尚未寄回',
    })
    expect(v.checklist.missingMandatory).toEqual(['retrofit_contract'])
    expect(v.verdict.verdict).toBe('blocked')
    expect(v.verdict.passed).toBe(false)
    expect(v.verdict.messages).toEqual([
      '数字化水平达到三级，但缺少必备材料“企业数字化改造合同”，不能判定为通过',
      '缺少必备材料“企业数字化改造合同”（原因：合同原件在集团总部，尚未寄回）',
    ])
    v = await b.services['dossier.setItem']({
      enterpriseId: e,
      itemId: 'retrofit_contract',
      state: 'attached',
      fileIds: [f.id],
    })
    expect(v.verdict.verdict).toBe('passed')
    expect(v.checklist.items.find((i) => i.id === 'retrofit_contract')!.files[0]!.sha256).toBe(
      f.sha256,
    )
  })

  it('refuses waiving a mandatory item, a missing reason, a foreign file, an unknown item', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    const other = await enterprise(b, 1)
    const s = b.services
    const foreign = await s['dossier.addFile']({
      enterpriseId: other,
      fileName: 'x.pdf',
      contentBase64: Buffer.from('%PDF-1.4 x').toString('base64'),
    })
    const w = await rejected(
      s['dossier.setItem']({
        enterpriseId: e,
        itemId: 'retrofit_contract',
        state: 'waived',
        reason: '无',
      }),
      'VALIDATION',
      'state',
    )
    expect(w.message).toBe('“企业数字化改造合同”是必备材料，不能免于提交')
    await rejected(
      s['dossier.setItem']({
        enterpriseId: e,
        itemId: 'retrofit_contract',
        state: 'missing',
        reason: ' ',
      }),
      'VALIDATION',
      'reason',
    )
    await rejected(
      s['dossier.setItem']({
        enterpriseId: e,
        itemId: 'retrofit_contract',
        state: 'attached',
        fileIds: [foreign.id],
      }),
      'VALIDATION',
      'fileIds',
    )
    await rejected(
      s['dossier.setItem']({ enterpriseId: e, itemId: 'nope', state: 'missing', reason: 'x' }),
      'VALIDATION',
      'itemId',
    )
    const v = await s['dossier.get']({ enterpriseId: e })
    expect(v.checklist.items.every((i) => i.unrecorded)).toBe(true)
  })
})

async function xlsx(rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('投入清单')
  ws.addRow(['发票号', '开票日期', '供应商', '金额（元）', '类别'])
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

describe('ledger import', () => {
  it('.xlsx with a bad row: preview names row and field, commit writes nothing', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    const s = b.services
    const bad = await xlsx([
      ['44001', new Date(Date.UTC(2026, 5, 1)), '鹤壁云计算公司', 12_000.5, '云服务'],
      ['44002', '2026/06/02', '某网关厂', '¥3,000.00', '数据采集传输设备'],
      ['44003', '2026-06-03', '某软件公司', '十万', '软件'],
      ['44001', '2026-06-04', '某咨询公司', 800, '咨询诊断服务'],
    ])
    const p = await s['ledger.importPreview']({
      enterpriseId: e,
      fileName: '投入清单.xlsx',
      contentBase64: bad,
    })
    expect(p.canCommit).toBe(false)
    expect(p.okCount).toBe(2)
    expect(p.rows.filter((r) => r.errors.length).map((r) => [r.row, r.errors[0]!.field])).toEqual([
      [4, 'amountFen'],
      [5, 'invoiceNo'],
    ])
    expect(p.rows[2]!.errors[0]!.message).toBe(
      '第 4 行 金额：须为以元为单位、最多两位小数的金额，实际为 “十万”',
    )
    expect(p.rows[0]!.value).toEqual({
      invoiceNo: '44001',
      date: '2026-06-01',
      supplier: '鹤壁云计算公司',
      amountFen: 1_200_050,
      category: 'cloud',
    })
    const err = await rejected(
      s['ledger.importCommit']({ enterpriseId: e, fileName: '投入清单.xlsx', contentBase64: bad }),
      'VALIDATION',
      'rows',
    )
    expect(err.message).toContain('导入未执行（没有写入任何数据）：2 行有错误，第 4 行 金额')
    expect((await s['dossier.get']({ enterpriseId: e })).ledger).toEqual([])

    const good = await xlsx([
      ['44001', '2026-06-01', '鹤壁云计算公司', 12_000.5, '云服务'],
      ['44002', '2026/06/02', '某网关厂', '¥3,000.00', '数据采集传输设备'],
      ['44005', '2026-06-05', '某装修公司', 9_999, '其他'],
    ])
    const r = await s['ledger.importCommit']({
      enterpriseId: e,
      fileName: 'ok.xlsx',
      contentBase64: good,
    })
    expect(r.created).toBe(3)
    expect(r.dossier.ledger.map((x) => [x.row, x.invoiceNo, x.amountFen, x.category])).toEqual([
      [1, '44001', 1_200_050, 'cloud'],
      [2, '44002', 300_000, 'data_equipment'],
      [3, '44005', 999_900, 'other'],
    ])
    expect(r.dossier.totals.eligibleFen).toBe(1_500_050)
    // importing the same file again: every row is a duplicate of a stored one
    const again = await s['ledger.importPreview']({
      enterpriseId: e,
      fileName: 'ok.xlsx',
      contentBase64: good,
    })
    expect(again.errorCount).toBe(3)
    expect(again.rows[0]!.errors[0]!.message).toContain('已在投入清单第 1 行')
  })

  it('.csv (UTF-8) imports; an unknown file type is a file error', async () => {
    const b = await backend()
    const e = await enterprise(b, 2)
    const csv = '发票号,日期,供应商,金额,类别\r\nA-1,2026-07-01,某云公司,"1,234.56",cloud\r\n'
    const r = await b.services['ledger.importCommit']({
      enterpriseId: e,
      fileName: 'l.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    })
    expect(r.dossier.ledger[0]).toMatchObject({ invoiceNo: 'A-1', amountFen: 123_456 })
    const p = await b.services['ledger.importPreview']({
      enterpriseId: e,
      fileName: 'l.txt',
      contentBase64: Buffer.from(csv).toString('base64'),
    })
    expect(p.fileErrors).toEqual(['只支持 .csv（UTF-8 或 GBK）和 .xlsx 文件'])
    expect(p.canCommit).toBe(false)
  })
})

describe('batch view and bundle part', () => {
  it('sums the estimates of a batch against the diagnosis budget line', async () => {
    const b = await backend()
    const a = await enterprise(b, 1)
    const c = await enterprise(b, 1)
    const d = await enterprise(b, 2)
    await acceptance(b, a, 2)
    await acceptance(b, c, 4)
    await b.services['ledger.add'](row(a, yuan(100_000), 'software'))
    await b.services['ledger.add'](row(c, yuan(100_000), 'software'))
    const all = await b.services['dossier.batchView']({})
    expect(all.enterprises).toBe(3)
    expect(all.diagnosisFen).toBe(0) // no actual diagnosis costs: 待核定, nothing committed
    expect(all.retrofitFen).toBe(yuan(100_000))
    expect(all.rows.find((r) => r.enterpriseId === d)!.problem).toContain('尚无验收评测')
    expect(all.lines[0]).toMatchObject({
      id: 'diagnosis',
      capFen: yuan(2_000_000),
      remainingFen: yuan(2_000_000),
      over: false,
    })
    const one = await b.services['dossier.batchView']({ batch: 2 })
    expect(one.enterprises).toBe(1)
    expect(one.byBatch['2'].count).toBe(1)
  })

  it('dossierBundlePart gives a manifest that verifies, with the referenced files', async () => {
    const b = await backend()
    const e = await enterprise(b, 1)
    const f = await attachAll(b, e)
    const pay = await b.services['dossier.addFile']({
      enterpriseId: e,
      fileName: '回单.png',
      contentBase64: Buffer.concat([PNG_MAGIC, Buffer.from(' payment')]).toString('base64'),
    })
    await b.services['ledger.add'](
      row(e, yuan(10_000), 'software', { invoiceFileId: f.id, paymentFileId: pay.id }),
    )
    const part = await dossierBundlePart(b.db, e, b.ctx.registry())
    expect(verifyDossierManifest(part.manifest, HEBI_2024_DOSSIER_TEMPLATE)).toEqual([])
    expect(part.manifest.evidence).toEqual([f.sha256, pay.sha256].sort())
    expect(part.files.map((x) => x.sha256).sort()).toEqual([f.sha256, pay.sha256].sort())
    expect(part.manifest.checklist.complete).toBe(true)
    const bytes = await b.ctx.evidence.read(pay.sha256)
    expect(bytes.subarray(0, 8).equals(PNG_MAGIC)).toBe(true)
    expect(part.files.find((x) => x.sha256 === pay.sha256)!.mimeType).toBe('image/png')
  })
})
