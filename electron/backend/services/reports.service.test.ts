/** 'reports.render' against a real backend (SQLite in a temp dir) and real PDF tools. */
import { ReportInputError } from '../../../shared/domain/report/errors'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AppException } from '../../../shared/contract/errors'
import { verifyReportHash } from '../../../shared/domain/report'
import { runTool } from '../pdf/pdf-tools'
import { SCENE_IDS, enterpriseInput, fullAnswers, tempBackend } from '../test-helpers'
import { ok, recordCompleteAdvice } from '../advice/test-support'
import { reportBuildError } from './reports.service'
import { verifyBundleBytes } from '../bundle/build'

const open: Array<{ cleanup: () => Promise<void> }> = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reports-svc-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function setup(batch: number | null = 1) {
  const b = await tempBackend({ now: () => new Date('2026-11-20T08:00:00Z') })
  open.push(b)
  const s = b.services
  const ent = await s['enterprises.create']({
    ...enterpriseInput(7, { name: '鹤壁报告测试电器有限公司' }),
    subIndustry: '',
    zjtx: 'none',
    batch,
    contact: '',
    phone: '',
    address: '',
  })
  const make = async (
    kind: 'diagnosis' | 'acceptance',
    level: number,
    partial = false,
    assessedOn = kind === 'diagnosis' ? '2026-11-10' : '2026-11-20',
  ) => {
    const a = await s['assessments.create']({
      enterpriseId: ent.id,
      kind,
      assessorName: '张三',
      assessorAgency: '鹤壁市某评测机构',
      assessedOn,
    })
    const id = a.assessment.id
    const answers = Object.entries(fullAnswers())
    for (const [q, sel] of partial ? answers.slice(0, 5) : answers)
      await s['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
    for (const sc of SCENE_IDS)
      await s['assessments.setScene']({ assessmentId: id, sceneId: sc, level: level as 2 })
    return id
  }
  /**
   * Records a complete 诊断建议, completes the diagnosis, renders its formal report and signs its
   * bundle: the bundle id.
   */
  const signedDiagnosis = async (id: string): Promise<string> => {
    await recordCompleteAdvice((m, input) => ok<{ missingFindings: string[] }>(b, m, input), id)
    await s['assessments.complete']({ id })
    await s['reports.render']({ assessmentId: id, pdf: true })
    await s['keys.create']({
      algorithm: 'Ed25519',
      protection: 'passphrase',
      passphrase: 'pass-1234',
    })
    const bundle = await s['bundles.create']({ assessmentId: id, enqueue: false })
    return bundle.bundleId
  }
  return { b, s, ent, make, signedDiagnosis }
}

async function code(p: Promise<unknown>): Promise<AppException> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  )
  expect(e).toBeInstanceOf(AppException)
  return e as AppException
}

