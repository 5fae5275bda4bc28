/**
 * dossier.* and ledger.* through dispatch against a real backend (temp SQLite), in-process and
 * through the HTTP host: every method's output checked against its contract schema, bad input →
 * VALIDATION naming the field, duplicate invoice → CONFLICT.
 */
import ExcelJS from 'exceljs'
import { expect, it } from 'vitest'
import { methods, type Method, type Output } from '../../shared/contract/api'
import { AppErrorSchema } from '../../shared/contract/errors'
import { enterpriseInput, fullAnswers, SCENE_IDS } from '../../electron/backend/test-helpers'
import { describeTransports, okOutput } from './transports'

describeTransports('dossier contract (%s)', (call) => {
  const called = new Set<string>()

  async function ok<M extends Method>(method: M, input: unknown): Promise<Output<M>> {
    const value = await okOutput(call, method, input)
    called.add(method)
    return value
  }
  async function err(method: string, input: unknown) {
    const w = await call(method, input)
    if (w.ok) throw new Error(`${method}: expected an error`)
    expect(AppErrorSchema.safeParse(w.error).success).toBe(true)
    return w.error
  }

  it('runs the dossier of an enterprise end to end', async () => {
    const e = await ok('enterprises.create', { ...enterpriseInput(31), batch: 3 })
    const a = await ok('assessments.create', {
      enterpriseId: e.id,
      kind: 'acceptance',
      assessorName: '王评测',
    })
    for (const [questionId, selected] of Object.entries(fullAnswers()))
      await ok('assessments.setAnswer', { assessmentId: a.assessment.id, questionId, selected })
    for (const sceneId of SCENE_IDS)
      await ok('assessments.setScene', { assessmentId: a.assessment.id, sceneId, level: 2 })

    let v = await ok('dossier.get', { enterpriseId: e.id })
    expect(v.verdict.verdict).toBe('blocked')
    const f = await ok('dossier.addFile', {
      enterpriseId: e.id,
      fileName: '合同.pdf',
      contentBase64: Buffer.from('%PDF-1.4 c').toString('base64'),
    })
    v = await ok('dossier.setItem', {
      enterpriseId: e.id,
      itemId: 'retrofit_contract',
      state: 'attached',
      fileIds: [f.id],
    })
    expect(v.checklist.items[0]!.state).toBe('attached')
    v = await ok('ledger.add', {
      enterpriseId: e.id,
      invoiceNo: 'C-1',
      date: '2026-03-01',
      supplier: '某软件公司',
      amountFen: 100_000_00,
      category: 'software',
      invoiceFileId: f.id,
    })
    // batch 3: 35 % of 100,000 = 35,000 (cap 300,000); the diagnosis subsidy 待核定 (no cost)
    expect(v.subsidy!.totalFen).toBe(3_500_000)
    expect(v.subsidy!.diagnosisPending).toBe(true)
    const rowId = v.ledger[0]!.id
    v = await ok('ledger.update', { id: rowId, amountFen: 200_000_00 })
    expect(v.subsidy!.retrofitFen).toBe(7_000_000)

    const dup = await err('ledger.add', {
      enterpriseId: e.id,
      invoiceNo: 'c-1',
      date: '2026-03-02',
      supplier: 'x',
      amountFen: 1,
      category: 'cloud',
    })
    expect([dup.code, dup.field]).toEqual(['CONFLICT', 'invoiceNo'])
    const bad = await err('ledger.add', {
      enterpriseId: e.id,
      invoiceNo: 'C-9',
      date: '2026-02-30',
      supplier: 'x',
      amountFen: 1,
      category: 'cloud',
    })
    expect([bad.code, bad.field]).toEqual(['VALIDATION', 'date'])

    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('投入清单')
    ws.addRow(['发票号', '开票日期', '供应商', '金额（元）', '类别'])
    ws.addRow(['C-2', '2026-03-05', '某云公司', 500, '云服务'])
    const file = {
      enterpriseId: e.id,
      fileName: 'l.xlsx',
      contentBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
    }
    const p = await ok('ledger.importPreview', file)
    expect(p.canCommit).toBe(true)
    const r = await ok('ledger.importCommit', file)
    expect(r.created).toBe(1)
    v = await ok('ledger.remove', { id: rowId })
    expect(v.ledger.map((x) => x.invoiceNo)).toEqual(['C-2'])

    const bv = await ok('dossier.batchView', { batch: 3 })
    expect(bv.rows.map((x) => x.enterpriseId)).toEqual([e.id])
    const nb = await err('dossier.batchView', { batch: 4 })
    expect([nb.code, nb.field]).toEqual(['VALIDATION', 'batch'])
    const nf = await err('dossier.get', { enterpriseId: 'nope' })
    expect(nf.code).toBe('NOT_FOUND')
  })

  it('every dossier.* and ledger.* method was exercised', () => {
    const mine = methods.filter((m) => /^(dossier|ledger)\./.test(m))
    expect(mine).toHaveLength(9)
    expect(mine.filter((m) => !called.has(m))).toEqual([])
  })
})
