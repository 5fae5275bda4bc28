/**
 * Issue 14 item 4 against a real backend (SQLite in a temp dir): the assessor profile kept in the
 * database (defaults of new assessments, default report certificate), identity changes of an
 * enterprise with issued results (reason required, recorded, audited, printed in later reports),
 * and the phone / batch / county checks naming the field.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ok, recordCompleteAdvice } from '../advice/test-support'
import { dispatch } from '../dispatch'
import { createSelfIssued, exportP12 } from '../pdf/certificates'
import {
  SCENE_IDS,
  enterpriseInput,
  fullAnswers,
  fullEnterpriseInput,
  tempBackend,
  tempDir,
} from '../test-helpers'

const open: Array<{ cleanup: () => Promise<void> }> = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})

type B = Awaited<ReturnType<typeof tempBackend>>
async function backend(opts: Parameters<typeof tempBackend>[0] = {}): Promise<B> {
  const b = await tempBackend({ now: () => new Date('2026-11-20T08:00:00Z'), ...opts })
  open.push(b)
  return b
}

/** The wire error of a call that must fail. */
async function refused(b: B, method: string, input: unknown) {
  const w = await dispatch(b, method, input)
  if (w.ok) throw new Error(`${method} unexpectedly succeeded`)
  return w.error
}

async function completedDiagnosis(b: B, n = 11) {
  const s = b.services
  const ent = await s['enterprises.create']({
    ...fullEnterpriseInput(n, { name: '鹤壁身份变更电器有限公司', batch: 1 }),
  })
  const a = await s['assessments.create']({
    enterpriseId: ent.id,
    kind: 'diagnosis',
    assessorName: '张三',
    assessedOn: '2026-11-20',
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await s['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await s['assessments.setScene']({ assessmentId: id, sceneId: sc, level: 2 })
  // a formal 诊断报告 needs a complete 诊断建议 (issue 13)
  await recordCompleteAdvice((m, input) => ok<{ missingFindings: string[] }>(b, m, input), id)
  await s['assessments.complete']({ id })
  return { ent, id }
}

describe('assessor profile', () => {
  it('is null at first, kept in the database across a restart, and fills new assessments', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const { createBackend } = await import('../create-backend')
      const first = await createBackend({ dataDir: dir, autoBackup: false })
      expect((await first.services['profile.get']({})).profile).toBeNull()
      await first.services['profile.set']({
        name: '王评测',
        agency: '鹤壁市某评测机构',
        certificate: 'keep',
      })
      await first.close()
      const again = await createBackend({ dataDir: dir, autoBackup: false })
      try {
        const p = (await again.services['profile.get']({})).profile
        expect(p).toMatchObject({ name: '王评测', agency: '鹤壁市某评测机构', certificate: null })
        const ent = await again.services['enterprises.create']({
          ...enterpriseInput(3),
          subIndustry: '',
          zjtx: 'none',
          batch: null,
          contact: '',
          phone: '',
          address: '',
        })
        const a = await dispatch(again, 'assessments.create', {
          enterpriseId: ent.id,
          kind: 'diagnosis',
        })
        if (!a.ok) throw new Error(a.error.message)
        const d = a.value as { assessment: { assessorName: string; assessorAgency: string } }
        expect(d.assessment.assessorName).toBe('王评测')
        expect(d.assessment.assessorAgency).toBe('鹤壁市某评测机构')
      } finally {
        await again.close()
      }
    } finally {
      cleanup()
    }
  })

  it('without a profile, a new assessment without a name is refused naming the field', async () => {
    const b = await backend()
    const ent = await b.services['enterprises.create']({
      ...enterpriseInput(4),
      subIndustry: '',
      zjtx: 'none',
      batch: null,
      contact: '',
      phone: '',
      address: '',
    })
    const e = await refused(b, 'assessments.create', { enterpriseId: ent.id, kind: 'diagnosis' })
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'assessorName' })
    expect(e.message).toContain('评测人员')
    expect(await refused(b, 'profile.set', { name: ' ', agency: '某机构' })).toMatchObject({
      field: 'name',
    })
  })

  it('keeps a default certificate (password checked, never stored) that signs reports', async () => {
    const b = await backend()
    const cred = await createSelfIssued({ commonName: '张三', organization: '鹤壁市某评测机构' })
    const p12Base64 = Buffer.from(exportP12(cred, '证书口令', '张三')).toString('base64')
    const wrong = await refused(b, 'profile.set', {
      name: '张三',
      agency: '鹤壁市某评测机构',
      certificate: { fileName: 'zhang.p12', p12Base64, password: 'x' },
    })
    expect(wrong).toMatchObject({ code: 'VALIDATION', field: 'certificate.password' })
    expect(wrong.message).toMatch(/^证书无法打开：证书密码不正确/)
    expect((await b.services['profile.get']({})).profile).toBeNull()

    const set = await b.services['profile.set']({
      name: '张三',
      agency: '鹤壁市某评测机构',
      certificate: { fileName: 'zhang.p12', p12Base64, password: '证书口令' },
    })
    expect(set.profile?.certificate?.subject).toContain('CN=张三')
    expect(set.profile?.certificate?.fileName).toBe('zhang.p12')
    // 'keep' leaves it; the stored row never holds the password
    await b.services['profile.set']({ name: '张三', agency: '鹤壁市另一机构', certificate: 'keep' })
    const row = await b.db.selectFrom('assessorProfile').selectAll().executeTakeFirstOrThrow()
    expect(row.agency).toBe('鹤壁市另一机构')
    expect(row.certSha256).toHaveLength(64)
    expect(JSON.stringify(row)).not.toContain('证书口令')

    const { id } = await completedDiagnosis(b)
    const r = await b.services['reports.render']({
      assessmentId: id,
      sign: { password: '证书口令' },
      pdf: true,
    })
    expect(r.signed).toBe(true)
    expect(r.signer).toContain('CN=张三')
    const bad = await refused(b, 'reports.render', { assessmentId: id, sign: { password: 'x' } })
    expect(bad).toMatchObject({ code: 'VALIDATION', field: 'sign.password' })

    await b.services['profile.set']({ name: '张三', agency: '鹤壁市另一机构', certificate: null })
    const none = await refused(b, 'reports.render', { assessmentId: id, sign: { password: 'x' } })
    expect(none).toMatchObject({ code: 'VALIDATION', field: 'sign.p12Base64' })
    expect(none.message).toContain('默认证书')
  })
})

