/**
 * Issue 6 done-when, end to end through dispatch on real SQLite files and real key files: three
 * experts on their own devices (two agreeing, one diverging on SC03 and SC06) each sign an
 * acceptance bundle; the lead imports all three, sees the divergences, decides one item with a
 * reason and lets the median settle the other, consolidates, signs the lead's bundle (carrying
 * every expert's bundle and signature) and prints the panel's 验收评价 (pdftotext finds the
 * panel and the consolidated level). A changed byte in an expert's bundle is refused, and a
 * stored scoring swapped afterwards is named by panel.verify / verifyPanelRecord. Then a recheck
 * (复核) of a signed bundle gives the diff.
 */
import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Wire } from '../../shared/contract/api'
import { dispatch } from '../../electron/backend/dispatch'
import { enterpriseInput, signedDiagnosis, tempBackend } from '../../electron/backend/test-helpers'
import { runTool } from '../../electron/backend/pdf/pdf-tools'
import { verifyBundleBytes } from '../../electron/backend/bundle/build'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { MIIT_2024_DEFAULT } from '../../shared/domain/levels'
import { verifyPanelRecord, type PanelRecord } from '../../shared/domain/panel'
import { BASE_ANSWERS, BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import type { Answers, SceneJudgements } from '../../shared/domain/scoring/types'
import { exportedAcceptance, ok } from './panel-devices'

type B = Awaited<ReturnType<typeof tempBackend>>

async function err(b: B, method: string, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (w.ok) throw new Error(`${method} should have failed`)
  return w.error
}

const N = 61
const ENTERPRISE = enterpriseInput(N, { name: '鹤壁专家组验收测试有限公司', batch: 2 })

/** One expert's device: a key file, the enterprise, a completed acceptance assessment. */
async function expertDevice(name: string) {
  const b = await tempBackend()
  const k = await ok(b, 'keys.create', { passphrase: `${name} passphrase` })
  const ent = await ok(b, 'enterprises.create', ENTERPRISE)
  return { b, keyId: k.key!.keyId, enterpriseId: ent.id }
}

/** The signed diagnosis before the retrofit (the lead's), which every acceptance cites. */
let diagnosisFile: { fileName: string; contentBase64: string } | undefined

async function scoreAndSign(
  d: { b: B; enterpriseId: string },
  assessor: string,
  answers: Answers,
  scenes: SceneJudgements,
  kind: 'acceptance' | 'diagnosis' = 'acceptance',
): Promise<{ fileName: string; contentBase64: string; assessmentId: string }> {
  const a = await ok(d.b, 'assessments.create', {
    enterpriseId: d.enterpriseId,
    kind,
    assessorName: assessor,
    // the diagnosis before the retrofit is assessed earlier than the acceptance
    assessedOn: kind === 'diagnosis' ? '2026-11-15' : '2026-11-25',
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(answers))
    await ok(d.b, 'assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
  for (const [sc, level] of Object.entries(scenes))
    await ok(d.b, 'assessments.setScene', { assessmentId: id, sceneId: sc, level })
  await ok(d.b, 'assessments.complete', { id })
  // an acceptance cites the signed diagnosis before the retrofit (issue 11 item 1), imported here
  let beforeBundleId: string | undefined
  if (kind === 'acceptance') {
    if (!diagnosisFile) throw new Error('sign the diagnosis first')
    beforeBundleId = (await ok(d.b, 'bundles.import', diagnosisFile)).bundle.bundleId
  }
  const bundle = await ok(d.b, 'bundles.create', {
    assessmentId: id,
    ...(beforeBundleId ? { beforeBundleId } : {}),
  })
  const file = await ok(d.b, 'bundles.export', { bundleId: bundle.bundleId })
  return { ...file, assessmentId: id }
}

/**
 * Runs `f` with TZ set to a zone whose calendar date differs from UTC's at this moment (UTC+14
 * from 10:00 UTC, else UTC−12): returns its value, that zone's dates (YYYY-MM-DD) seen just
 * before and after the call, and the UTC date — so a date taken from the UTC clock is caught.
 */
async function onAnotherDayThanUtc<T>(f: () => Promise<T>) {
  const zone = new Date().getUTCHours() >= 10 ? 'Etc/GMT-14' : 'Etc/GMT+12'
  const day = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date())
  const utc = new Date().toISOString().slice(0, 10)
  const old = process.env.TZ
  process.env.TZ = zone
  try {
    const before = day()
    const value = await f()
    const days = [before, day()]
    expect(days).not.toContain(utc)
    return { value, days }
  } finally {
    if (old === undefined) delete process.env.TZ
    else process.env.TZ = old
  }
}

function flipByte(base64: string, at: number): string {
  const bytes = Buffer.from(base64, 'base64')
  bytes[at] = bytes[at]! ^ 0x01
  return bytes.toString('base64')
}

describe('expert panel (issue 6)', () => {
  let lead: Awaited<ReturnType<typeof expertDevice>>
  const experts: Awaited<ReturnType<typeof expertDevice>>[] = []
  const bundles: { fileName: string; contentBase64: string }[] = []
  const NAMES = ['张三', '李四', '王五']
  let panelId = ''

  beforeAll(async () => {
    lead = await expertDevice('lead')
    for (const n of NAMES) experts.push(await expertDevice(n))
    // the diagnosis before the retrofit, on the lead's device (all scenes 一级)
    const low: SceneJudgements = {}
    for (const s of MIIT_2024.catalogue.scenes) low[s.id] = 1
    diagnosisFile = await scoreAndSign(lead, '赵组长', BASE_ANSWERS, low, 'diagnosis')
    bundles.push(await scoreAndSign(experts[0]!, NAMES[0]!, BASE_ANSWERS, BASE_SCENES))
    bundles.push(await scoreAndSign(experts[1]!, NAMES[1]!, BASE_ANSWERS, BASE_SCENES))
    bundles.push(
      await scoreAndSign(experts[2]!, NAMES[2]!, BASE_ANSWERS, {
        ...BASE_SCENES,
        SC03: 4,
        SC06: 0,
      }),
    )
  }, 60_000)
  afterAll(async () => {
    await lead.b.cleanup()
    for (const e of experts) await e.b.cleanup()
  })

  it('creates the panel, refuses bad members and non-member bundles', async () => {
    const members = experts.map((e, i) => ({
      name: NAMES[i],
      agency: `机构${i + 1}`,
      keyId: e.keyId,
    }))
    expect(
      await err(lead.b, 'panel.create', {
        enterpriseId: lead.enterpriseId,
        lead: { name: '赵组长', agency: '鹤壁市中小企业服务中心', keyId: lead.keyId },
        experts: [members[0], members[0]],
      }),
    ).toMatchObject({ code: 'VALIDATION' })
    const p = await ok(lead.b, 'panel.create', {
      enterpriseId: lead.enterpriseId,
      lead: { name: '赵组长', agency: '鹤壁市中小企业服务中心', keyId: lead.keyId },
      experts: members,
    })
    panelId = p.id
    expect(p.status).toBe('waiting')
    expect(p.experts.map((e) => e.scoring)).toEqual([null, null, null])
    // the lead's own diagnosis bundle: signed by a non-member (and not an acceptance)
    const own = await ok(lead.b, 'bundles.list')
    const ex = await ok(lead.b, 'bundles.export', { bundleId: own.items[0]!.bundleId })
    const e = await err(lead.b, 'panel.importScoring', { panelId, ...ex })
    expect(e.code).toBe('VALIDATION')
    expect(e.message).toContain('这个签名包由组长本人签名，不是本专家组的专家')
  })

  it('imports the three bundles and flags both scenes and the level verdict', async () => {
    let v = await ok(lead.b, 'panel.importScoring', { panelId, ...bundles[0]! })
    expect(v.panel.status).toBe('waiting')
    expect(await err(lead.b, 'panel.consolidate', { panelId })).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('李四、王五') as unknown as string,
    })
    await ok(lead.b, 'panel.importScoring', { panelId, ...bundles[1]! })
    v = await ok(lead.b, 'panel.importScoring', { panelId, ...bundles[2]! })
    expect(v.expertKeyId).toBe(experts[2]!.keyId)
    const p = v.panel
    expect(p.complete).toBe(true)
    expect(p.experts.map((e) => [e.name, e.scoring?.level, e.scoring?.total])).toEqual([
      ['张三', 2, 43.55],
      ['李四', 2, 43.55],
      ['王五', 1, 43.55],
    ])
    expect(p.divergences.map((d) => [d.kind, d.itemId, d.severity])).toEqual([
      ['scene', 'SC03', 'major'],
      ['scene', 'SC06', 'major'],
      ['level', 'level', 'major'],
    ])
    const sc03 = p.items.find((i) => i.itemId === 'SC03')!
    expect(sc03.values.map((x) => x.text)).toEqual(['二级', '二级', '四级'])
    expect(sc03.severity).toBe('major')
    expect(sc03.rule).toBe('median')
    expect(p.items.filter((i) => i.severity !== null).map((i) => i.itemId)).toEqual([
      'SC03',
      'SC06',
    ])
    expect(p.status).toBe('consolidated')
  })

  it('the lead decides SC03 with a reason, the median settles SC06; consolidates to 二级', async () => {
    expect(
      await err(lead.b, 'panel.decide', { panelId, itemId: 'SC03', value: 2, reason: '  ' }),
    ).toMatchObject({ code: 'VALIDATION', field: 'reason' })
    // outside the experts' views (they judged 二级…四级)
    expect(
      await err(lead.b, 'panel.decide', { panelId, itemId: 'SC03', value: 1, reason: '现场' }),
    ).toMatchObject({ code: 'VALIDATION' })
    const p = await ok(lead.b, 'panel.decide', {
      panelId,
      itemId: 'SC03',
      value: 3,
      reason: '现场复核生产计划排程系统，已实现部分自动排产，取三级',
    })
    const sc03 = p.items.find((i) => i.itemId === 'SC03')!
    expect(sc03).toMatchObject({ rule: 'lead', consolidated: 3, consolidatedText: '三级' })
    expect(sc03.reason).toContain('现场复核')
    expect(p.items.find((i) => i.itemId === 'SC06')).toMatchObject({
      rule: 'median',
      consolidated: 2,
    })
    const c = await ok(lead.b, 'panel.consolidate', { panelId })
    expect(c.status).toBe('consolidated')
    expect(c.result).toMatchObject({ level: 2, levelName: '二级', total: 43.55 })
    expect(c.record!.decisions).toEqual([
      { itemId: 'SC03', value: 3, reason: '现场复核生产计划排程系统，已实现部分自动排产，取三级' },
    ])
    expect(c.record!.scorings.map((s) => s.expertKeyId)).toEqual(experts.map((e) => e.keyId))
  })

  it('signs the lead bundle carrying every expert bundle; the 验收评价 PDF names the panel', async () => {
    // the key must be the lead's: lock it → refused
    await ok(lead.b, 'keys.lock')
    expect(await err(lead.b, 'panel.sign', { panelId })).toMatchObject({
      code: 'VALIDATION',
      field: 'passphrase',
    })
    await ok(lead.b, 'keys.unlock', { passphrase: 'lead passphrase' })
    const s = await ok(lead.b, 'panel.sign', { panelId })
    expect(s.keyId).toBe(lead.keyId)
    const bytes = new Uint8Array(Buffer.from(s.contentBase64, 'base64'))
    const v = verifyBundleBytes(bytes)
    expect(v.ok).toBe(true)
    if (!v.ok) return
    expect(v.manifest.assessorKey.keyId).toBe(lead.keyId)
    // the consolidated acceptance cites the diagnosis every expert cites (issue 11 item 1)
    const d = verifyBundleBytes(new Uint8Array(Buffer.from(diagnosisFile!.contentBase64, 'base64')))
    if (!d.ok) throw new Error('diagnosis')
    expect(v.manifest.diagnosis).toEqual({
      bundleId: d.manifest.bundleId,
      manifestSha256: d.manifestSha256,
      reportNumber: null,
    })
    const panel = v.manifest.panel as {
      record: PanelRecord
      expertBundles: { expertKeyId: string; bundleId: string; signature: { signature: string } }[]
    }
    expect(panel.expertBundles.map((e) => e.expertKeyId)).toEqual(experts.map((e) => e.keyId))
    // every expert's bundle travels inside, byte for byte, and still verifies on its own
    expect(v.evidence.size).toBe(3)
    for (const [i, b] of bundles.entries()) {
      const expertBytes = new Uint8Array(Buffer.from(b.contentBase64, 'base64'))
      const inner = [...v.evidence.values()].find((x) => Buffer.from(x).equals(expertBytes))
      expect(inner, `expert ${i} bundle carried`).toBeDefined()
      const iv = verifyBundleBytes(inner!)
      expect(iv.ok && iv.signature.signature).toBe(panel.expertBundles[i]!.signature.signature)
    }
    expect(v.manifest.assessment['scenes']).toMatchObject({ SC03: 3, SC06: 2 })
    // signed: no more changes
    expect(
      await err(lead.b, 'panel.decide', { panelId, itemId: 'SC06', value: 2, reason: 'x' }),
    ).toMatchObject({ code: 'CONFLICT' })
    expect(await ok(lead.b, 'panel.verify', { panelId })).toEqual({ ok: true, problems: [] })

    expect(await err(lead.b, 'panel.report', { panelId })).toMatchObject({
      field: 'investmentFen',
    })
    const r = await ok(lead.b, 'panel.report', {
      panelId,
      investmentFen: 50_000_000,
      issuedOn: '2026-11-27',
    })
    expect(r.level).toBe(2)
    expect(r.fileName).toMatch(/-YS-20261127-[0-9A-F]{8}\.pdf$/)
    // without issuedOn the report is dated today on the device's clock (local date, not UTC)
    const dated = await onAnotherDayThanUtc(() =>
      ok(lead.b, 'panel.report', { panelId, investmentFen: 50_000_000 }),
    )
    const printed = /-YS-(\d{4})(\d{2})(\d{2})-[0-9A-F]{8}\.pdf$/.exec(dated.value.fileName)
    expect(dated.days).toContain(printed?.slice(1).join('-'))
    // a bad date reaching the report builder is VALIDATION naming the field
    await expect(
      lead.b.services['panel.report']({
        panelId,
        investmentFen: 50_000_000,
        issuedOn: '2026/11/27',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'issuedOn' })
    const pdf = Buffer.from(r.pdfBase64, 'base64')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const text = runTool('pdftotext', ['-layout', '-', '-'], pdf).stdout.replace(/\s+/g, ' ')
    for (const n of [...NAMES, '赵组长']) expect(text).toContain(n)
    expect(text).toContain('二级')
    expect(text).toContain('组长裁定')
    expect(text).toContain('现场复核')
    // DL_PANEL_PDF=<path> keeps the PDF for a look
    if (process.env.DL_PANEL_PDF) writeFileSync(process.env.DL_PANEL_PDF, pdf)
  }, 60_000)

  it('a changed byte in an expert bundle is refused; a swapped stored scoring is named', async () => {
    const b = bundles[0]!
    const len = Buffer.from(b.contentBase64, 'base64').length
    for (const at of [10, Math.floor(len / 2), len - 30]) {
      const e = await err(lead.b, 'panel.importScoring', {
        panelId,
        fileName: b.fileName,
        contentBase64: flipByte(b.contentBase64, at),
      })
      expect(e.code).toBe('VALIDATION')
      expect(e.message).toContain('验证未通过')
    }
    // expert 张三 signs a different scoring (SC01 三级) — valid signature, but not the one the
    // lead consolidated; put it in place of the stored bundle behind the service's back
    const changed = await scoreAndSign(experts[0]!, '张三', BASE_ANSWERS, {
      ...BASE_SCENES,
      SC01: 3,
    })
    await lead.b.db
      .updateTable('panelScorings' as never)
      .set({ bundle: Buffer.from(changed.contentBase64, 'base64') } as never)
      .where('expertKeyId' as never, '=', experts[0]!.keyId as never)
      .execute()
    const v = await ok(lead.b, 'panel.verify', { panelId })
    expect(v.ok).toBe(false)
    expect(v.problems).toContain('专家 张三 的签名包与导入时不同')
    expect(v.problems.some((p) => p.includes('张三') && p.includes('评分在合议后被改动'))).toBe(
      true,
    )
    // the same, straight from the stored record
    const row = await lead.b.db
      .selectFrom('panelReviews' as never)
      .select('recordJson' as never)
      .executeTakeFirstOrThrow()
    const record = JSON.parse((row as { recordJson: string }).recordJson) as PanelRecord
    const scorings = [
      {
        expertKeyId: experts[0]!.keyId,
        answers: BASE_ANSWERS,
        scenes: { ...BASE_SCENES, SC01: 3 },
      },
      { expertKeyId: experts[1]!.keyId, answers: BASE_ANSWERS, scenes: BASE_SCENES },
      {
        expertKeyId: experts[2]!.keyId,
        answers: BASE_ANSWERS,
        scenes: { ...BASE_SCENES, SC03: 4, SC06: 0 },
      },
    ] as const
    const problems = verifyPanelRecord(MIIT_2024, MIIT_2024_DEFAULT, record, [...scorings])
    expect(problems).toEqual([
      `专家 张三（${experts[0]!.keyId}） 的评分与合议记录不符：评分在合议后被改动`,
    ])
    const original = [{ ...scorings[0], scenes: BASE_SCENES }, scorings[1], scorings[2]]
    expect(verifyPanelRecord(MIIT_2024, MIIT_2024_DEFAULT, record, original)).toEqual([])

    // one flipped byte in the stored bundle: panel.verify names the expert and what failed
    await lead.b.db
      .updateTable('panelScorings' as never)
      .set({ bundle: Buffer.from(flipByte(b.contentBase64, 200), 'base64') } as never)
      .where('expertKeyId' as never, '=', experts[0]!.keyId as never)
      .execute()
    const v2 = await ok(lead.b, 'panel.verify', { panelId })
    expect(v2.ok).toBe(false)
    expect(v2.problems[0]).toMatch(/^专家 张三 的签名包验证未通过：/)
    expect((await ok(lead.b, 'panel.get', { panelId })).experts[0]!.scoring).toBeNull()
  }, 60_000)

  it('recheck (复核): a signed bundle seeds a recheck assessment; the diff names the changes', async () => {
    const { value: r, days } = await onAnotherDayThanUtc(() =>
      ok(lead.b, 'recheck.import', bundles[2]!),
    )
    expect(r.signerKeyId).toBe(experts[2]!.keyId)
    // the recheck is dated today on the device's clock (local date, not UTC)
    const seeded = await ok(lead.b, 'assessments.get', { id: r.recheckAssessmentId })
    expect(days).toContain(seeded.assessment.assessedOn)
    const d0 = await ok(lead.b, 'recheck.diff', { recheckAssessmentId: r.recheckAssessmentId })
    expect(d0.diff.questionsChanged).toEqual([])
    expect(d0.diff.scenesChanged).toEqual([])
    await ok(lead.b, 'assessments.setScene', {
      assessmentId: r.recheckAssessmentId,
      sceneId: 'SC06',
      level: 2,
    })
    const d = await ok(lead.b, 'recheck.diff', { recheckAssessmentId: r.recheckAssessmentId })
    expect(d.diff.scenesChanged.map((s) => [s.id, s.before, s.after])).toEqual([['SC06', 0, 2]])
    expect(d.lines.join('\n')).toContain('SC06')
    expect(
      await err(lead.b, 'recheck.import', {
        fileName: 'x.dlbundle',
        contentBase64: flipByte(bundles[2]!.contentBase64, 40),
      }),
    ).toMatchObject({ code: 'VALIDATION' })
  }, 60_000)
})

describe('panel.sign cites the diagnosis every expert cites (issue 11 item 1)', () => {
  it('refuses when the experts compare against different signed diagnoses, naming panelId', async () => {
    const lead = await expertDevice('lead2')
    const a = await expertDevice('甲')
    const b = await expertDevice('乙')
    try {
      // each expert cites a diagnosis signed on their own device: two different bundles
      const files: { fileName: string; contentBase64: string }[] = []
      for (const [d, name] of [
        [a, '甲'],
        [b, '乙'],
      ] as const) {
        const diag = await signedDiagnosis(d.b, d.enterpriseId, '2026-11-10')
        files.push(
          await exportedAcceptance(d.b, {
            enterpriseId: d.enterpriseId,
            assessorName: name,
            assessedOn: '2026-11-25',
            scenes: BASE_SCENES,
            beforeBundleId: diag.bundleId,
          }),
        )
      }
      const p = await ok(lead.b, 'panel.create', {
        enterpriseId: lead.enterpriseId,
        lead: { name: '组长', agency: '鹤壁市中小企业服务中心', keyId: lead.keyId },
        experts: [
          { name: '甲', agency: '机构甲', keyId: a.keyId },
          { name: '乙', agency: '机构乙', keyId: b.keyId },
        ],
      })
      for (const f of files) await ok(lead.b, 'panel.importScoring', { panelId: p.id, ...f })
      expect((await ok(lead.b, 'panel.consolidate', { panelId: p.id })).status).toBe('consolidated')
      const e = await err(lead.b, 'panel.sign', { panelId: p.id })
      expect(e).toMatchObject({
        code: 'VALIDATION',
        field: 'panelId',
        message: '各专家所对照的诊断签名包不同，组长不能签名：请各专家以同一份诊断签名包签名打包',
      })
      expect((await ok(lead.b, 'bundles.list')).items).toEqual([])
    } finally {
      for (const d of [lead, a, b]) await d.b.cleanup()
    }
  }, 60_000)
})
