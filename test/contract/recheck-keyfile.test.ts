/**
 * Issue 14 item 6 through dispatch on real SQLite files: one recheck per bundle (the same bundle
 * imported again opens the recheck made before), the recheck list, the signed original's notes
 * and evidence read back from the stored bundle, the register still offering 验收 after a
 * recheck (the latest diagnosis/acceptance is not hidden by it), and experts' public keys added
 * from a key file by name (card with holder, bare PEM with a name; a changed or private file
 * refused in plain Chinese).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type Output, type Wire } from '../../shared/contract/api'
import { dispatch } from '../../electron/backend/dispatch'
import {
  SCENE_IDS,
  enterpriseInput,
  fullAnswers,
  tempBackend,
} from '../../electron/backend/test-helpers'

type B = Awaited<ReturnType<typeof tempBackend>>

async function ok<M extends keyof typeof api>(b: B, method: M, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (!w.ok) throw new Error(`${method} failed: ${w.error.code} ${w.error.message}`)
  const parsed = api[method].output.safeParse(w.value)
  if (!parsed.success) throw new Error(`${method} output: ${parsed.error.message}`)
  return w.value as Output<M>
}
async function err(b: B, method: string, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (w.ok) throw new Error(`${method} should have failed`)
  return w.error
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const ENTERPRISE = enterpriseInput(81, { name: '鹤壁一次复核电子有限公司', batch: 1 })
const b64 = (s: string) => Buffer.from(s).toString('base64')

async function completedDiagnosis(b: B, assessorName: string, note?: string) {
  const ent = await ok(b, 'enterprises.create', ENTERPRISE)
  const a = await ok(b, 'assessments.create', {
    enterpriseId: ent.id,
    kind: 'diagnosis',
    assessorName,
    assessedOn: '2026-11-20',
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await ok(b, 'assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await ok(b, 'assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
  if (note) {
    await ok(b, 'assessments.setNote', { assessmentId: id, itemId: 'Q01', note })
    await ok(b, 'evidence.add', {
      assessmentId: id,
      itemId: 'Q01',
      fileName: '网络拓扑.png',
      contentBase64: PNG.toString('base64'),
    })
  }
  await ok(b, 'assessments.complete', { id })
  return { ent, id }
}

describe('recheck once per bundle, the original beside it, experts from key files', () => {
  let assessor: B
  let reviewer: B
  let bundle: { fileName: string; contentBase64: string }
  let assessorKeyId = ''
  let card = ''

  beforeAll(async () => {
    assessor = await tempBackend()
    assessorKeyId = (await ok(assessor, 'keys.create', { passphrase: 'assessor passphrase' })).key!
      .keyId
    await ok(assessor, 'profile.set', { name: '张评测', agency: '鹤壁市某评测机构' })
    const { id } = await completedDiagnosis(assessor, '张评测', '机房有环网交换机，见拓扑图')
    const b = await ok(assessor, 'bundles.create', { assessmentId: id, enqueue: false })
    bundle = await ok(assessor, 'bundles.export', { bundleId: b.bundleId })
    card = (await ok(assessor, 'keys.exportCard')).content

    reviewer = await tempBackend()
    await ok(reviewer, 'profile.set', { name: '李复核', agency: '鹤壁市复核机构' })
    await completedDiagnosis(reviewer, '李复核')
  }, 120_000)
  afterAll(async () => {
    await assessor?.cleanup()
    await reviewer?.cleanup()
  })

  it('imports a bundle once: the second import returns the same recheck, nothing new', async () => {
    const first = await ok(reviewer, 'recheck.import', bundle)
    expect(first.existing).toBe(false)
    const again = await ok(reviewer, 'recheck.import', { ...bundle, fileName: '副本.dlbundle' })
    expect(again).toEqual({ ...first, existing: true })
    const rechecks = (await ok(reviewer, 'assessments.list', {})).items.filter(
      (a) => a.kind === 'recheck',
    )
    expect(rechecks.map((a) => a.id)).toEqual([first.recheckAssessmentId])
    const seeded = await ok(reviewer, 'assessments.get', { id: first.recheckAssessmentId })
    expect(seeded.assessment).toMatchObject({
      assessorName: '李复核',
      assessorAgency: '鹤壁市复核机构',
    })
  })

  it('lists the rechecks and shows the original notes and evidence read-only', async () => {
    const list = await ok(reviewer, 'recheck.list')
    expect(list.items).toHaveLength(1)
    const r = list.items[0]!
    expect(r).toMatchObject({
      enterpriseName: '鹤壁一次复核电子有限公司',
      status: 'draft',
      original: {
        kind: 'diagnosis',
        assessorName: '张评测',
        assessedOn: '2026-11-20',
        signerName: null,
      },
    })
    const o = await ok(reviewer, 'recheck.original', { recheckAssessmentId: r.recheckAssessmentId })
    const q01 = o.items.find((i) => i.itemId === 'Q01')
    expect(q01).toMatchObject({
      note: '机房有环网交换机，见拓扑图',
      evidence: [{ name: '网络拓扑.png' }],
    })
    expect(o.items.find((i) => i.itemId === 'SC01')?.value).toBe('二级')
    const file = await ok(reviewer, 'recheck.originalEvidence', {
      recheckAssessmentId: r.recheckAssessmentId,
      sha256: q01!.evidence[0]!.sha256,
    })
    expect(Buffer.from(file.contentBase64, 'base64').equals(PNG)).toBe(true)
    expect(file.mime).toBe('image/png')
    expect(
      await err(reviewer, 'recheck.originalEvidence', {
        recheckAssessmentId: r.recheckAssessmentId,
        sha256: '0'.repeat(64),
      }),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'sha256' })
  })

  it('the register keeps the diagnosis as the latest: 验收 and 专家组合议 stay offered', async () => {
    const e = (await ok(reviewer, 'enterprises.list', {})).items[0]!
    expect(e.latestAssessment).toMatchObject({ kind: 'diagnosis', status: 'completed' })
  })

  it('adds an expert from a public-key card by name; the recheck list then names the signer', async () => {
    const r = await ok(reviewer, 'keyRegistry.importFile', {
      fileName: '公钥-张评测.json',
      contentBase64: b64(card),
    })
    expect(r).toMatchObject({
      status: 'stored',
      key: { keyId: assessorKeyId, name: '张评测', agency: '鹤壁市某评测机构', source: 'file' },
    })
    expect((await ok(reviewer, 'recheck.list')).items[0]?.original.signerName).toBe('张评测')
    // the same card again: known, name kept current
    expect(
      (
        await ok(reviewer, 'keyRegistry.importFile', {
          fileName: 'x.json',
          contentBase64: b64(card),
        })
      ).status,
    ).toBe('updated')
  })

  it('a bare PEM needs a name; a changed card or a private key file is refused in plain Chinese', async () => {
    const pem = (JSON.parse(card) as { publicKeyPem: string }).publicKeyPem
    const noName = await err(reviewer, 'keyRegistry.importFile', {
      fileName: 'expert.pem',
      contentBase64: b64(pem),
    })
    expect(noName).toMatchObject({ code: 'VALIDATION', field: 'name' })
    expect(noName.message).toMatch(/^这个公钥文件没有写明持有人：请填写专家姓名/)
    const named = await ok(reviewer, 'keyRegistry.importFile', {
      fileName: 'expert.pem',
      contentBase64: b64(pem),
      name: '张评测（PEM）',
      agency: '鹤壁市某评测机构',
    })
    expect(named.key.keyId).toBe(assessorKeyId)

    const changed = JSON.stringify({ ...JSON.parse(card), keyId: 'a'.repeat(64) })
    const e1 = await err(reviewer, 'keyRegistry.importFile', {
      fileName: 'changed.json',
      contentBase64: b64(changed),
    })
    expect(e1).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })
    expect(e1.message).toMatch(/^公钥文件中的密钥编号与公钥不符/)
    const e2 = await err(reviewer, 'keyRegistry.importFile', {
      fileName: 'assessor-key.json',
      contentBase64: b64(JSON.stringify({ format: 'sme-dl-assessor-key/v1', keyId: 'x' })),
    })
    expect(e2.message).toMatch(/^这是含私钥的密钥文件，不应交给他人/)
    const e3 = await err(reviewer, 'keyRegistry.importFile', {
      fileName: 'notes.txt',
      contentBase64: b64('hello'),
    })
    expect(e3.message).toMatch(/^不是公钥文件/)
    // nothing of the refused files was kept
    expect((await ok(reviewer, 'keyRegistry.list')).items).toHaveLength(1)
  })
})
