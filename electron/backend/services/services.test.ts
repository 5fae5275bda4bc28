import { spawn } from 'node:child_process'
import { bundledScript } from '../../../test/support/node-script'
import { afterEach, describe, expect, it } from 'vitest'
import { AppException } from '../../../shared/contract/errors'
import { createBackend, type Backend } from '../create-backend'
import { markAssessmentSigned } from './assessments.service'
import {
  enterpriseInput,
  fullEnterpriseInput,
  fullAnswers,
  makeUscc,
  QUESTION_IDS,
  SCENE_IDS,
  tempBackend,
  tempDir,
} from '../test-helpers'

const open: Array<{ cleanup: () => Promise<void> }> = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})
async function backend(opts = {}) {
  const b = await tempBackend(opts)
  open.push(b)
  return b
}

async function expectCode(
  p: Promise<unknown>,
  code: string,
  field?: string,
): Promise<AppException> {
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

async function draft(b: Backend, n = 1, kind: 'diagnosis' | 'acceptance' = 'diagnosis') {
  const s = b.services
  let ent = (await s['enterprises.list']({ search: makeUscc(n), limit: 10, offset: 0 })).items[0]
  if (!ent)
    ent = {
      ...(await s['enterprises.create']({
        ...fullEnterpriseInput(n),
      })),
      assessmentCount: 0,
      latestAssessment: null,
    }
  const d = await s['assessments.create']({
    enterpriseId: ent.id,
    kind,
    assessorName: '王评测',
    assessorAgency: '河南某评测机构',
    assessedOn: '2026-11-20',
  })
  return { enterpriseId: ent.id, id: d.assessment.id }
}

async function answerAll(b: Backend, id: string, sceneLevel = 2) {
  for (const [q, sel] of Object.entries(fullAnswers()))
    await b.services['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await b.services['assessments.setScene']({
      assessmentId: id,
      sceneId: sc,
      level: sceneLevel as 2,
    })
}

describe('enterprises service', () => {
  it('creates, validates the USCC check character, refuses duplicates, updates, filters', async () => {
    const b = await backend()
    const s = b.services
    const base = {
      subIndustry: '电线电缆',
      zjtx: 'provincial' as const,
      batch: 2,
      contact: '赵',
      phone: '0392-1',
      address: '鹤壁',
    }
    const e = await s['enterprises.create']({ ...enterpriseInput(1), ...base })
    expect(e).toMatchObject({ uscc: makeUscc(1), zjtx: 'provincial', batch: 2 })
    const bad = makeUscc(2).slice(0, 17) + (makeUscc(2).endsWith('0') ? '1' : '0')
    const ve = await expectCode(
      s['enterprises.create']({ ...enterpriseInput(2), ...base, uscc: bad }),
      'VALIDATION',
      'uscc',
    )
    expect(ve.message).toMatch(/校验位/)
    const ce = await expectCode(
      s['enterprises.create']({ ...enterpriseInput(1), ...base }),
      'CONFLICT',
      'uscc',
    )
    expect(ce.message).toContain('已存在')
    const e2 = await s['enterprises.create']({
      ...enterpriseInput(2),
      ...base,
      county: '浚县',
      batch: 1,
    })
    await expectCode(
      s['enterprises.update']({ id: e2.id, patch: { uscc: makeUscc(1) } }),
      'CONFLICT',
      'uscc',
    )
    const u = await s['enterprises.update']({
      id: e2.id,
      patch: { name: '浚县食品厂', industry: 'green_food' },
    })
    expect(u.name).toBe('浚县食品厂')
    expect(u.uscc).toBe(makeUscc(2))
    await expectCode(s['enterprises.get']({ id: 'nope' }), 'NOT_FOUND')
    const q = (x: object) => s['enterprises.list']({ limit: 100, offset: 0, ...x })
    expect((await q({})).total).toBe(2)
    expect((await q({ county: '浚县' })).items.map((i) => i.name)).toEqual(['浚县食品厂'])
    expect((await q({ industry: 'green_food' })).total).toBe(1)
    expect((await q({ batch: 2 })).total).toBe(1)
    expect((await q({ zjtx: 'provincial' })).total).toBe(2)
    expect((await q({ search: '食品' })).total).toBe(1)
    expect((await q({ assessmentStatus: 'none' })).total).toBe(2)
    await s['assessments.create']({
      enterpriseId: e.id,
      kind: 'diagnosis',
      assessorName: 'x',
      assessorAgency: '',
      assessedOn: null,
    })
    expect((await q({ assessmentStatus: 'draft' })).items.map((i) => i.id)).toEqual([e.id])
    const audit = await s['audit.list']({ limit: 100 })
    expect(audit.items.map((a) => a.action)).toEqual([
      'assessment.create',
      'enterprise.update',
      'enterprise.create',
      'enterprise.create',
    ])
  })
})