describe('identity changes of an enterprise with issued results', () => {
  it('refuses a USCC/name/batch change without a reason, naming the field; nothing changes', async () => {
    const b = await backend()
    const { ent } = await completedDiagnosis(b)
    const e = await refused(b, 'enterprises.update', {
      id: ent.id,
      patch: { uscc: enterpriseInput(12).uscc },
    })
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'reason' })
    expect(e.message).toMatch(/^修改统一社会信用代码须填写修改原因/)
    const both = await refused(b, 'enterprises.update', {
      id: ent.id,
      patch: { name: '鹤壁新名电器有限公司', batch: 2 },
      reason: '  ',
    })
    expect(both.message).toMatch(/^修改企业名称、试点批次须填写修改原因/)
    expect((await b.services['enterprises.get']({ id: ent.id })).uscc).toBe(ent.uscc)
    expect((await b.services['enterprises.identityChanges']({ id: ent.id })).items).toEqual([])
    // other fields still change freely
    await b.services['enterprises.update']({ id: ent.id, patch: { contact: '李四' } })
  })

  it('with a reason: recorded, audited, and printed in a later report', async () => {
    const b = await backend()
    const { ent, id } = await completedDiagnosis(b)
    const newUscc = enterpriseInput(12).uscc
    await b.services['enterprises.update']({
      id: ent.id,
      patch: { uscc: newUscc, name: '鹤壁新名电器有限公司' },
      reason: '工商变更登记',
    })
    const h = await b.services['enterprises.identityChanges']({ id: ent.id })
    expect(h.reasonRequired).toBe(true)
    expect(h.items.map((c) => [c.field, c.from, c.to, c.reason])).toEqual([
      ['uscc', ent.uscc, newUscc, '工商变更登记'],
      ['name', '鹤壁身份变更电器有限公司', '鹤壁新名电器有限公司', '工商变更登记'],
    ])
    const audit = await b.services['audit.list']({
      entity: 'enterprise',
      entityId: ent.id,
      limit: 100,
    })
    const last = audit.items.find((a) => a.action === 'enterprise.update')
    expect(JSON.stringify(last?.detail)).toContain('工商变更登记')

    const r = await b.services['reports.render']({ assessmentId: id, pdf: false })
    const rows = r.model.enterprise
    const at = (label: string) => rows.findIndex((x) => x.label === label)
    expect(rows[at('企业名称')]?.value).toBe('鹤壁新名电器有限公司')
    expect(at('曾用名')).toBe(at('企业名称') + 1)
    expect(rows[at('曾用名')]?.value).toBe(
      '鹤壁身份变更电器有限公司（2026-11-20 更名为 鹤壁新名电器有限公司；原因：工商变更登记）',
    )
    expect(rows[at('统一社会信用代码变更')]?.value).toBe(
      `原 ${ent.uscc} → 现 ${newUscc}（2026-11-20；原因：工商变更登记）`,
    )
    // the identity table is append-only
    await expect(b.db.deleteFrom('enterpriseIdentityChanges').execute()).rejects.toThrow(
      /append-only/,
    )
  })

  it('an enterprise without issued results changes without a reason (still recorded)', async () => {
    const b = await backend()
    const ent = await b.services['enterprises.create']({
      ...enterpriseInput(21),
      subIndustry: '',
      zjtx: 'none',
      batch: null,
      contact: '',
      phone: '',
      address: '',
    })
    await b.services['enterprises.update']({ id: ent.id, patch: { name: '鹤壁改名前公司' } })
    const h = await b.services['enterprises.identityChanges']({ id: ent.id })
    expect(h.reasonRequired).toBe(false)
    expect(h.items).toHaveLength(1)
    expect(h.items[0]?.reason).toBe('')
  })
})

describe('enterprise field checks name the field', () => {
  const base = (over: Record<string, unknown>) => ({ ...enterpriseInput(31), ...over })
  it.each([
    [{ phone: 'abc' }, 'phone', /^电话「abc」格式不正确/],
    [{ batch: 4 }, 'batch', /试点批次应为 1、2 或 3/],
    [{ county: '安阳县' }, 'county', /县区「安阳县」不在鹤壁市的县区列表中/],
  ])('%o → %s', async (over, field, message) => {
    const b = await backend()
    const e = await refused(b, 'enterprises.create', base(over))
    expect(e).toMatchObject({ code: 'VALIDATION', field })
    expect(e.message).toMatch(message)
    expect((await b.services['enterprises.list']({ limit: 10, offset: 0 })).total).toBe(0)
  })

  it('batch 4 in an update is refused, not clamped', async () => {
    const b = await backend()
    const ent = await b.services['enterprises.create']({
      ...base({}),
      subIndustry: '',
      zjtx: 'none',
      batch: 3,
      contact: '',
      phone: '13912345678',
      address: '',
    })
    expect(
      await refused(b, 'enterprises.update', { id: ent.id, patch: { batch: 4 } }),
    ).toMatchObject({ field: 'patch.batch' })
    expect((await b.services['enterprises.get']({ id: ent.id })).batch).toBe(3)
  })
})