describe('assessment dates (issue 11 item 3)', () => {
  it('an assessment gets today as its date by default; it cannot be completed without one', async () => {
    const { s, ent } = await setup()
    const a = await s['assessments.create']({
      enterpriseId: ent.id,
      kind: 'diagnosis',
      assessorName: '张三',
      assessorAgency: '',
      assessedOn: null,
    })
    expect(a.assessment.assessedOn).toBe('2026-11-20')
    const id = a.assessment.id
    for (const [q, sel] of Object.entries(fullAnswers()))
      await s['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
    for (const sc of SCENE_IDS)
      await s['assessments.setScene']({ assessmentId: id, sceneId: sc, level: 1 })
    await s['assessments.updateInfo']({ id, assessedOn: null })
    const e = await code(s['assessments.complete']({ id }))
    expect([e.code, e.field]).toEqual(['VALIDATION', 'assessedOn'])
  })
})

describe('reports.render', () => {
  it('renders the diagnosis of a stored assessment with its evidence, unsigned', async () => {
    const { s, make } = await setup()
    const id = await make('diagnosis', 1, true)
    await s['assessments.updateSurvey']({
      assessmentId: id,
      survey: {
        date: '2026-11-19',
        people: [{ name: '张三', agency: '鹤壁市某评测机构', role: '组长', contact: '' }],
        observations: '车间 2 个',
      },
    })
    const content = Buffer.from('网络拓扑图')
    await s['evidence.add']({
      assessmentId: id,
      itemId: 'Q01',
      fileName: '拓扑.txt',
      contentBase64: content.toString('base64'),
    })
    const r = await s['reports.render']({ assessmentId: id, pdf: true })
    expect(r.signed).toBe(false)
    expect(r.model.kind).toBe('diagnosis')
    expect(verifyReportHash(r.model)).toBe(true)
    // an incomplete draft: a draft number, the reasons, never recorded as a formal report
    expect(r.formal).toBe(false)
    expect(r.reportNumber).toMatch(/^DRAFT-ZD-20261120-[0-9A-F]{8}$/)
    expect(r.draftReasons[0]).toBe('评测尚未完成（仍为草稿状态）')
    expect(r.fileName).toBe(`草稿-诊断报告-鹤壁报告测试电器有限公司-${r.reportNumber}.pdf`)
    expect((await s['reports.list']({})).items).toEqual([])
    if (r.model.kind !== 'diagnosis') throw new Error('kind')
    expect(r.model.evidence).toEqual([
      {
        itemId: 'Q01',
        name: '拓扑.txt',
        sha256: createHash('sha256').update(content).digest('hex'),
        size: content.length,
        sizeText: `${content.length} B`,
      },
    ])
    expect(r.model.level.provisional).toBe(true)
    const p = join(dir, 'd.pdf')
    writeFileSync(p, Buffer.from(r.pdfBase64!, 'base64'))
    expect(r.bytes).toBe(readFileSync(p).length)
    const t = runTool('pdftotext', [p, '-']).stdout.replace(/\s+/g, '')
    expect(t).toContain('鹤壁报告测试电器有限公司')
    expect(t).toContain('暂定')
    expect(t).toContain('草稿')
    expect(runTool('qpdf', ['--check', p]).code).toBe(0)
    const signDraft = await code(
      s['reports.render']({
        assessmentId: id,
        pdf: true,
        sign: { p12Base64: 'eA==', password: 'x' },
      }),
    )
    expect(signDraft.field).toBe('sign.password')

    const preview = await s['reports.render']({ assessmentId: id, pdf: false })
    expect(preview.pdfBase64).toBeNull()
    expect(preview.reportHash).toBe(r.reportHash)
  })

  it('renders and signs the acceptance against the signed diagnosis bundle, with the subsidy; the registry lists both', async () => {
    const { s, make, signedDiagnosis } = await setup(2)
    const diag = await make('diagnosis', 1)
    const bundleId = await signedDiagnosis(diag)
    const acc = await make('acceptance', 2)
    await s['assessments.complete']({ id: acc })
    const k = join(dir, 'k.pem')
    const c = join(dir, 'c.pem')
    expect(
      runTool('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        k,
        '-out',
        c,
        '-days',
        '30',
        '-subj',
        '/CN=张三/O=鹤壁市某评测机构/C=CN',
        '-utf8',
      ]).code,
    ).toBe(0)
    const p12 = join(dir, 'a.p12')
    expect(
      runTool('openssl', [
        'pkcs12',
        '-export',
        '-inkey',
        k,
        '-in',
        c,
        '-out',
        p12,
        '-passout',
        'pass:pw',
      ]).code,
    ).toBe(0)
    const sign = { p12Base64: readFileSync(p12).toString('base64'), password: 'pw' }
    // without the signed diagnosis: a draft, which cannot be signed (VALIDATION sign)
    const unsignable = await code(
      s['reports.render']({ assessmentId: acc, investmentFen: 100_000_000, sign, pdf: true }),
    )
    expect([unsignable.code, unsignable.field]).toEqual(['VALIDATION', 'sign'])
    expect(unsignable.message).toContain('未引用已签名的诊断签名包')
    const r = await s['reports.render']({
      assessmentId: acc,
      beforeBundleId: bundleId,
      investmentFen: 100_000_000,
      diagnosisCostFen: 500_000,
      sign,
      pdf: true,
    })
    expect(r.signed).toBe(true)
    expect(r.formal).toBe(true)
    expect(r.signer).toContain('CN=张三')
    if (r.model.kind !== 'acceptance') throw new Error('kind')
    expect(r.model.verdict.passed).toBe(true)
    expect(r.model.diagnosis?.bundleId).toBe(bundleId)
    expect(r.model.diagnosis?.reportNumber).toMatch(/^ZD-\d{8}-[0-9A-F]{8}$/)
    // batch 2: 40 % of 1,000,000 = 400,000, cap 400,000; + diagnosis 5,000 (actual cost)
    expect(r.model.subsidy.totalFen).toBe(40_500_000)
    const reg = (await s['reports.list']({})).items
    expect(reg.map((x) => [x.kind, x.number, x.sha256])).toEqual(
      expect.arrayContaining([
        ['acceptance', r.reportNumber, r.reportHash],
        ['diagnosis', r.model.diagnosis!.reportNumber, expect.any(String)],
      ]),
    )
    expect(reg.find((x) => x.kind === 'acceptance')!.signer).toContain('CN=张三')
    expect(r.model.sceneMoves).toHaveLength(16)
    const p = join(dir, 'a.pdf')
    writeFileSync(p, Buffer.from(r.pdfBase64!, 'base64'))
    expect(runTool('pdfsig', [p]).stdout).toContain('Signature is Valid.')

    const wrong = await code(
      s['reports.render']({
        assessmentId: acc,
        beforeBundleId: bundleId,
        investmentFen: 1,
        sign: { ...sign, password: 'x' },
        pdf: true,
      }),
    )
    expect([wrong.code, wrong.field]).toEqual(['VALIDATION', 'sign.password'])
    const noBundle = await code(
      s['reports.render']({
        assessmentId: acc,
        beforeBundleId: 'no-such-bundle',
        investmentFen: 1,
        pdf: true,
      }),
    )
    expect([noBundle.code, noBundle.field]).toEqual(['VALIDATION', 'beforeBundleId'])
    const early = await code(
      s['reports.render']({
        assessmentId: acc,
        beforeBundleId: bundleId,
        investmentFen: 1,
        issuedOn: '2026-11-19',
        pdf: true,
      }),
    )
    expect([early.code, early.field]).toEqual(['VALIDATION', 'issuedOn'])
    const kind = await code(
      s['reports.render']({ assessmentId: acc, kind: 'diagnosis', pdf: false }),
    )
    expect([kind.code, kind.field]).toEqual(['VALIDATION', 'kind'])
    const noInv = await code(s['reports.render']({ assessmentId: acc, pdf: true }))
    expect([noInv.code, noInv.field]).toEqual(['VALIDATION', 'investmentFen'])
    const nf = await code(s['reports.render']({ assessmentId: 'nope', pdf: true }))
    expect(nf.code).toBe('NOT_FOUND')
  })

  it('bundles.create: an acceptance cites the diagnosis its formal report was printed against, or the one named; none is refused (issue 11 item 1)', async () => {
    const { s, make, signedDiagnosis } = await setup(2)
    const diag = await make('diagnosis', 1)
    const bundleId = await signedDiagnosis(diag)
    const diagBundle = await s['bundles.get']({ bundleId })
    const acc = await make('acceptance', 2)
    await s['assessments.complete']({ id: acc })
    // no formal report against a signed diagnosis, none named: refused, nothing signed
    const none = await code(s['bundles.create']({ assessmentId: acc, enqueue: false }))
    expect([none.code, none.field]).toEqual(['VALIDATION', 'beforeBundleId'])
    expect(none.message).toMatch(/^验收评测须对照已签名的诊断才能签名打包/)
    expect((await s['bundles.list']({})).items.map((b) => b.bundleId)).toEqual([bundleId])
    const unknown = await code(
      s['bundles.create']({ assessmentId: acc, enqueue: false, beforeBundleId: 'no-such-bundle' }),
    )
    expect([unknown.code, unknown.field]).toEqual(['VALIDATION', 'beforeBundleId'])

    // the formal report records the diagnosis it cites; the bundle names the same one
    const r = await s['reports.render']({
      assessmentId: acc,
      beforeBundleId: bundleId,
      investmentFen: 100_000_000,
      pdf: true,
    })
    expect(r.formal).toBe(true)
    const created = await s['bundles.create']({ assessmentId: acc, enqueue: false })
    const file = await s['bundles.export']({ bundleId: created.bundleId })
    const v = verifyBundleBytes(Buffer.from(file.contentBase64, 'base64'))
    if (!v.ok) throw new Error(v.problems.join('\n'))
    expect(v.manifest.diagnosis).toEqual({
      bundleId,
      manifestSha256: diagBundle.manifestSha256,
      reportNumber: r.model.kind === 'acceptance' ? r.model.diagnosis!.reportNumber : null,
    })
    expect(v.manifest.diagnosis!.reportNumber).toMatch(/^ZD-\d{8}-[0-9A-F]{8}$/)

    // a diagnosis of another enterprise, or one assessed on the acceptance's day, is refused
    const other = await s['enterprises.create']({
      ...enterpriseInput(8, { name: '鹤壁另一家测试有限公司' }),
      subIndustry: '',
      zjtx: 'none',
      batch: 2,
      contact: '',
      phone: '',
      address: '',
    })
    const otherDiag = await s['assessments.create']({
      enterpriseId: other.id,
      kind: 'diagnosis',
      assessorName: '张三',
      assessorAgency: '',
      assessedOn: '2026-11-01',
    })
    for (const [q, sel] of Object.entries(fullAnswers()))
      await s['assessments.setAnswer']({
        assessmentId: otherDiag.assessment.id,
        questionId: q,
        selected: sel,
      })
    for (const sc of SCENE_IDS)
      await s['assessments.setScene']({
        assessmentId: otherDiag.assessment.id,
        sceneId: sc,
        level: 1,
      })
    await s['assessments.complete']({ id: otherDiag.assessment.id })
    const ob = await s['bundles.create']({ assessmentId: otherDiag.assessment.id, enqueue: false })
    const acc2 = await make('acceptance', 2)
    await s['assessments.complete']({ id: acc2 })
    const wrongEnt = await code(
      s['bundles.create']({ assessmentId: acc2, enqueue: false, beforeBundleId: ob.bundleId }),
    )
    expect([wrongEnt.code, wrongEnt.field]).toEqual(['VALIDATION', 'beforeBundleId'])
    expect(wrongEnt.message).toMatch(/^所对照的诊断属于另一家企业/)
    const sameDay = await make('diagnosis', 1, false, '2026-11-20')
    await s['assessments.complete']({ id: sameDay })
    const sd = await s['bundles.create']({ assessmentId: sameDay, enqueue: false })
    const late = await code(
      s['bundles.create']({ assessmentId: acc2, enqueue: false, beforeBundleId: sd.bundleId }),
    )
    expect([late.code, late.field]).toEqual(['VALIDATION', 'beforeBundleId'])
    expect(late.message).toBe('所对照的诊断评测日期 2026-11-20 须早于验收评测日期 2026-11-20')
  })

  it('refuses an acceptance without a diagnosis or without a batch, naming the field', async () => {
    const { s, make } = await setup(null)
    const acc = await make('acceptance', 2)
    const e1 = await code(s['reports.render']({ assessmentId: acc, investmentFen: 1, pdf: true }))
    expect(e1.field).toBe('beforeBundleId')
    await make('diagnosis', 1)
    const e2 = await code(s['reports.render']({ assessmentId: acc, investmentFen: 1, pdf: true }))
    expect(e2.field).toBe('enterprise.batch')
  })

  it('the 验收评价 of an enterprise with a dossier: checklist, ledger, subsidy rules, materials block 达标', async () => {
    const { s, ent, make } = await setup(1)
    await make('diagnosis', 1)
    const acc = await make('acceptance', 3)
    const f = await s['dossier.addFile']({
      enterpriseId: ent.id,
      fileName: '合同.pdf',
      contentBase64: Buffer.from('%PDF-1.4 contract').toString('base64'),
    })
    await s['ledger.add']({
      enterpriseId: ent.id,
      invoiceNo: 'FP-001',
      date: '2026-05-01',
      supplier: '鹤壁某软件有限公司',
      amountFen: 150_000_000,
      category: 'software',
      invoiceFileId: f.id,
      paymentFileId: f.id,
    })
    await s['ledger.add']({
      enterpriseId: ent.id,
      invoiceNo: 'FP-002',
      date: '2026-05-02',
      supplier: '某装修公司',
      amountFen: 8_000_000,
      category: 'other',
    })
    await s['dossier.setItem']({
      enterpriseId: ent.id,
      itemId: 'retrofit_contract',
      state: 'attached',
      fileIds: [f.id],
    })
    await s['dossier.setItem']({
      enterpriseId: ent.id,
      itemId: 'project_summary',
      state: 'missing',
      reason: '服务商尚未提交',
    })
    const r = await s['reports.render']({ assessmentId: acc, pdf: true })
    if (r.model.kind !== 'acceptance') throw new Error('kind')
    const m = r.model
    expect(verifyReportHash(m)).toBe(true)
    expect(m.verdict.passed).toBe(false)
    expect(m.verdict.text).toContain('数字化水平达到三级，但缺少必备材料')
    expect(m.subsidy.investment).toBe('1,500,000 元')
    // batch 1, level 3 (二级 standard): 50 % of 1,500,000 = 750,000, capped at 500,000; the
    // diagnosis subsidy 待核定 (no actual cost), not in the total
    expect(m.subsidy.totalFen).toBe(50_000_000)
    expect(m.subsidy.rules.map((x) => [x.ruleId, x.capHit, x.amount])).toEqual([
      ['Hebi-2024-dossier/eligible-investment', false, '1,500,000 元'],
      ['hebi-2024/diagnosis', false, '待核定'],
      ['hebi-2024/retrofit-l2-batch1', true, '500,000 元'],
    ])
    const d = m.dossier!
    expect(d.complete).toBe(false)
    expect(d.checklist[0]).toMatchObject({ title: '企业数字化改造合同', state: '已提交' })
    expect(d.missing).toContain('缺少必备材料“数字化改造项目总结报告”（原因：服务商尚未提交）')
    expect(d.ledger).toMatchObject({
      rowCount: 2,
      eligible: '1,500,000 元',
      ineligible: '80,000 元',
    })
    const p = join(dir, 'dossier.pdf')
    writeFileSync(p, Buffer.from(r.pdfBase64!, 'base64'))
    const text = runTool('pdftotext', ['-layout', p, '-']).stdout
    for (const t of ['验收档案（一企一档）', '投入清单汇总', '★ 封顶', '服务商尚未提交', '不计入'])
      expect(text).toContain(t)
    const mismatch = await code(
      s['reports.render']({ assessmentId: acc, investmentFen: 1, pdf: false }),
    )
    expect([mismatch.code, mismatch.field]).toEqual(['VALIDATION', 'investmentFen'])
  })

  it('a report builder error names the request field at fault', async () => {
    const { s, make } = await setup()
    const id = await make('diagnosis', 2)
    // the wire schema refuses this date first; a direct caller reaching the builder gets the field
    const bad = await code(
      s['reports.render']({ assessmentId: id, issuedOn: '2026/11/27', pdf: false }),
    )
    expect([bad.code, bad.field]).toEqual(['VALIDATION', 'issuedOn'])

    const map = {
      issuedOn: 'issuedOn',
      before: 'beforeAssessmentId',
      enterprise: 'enterprise.batch',
    }
    const f = (m: unknown) => reportBuildError(m, map, 'assessmentId').field
    const r = (field: string, message: string) => new ReportInputError(field, message)
    expect(f(r('issuedOn', "issuedOn: must be YYYY-MM-DD, got 'x'"))).toBe('issuedOn')
    expect(f(r('before.catalogue', "before.catalogue: 'a' is not 'b'"))).toBe('beforeAssessmentId')
    expect(f(r('enterprise.batch', 'enterprise.batch: the 试点批次 is needed'))).toBe(
      'enterprise.batch',
    )
    expect(f(r('evidence', 'evidence x.pdf: size must be a non-negative integer'))).toBe(
      'assessmentId',
    )
    expect(f(r('constructor', 'constructor: not a field'))).toBe('assessmentId')
    // the field is data: a plain error's text is not read for one
    expect(f(new Error("issuedOn: must be YYYY-MM-DD, got 'x'"))).toBe('assessmentId')
    expect(f('no path at all')).toBe('assessmentId')
    const passed = new AppException('NOT_FOUND', 'gone', 'panelId')
    expect(reportBuildError(passed, map, 'assessmentId')).toBe(passed)
  })
})