describe('assessments service', () => {
  it('creates a draft pinned to MIIT-2024 + hash, saves answers with a live result, notes, survey', async () => {
    const b = await backend()
    const { id } = await draft(b)
    const s = b.services
    const d = await s['assessments.get']({ id })
    expect(d.assessment).toMatchObject({
      status: 'draft',
      catalogueId: 'MIIT-2024',
      ruleProfileId: 'MIIT-2024-default',
      version: 1,
    })
    expect(d.assessment.catalogueHash).toMatch(/^[0-9a-f]{64}$/)
    expect(d.result.total).toBe(0)
    const first = QUESTION_IDS[0] ?? 'Q01'
    const sel = fullAnswers()[first] ?? null
    const r = await s['assessments.setAnswer']({
      assessmentId: id,
      questionId: first,
      selected: sel,
    })
    expect(r.answer.selected).toEqual(sel)
    expect(r.result.total).toBeGreaterThan(0)
    const err = await expectCode(
      s['assessments.setAnswer']({ assessmentId: id, questionId: first, selected: 'ZZ' }),
      'VALIDATION',
      'selected',
    )
    expect(err.message).toContain(first)
    await expectCode(
      s['assessments.setAnswer']({ assessmentId: id, questionId: 'Q99', selected: 'A' }),
      'VALIDATION',
      'questionId',
    )
    await expectCode(
      s['assessments.setAnswer']({ assessmentId: 'nope', questionId: 'Q01', selected: null }),
      'NOT_FOUND',
      'assessmentId',
    )
    // the rejected answer did not change the saved one
    expect((await s['assessments.get']({ id })).answers[first]?.selected).toEqual(sel)

    const q = await s['assessments.setNote']({
      assessmentId: id,
      itemId: 'Q02',
      note: '台账齐全',
      fields: { f2: 120, f3: 80 },
    })
    expect(q).toMatchObject({ note: '台账齐全', fields: { f2: 120, f3: 80 } })
    const q2 = await s['assessments.setNote']({
      assessmentId: id,
      itemId: 'Q02',
      fields: { f3: null, f1: '约 120 台' },
    })
    expect(q2).toEqual({
      itemId: 'Q02',
      note: '台账齐全',
      fields: { f2: 120, f1: '约 120 台' },
      updatedAt: expect.any(String),
    })
    await expectCode(
      s['assessments.setNote']({ assessmentId: id, itemId: 'Q02', fields: { f2: '很多' } }),
      'VALIDATION',
      'fields.f2',
    )
    await expectCode(
      s['assessments.setNote']({ assessmentId: id, itemId: 'Q02', fields: { f9: 1 } }),
      'VALIDATION',
      'fields.f9',
    )
    await expectCode(
      s['assessments.setNote']({ assessmentId: id, itemId: 'SC01', fields: { f1: 1 } }),
      'VALIDATION',
      'fields',
    )
    await s['assessments.setNote']({ assessmentId: id, itemId: 'SC05', note: '未见系统' })
    const sc = await s['assessments.setScene']({ assessmentId: id, sceneId: 'SC05', level: 3 })
    expect(sc.scene).toMatchObject({ level: 3, note: '未见系统' })
    expect(sc.result.scenes.judged).toBe(1)
    const cleared = await s['assessments.setScene']({
      assessmentId: id,
      sceneId: 'SC05',
      level: null,
    })
    expect(cleared.result.scenes.judged).toBe(0)

    const survey = {
      date: '2026-11-20',
      people: [{ name: '王评测', agency: '评测机构', role: '组长', contact: '138' }],
      observations: '车间 3 个，MES 在建',
    }
    await s['assessments.updateSurvey']({ assessmentId: id, survey })
    await s['assessments.updateInfo']({ id, assessorName: '王二' })
    const after = await s['assessments.get']({ id })
    expect(after.assessment.survey).toEqual(survey)
    expect(after.assessment.assessorName).toBe('王二')
    expect(after.answers.Q02).toMatchObject({ selected: null, note: '台账齐全' })
  })

  it('complete refuses listing unanswered items; completed is READ_ONLY for every write', async () => {
    const b = await backend()
    const { id } = await draft(b)
    const s = b.services
    await s['assessments.setAnswer']({
      assessmentId: id,
      questionId: 'Q01',
      selected: fullAnswers().Q01 ?? null,
    })
    const e = await expectCode(s['assessments.complete']({ id }), 'VALIDATION', 'unanswered')
    expect(e.message).toContain('Q02')
    expect(e.message).toContain('SC16')
    await answerAll(b, id, 4)
    const done = await s['assessments.complete']({ id })
    expect(done.assessment.status).toBe('completed')
    expect(done.assessment.completedAt).not.toBeNull()
    expect(done.result.provisional).toBe(false)
    expect(done.result.level).toBe(4)
    const writes: Array<Promise<unknown>> = [
      s['assessments.setAnswer']({ assessmentId: id, questionId: 'Q01', selected: null }),
      s['assessments.setScene']({ assessmentId: id, sceneId: 'SC01', level: 0 }),
      s['assessments.setNote']({ assessmentId: id, itemId: 'Q01', note: 'x' }),
      s['assessments.updateSurvey']({
        assessmentId: id,
        survey: { date: null, people: [], observations: '' },
      }),
      s['assessments.updateInfo']({ id, assessorName: 'x' }),
      s['assessments.complete']({ id }),
      s['evidence.add']({
        assessmentId: id,
        itemId: 'Q01',
        fileName: 'a.txt',
        contentBase64: 'aGVsbG8=',
      }),
    ]
    for (const w of writes) {
      const err = await expectCode(w, 'READ_ONLY')
      expect(err.message).toMatch(/只读/)
    }
    expect((await s['assessments.get']({ id })).result.total).toBe(100)
  })

  it('correct creates a new draft version naming supersedes + reason, copying answers; old one unchanged', async () => {
    const b = await backend()
    const { id, enterpriseId } = await draft(b)
    const s = b.services
    await answerAll(b, id, 2)
    await s['evidence.add']({
      assessmentId: id,
      itemId: 'Q01',
      fileName: 'p.txt',
      contentBase64: Buffer.from('证据').toString('base64'),
    })
    await expectCode(s['assessments.correct']({ id, reason: '草稿无需更正' }), 'CONFLICT', 'id')
    await s['assessments.complete']({ id })
    const v2 = await s['assessments.correct']({ id, reason: 'Q03 选项录入错误' })
    expect(v2.assessment).toMatchObject({
      status: 'draft',
      version: 2,
      supersedes: id,
      supersedeReason: 'Q03 选项录入错误',
    })
    expect(Object.keys(v2.answers).sort()).toEqual([...QUESTION_IDS].sort())
    expect(Object.keys(v2.scenes).length).toBe(16)
    expect(v2.evidence.length).toBe(1)
    expect(v2.result.total).toBe(100)
    await expectCode(s['assessments.correct']({ id, reason: '再来一次' }), 'CONFLICT', 'id')
    await s['assessments.setScene']({ assessmentId: v2.assessment.id, sceneId: 'SC01', level: 0 })
    const old = await s['assessments.get']({ id })
    expect(old.assessment.supersededBy).toBe(v2.assessment.id)
    expect(old.scenes.SC01?.level).toBe(2)
    const listed = await s['assessments.list']({ enterpriseId, includeSuperseded: false })
    expect(listed.items.map((i) => i.id)).toEqual([v2.assessment.id])
    const all = await s['assessments.list']({ enterpriseId, includeSuperseded: true })
    expect(all.items.length).toBe(2)
  })

  it('markAssessmentSigned: completed → signed, audited; a signed one is immutable, correctable', async () => {
    const b = await backend()
    const { id } = await draft(b)
    await expectCode(markAssessmentSigned(b.ctx, id), 'VALIDATION', 'assessmentId')
    await answerAll(b, id, 1)
    await b.services['assessments.complete']({ id })
    await markAssessmentSigned(b.ctx, id, { keyId: 'ed25519:abc' })
    const d = await b.services['assessments.get']({ id })
    expect(d.assessment.status).toBe('signed')
    await expectCode(markAssessmentSigned(b.ctx, id), 'READ_ONLY')
    await expectCode(
      b.services['assessments.setScene']({ assessmentId: id, sceneId: 'SC01', level: 2 }),
      'READ_ONLY',
    )
    const audit = await b.services['audit.list']({ entityId: id, limit: 5 })
    expect(audit.items[0]).toMatchObject({
      action: 'assessment.sign',
      detail: { keyId: 'ed25519:abc' },
    })
    const v2 = await b.services['assessments.correct']({ id, reason: '签名后发现错误' })
    expect(v2.assessment).toMatchObject({ status: 'draft', supersedes: id, version: 2 })
  })

  it('compare: latest diagnosis vs latest acceptance with deltas and moved scenes', async () => {
    const b = await backend()
    const s = b.services
    const diag = await draft(b, 7, 'diagnosis')
    let c = await s['assessments.compare']({ enterpriseId: diag.enterpriseId })
    expect(c.acceptance).toBeNull()
    expect(c.delta).toBeNull()
    for (const sc of SCENE_IDS)
      await s['assessments.setScene']({ assessmentId: diag.id, sceneId: sc, level: 1 })
    await s['assessments.setAnswer']({
      assessmentId: diag.id,
      questionId: 'Q01',
      selected: fullAnswers().Q01 ?? null,
    })
    const acc = await draft(b, 7, 'acceptance')
    await answerAll(b, acc.id, 1)
    await s['assessments.setScene']({ assessmentId: acc.id, sceneId: 'SC03', level: 3 })
    c = await s['assessments.compare']({ enterpriseId: diag.enterpriseId })
    expect(c.diagnosis?.assessmentId).toBe(diag.id)
    expect(c.acceptance?.assessmentId).toBe(acc.id)
    expect(c.delta?.total).toBeCloseTo(100 - (c.diagnosis?.total ?? 0), 6)
    expect(c.delta?.level).toBe((c.acceptance?.level ?? 0) - (c.diagnosis?.level ?? 0))
    expect(c.scenesMoved).toEqual([
      { sceneId: 'SC03', name: expect.any(String), before: 1, after: 3 },
    ])
    await expectCode(
      s['assessments.compare']({ enterpriseId: 'nope' }),
      'NOT_FOUND',
      'enterpriseId',
    )
  })

  it('concurrent saves (as a fast typist produces) are all committed, none lost', async () => {
    const b = await backend()
    const { id } = await draft(b)
    const answers = Object.entries(fullAnswers())
    const results = await Promise.allSettled([
      ...answers.map(([q, sel]) =>
        b.services['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel }),
      ),
      ...SCENE_IDS.map((sc) =>
        b.services['assessments.setScene']({ assessmentId: id, sceneId: sc, level: 3 }),
      ),
      ...SCENE_IDS.map((sc) =>
        b.services['assessments.setNote']({ assessmentId: id, itemId: sc, note: `备注 ${sc}` }),
      ),
    ])
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const d = await b.services['assessments.get']({ id })
    expect(d.result.provisional).toBe(false)
    expect(d.result.total).toBe(100)
    expect(Object.values(d.scenes).map((x) => [x.level, x.note])).toEqual(
      SCENE_IDS.map((sc) => [3, `备注 ${sc}`]),
    )
  })

  it('events fire only after commit', async () => {
    const b = await backend()
    const { id } = await draft(b)
    const got: string[] = []
    b.on('assessment.saved', (p) => got.push(p.assessmentId))
    await b.services['assessments.setScene']({ assessmentId: id, sceneId: 'SC01', level: 1 })
    expect(got).toEqual([id])
    await expect(
      b.services['assessments.setScene']({ assessmentId: 'nope', sceneId: 'SC01', level: 1 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(got).toEqual([id])
  })

  it('reopen: answers saved, backend closed, reopened — all there', async () => {
    const t = tempDir()
    try {
      const b1 = await createBackend({ dataDir: t.dir })
      const { id } = await draft(b1)
      await answerAll(b1, id, 3)
      await b1.services['assessments.setNote']({
        assessmentId: id,
        itemId: 'Q05',
        note: '重启前的备注',
      })
      const before = await b1.services['assessments.get']({ id })
      await b1.close()
      const b2 = await createBackend({ dataDir: t.dir })
      const after = await b2.services['assessments.get']({ id })
      expect(after.answers).toEqual(before.answers)
      expect(after.scenes).toEqual(before.scenes)
      expect(after.result).toEqual(before.result)
      expect(after.answers.Q05?.note).toBe('重启前的备注')
      await b2.close()
    } finally {
      t.cleanup()
    }
  })

  it('a save acknowledged before a hard kill (SIGKILL) is there after reopening', async () => {
    const t = tempDir()
    try {
      const writer = await bundledScript('electron/backend/services/fixtures/ack-writer.ts')
      const child = spawn(process.execPath, [writer, t.dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      let id = ''
      let lastAck = -1
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject)
        child.on('exit', () => resolve())
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          id = /id (\S+)/.exec(out)?.[1] ?? id
          const acks = [...out.matchAll(/ack (\d+)/g)]
          lastAck = Number(acks[acks.length - 1]?.[1] ?? -1)
          if (lastAck >= 200) child.kill('SIGKILL')
        })
      })
      expect(child.signalCode).toBe('SIGKILL')
      expect(lastAck).toBeGreaterThanOrEqual(200)
      const b = await createBackend({ dataDir: t.dir })
      const d = await b.services['assessments.get']({ id })
      const saved = Number(/save (\d+)/.exec(d.scenes.SC01?.note ?? '')?.[1] ?? -1)
      // every acknowledged save survived (one more may have committed before its ack was read)
      expect(saved).toBeGreaterThanOrEqual(lastAck)
      await b.close()
    } finally {
      t.cleanup()
    }
  })
})
