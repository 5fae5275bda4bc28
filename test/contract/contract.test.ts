/**
 * The contract through dispatch, against a real backend on a temp SQLite file: every method at
 * least once with its output checked against the contract's output schema, bad input →
 * VALIDATION naming the field, unknown method, errors as Wire values. The same scenarios run
 * in-process and through the HTTP host (browser mode), as style.md §8.4 asks.
 */
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { methods, type Method, type Output, type Wire } from '../../shared/contract/api'
import { AppErrorSchema } from '../../shared/contract/errors'
import { dispatch } from '../../electron/backend/dispatch'
import {
  enterpriseInput,
  fullAnswers,
  makeUscc,
  SCENE_IDS,
  tempBackend,
} from '../../electron/backend/test-helpers'
import { describeTransports, okOutput } from './transports'

describeTransports('contract through dispatch (%s)', (call) => {
  const called = new Set<string>()

  /** Calls through dispatch, checks the envelope and the output schema, returns the value. */
  async function ok<M extends Method>(method: M, input: unknown): Promise<Output<M>> {
    const value = await okOutput(call, method, input)
    called.add(method)
    return value
  }
  async function err(
    method: string,
    input: unknown,
  ): Promise<Extract<Wire<unknown>, { ok: false }>['error']> {
    const w = await call(method, input)
    expect(w.ok).toBe(false)
    if (w.ok) throw new Error('expected an error')
    expect(AppErrorSchema.safeParse(w.error).success).toBe(true)
    expect(w.error.message).not.toMatch(/\n\s+at /) // never a stack
    return w.error
  }

  describe('contract', () => {
    it('unknown method → UNKNOWN_METHOD', async () => {
      const e = await err('enterprises.drop', {})
      expect(e.code).toBe('UNKNOWN_METHOD')
      expect(e.message).toContain('enterprises.drop')
      expect((await err('__proto__', {})).code).toBe('UNKNOWN_METHOD')
      expect((await err('toString', {})).code).toBe('UNKNOWN_METHOD')
    })

    it('bad input → VALIDATION naming the field', async () => {
      let e = await err('enterprises.create', { ...enterpriseInput(1), uscc: '123' })
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'uscc' })
      expect(e.message).toContain('统一社会信用代码')
      e = await err('enterprises.create', { ...enterpriseInput(1), industry: 'textiles' })
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'industry' })
      expect(e.message).toContain('试点行业')
      e = await err('enterprises.create', { ...enterpriseInput(1), batch: 4 })
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'batch' })
      e = await err('assessments.setScene', { assessmentId: 'x', sceneId: 'SC01', level: 5 })
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'level' })
      expect(e.message).toContain('0–4')
      e = await err('assessments.setAnswer', { assessmentId: 'x', questionId: 'Q1', selected: 'A' })
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'questionId' })
      e = await err('assessments.updateSurvey', {
        assessmentId: 'x',
        survey: { date: '2026-13-45', people: [{ name: '' }] },
      })
      expect(e.code).toBe('VALIDATION')
      expect(e.field).toMatch(/^survey\./)
      e = await err('evidence.add', {
        assessmentId: 'x',
        itemId: 'Q01',
        fileName: 'a',
        contentBase64: '!!',
      })
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })
      e = await err('app.info', { extra: 1 })
      expect(e.code).toBe('VALIDATION')
      e = await err('enterprises.get', 'not an object')
      expect(e.code).toBe('VALIDATION')
    })

    it('every method works end to end and returns what the contract says', async () => {
      const info = await ok('app.info', {})
      expect(info.schemaVersion).toMatch(/^\d{4}-/)
      const pkg = JSON.parse(
        readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
      ) as {
        version: string
      }
      expect(info.version).toBe(pkg.version)
      expect(info.evidenceMaxBytes).toBe(20 * 1024 * 1024)
      const cat = await ok('catalogue.get', {})
      expect(cat.catalogue.questions.length).toBe(15)
      expect(cat.catalogue.scenes.length).toBe(16)
      expect(cat.hash).toBe(info.catalogueHash)
      expect(cat.ruleProfiles.map((p) => p.id)).toContain(cat.defaultRuleProfileId)

      const ent = await ok(
        'enterprises.create',
        enterpriseInput(1, { batch: 1, zjtx: 'little_giant' }),
      )
      expect((await err('enterprises.create', enterpriseInput(1))).code).toBe('CONFLICT')
      await ok('enterprises.update', { id: ent.id, patch: { phone: '0392-2222222' } })
      // no completed assessment yet: a name change needs no reason, and is recorded
      const ids = await ok('enterprises.identityChanges', { id: ent.id })
      expect(ids).toEqual({ items: [], reasonRequired: false })
      const after = await ok('enterprises.get', { id: ent.id })
      // only the patched field changed (no defaults applied to a partial update)
      expect(after).toEqual({ ...ent, phone: '0392-2222222', updatedAt: after.updatedAt })
      expect((await err('enterprises.update', { id: ent.id, patch: {} })).code).toBe('VALIDATION')
      expect((await err('enterprises.get', { id: 'missing' })).code).toBe('NOT_FOUND')
      expect((await ok('enterprises.list', { search: '测试企业1' })).total).toBe(1)

      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('Sheet1')
      ws.addRow(['企业名称', '统一社会信用代码', '县区', '试点行业', '企业规模', '批次'])
      ws.addRow(['鹤壁新材料一厂', makeUscc(21), '山城区', '新材料制品制造', '小型', 1])
      ws.addRow(['鹤壁新材料二厂', makeUscc(22), '鹤山区', '新材料制品制造', '微型', 3])
      const file = {
        fileName: 'pilot.xlsx',
        contentBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
      }
      const prev = await ok('enterprises.importPreview', file)
      expect(prev.canCommit).toBe(true)
      expect((await ok('enterprises.importCommit', file)).created).toBe(2)
      // the register's order and position; the import's .xlsx files
      const page = await ok('enterprises.list', { sort: 'name', order: 'desc', limit: 2 })
      expect(page.total).toBe(3)
      const at = await ok('enterprises.locate', {
        id: page.items[1]!.id,
        sort: 'name',
        order: 'desc',
      })
      expect(at).toEqual({ index: 1, total: 3 })
      expect((await ok('enterprises.importTemplate', {})).fileName).toMatch(/\.xlsx$/)
      const bad = {
        fileName: 'bad.csv',
        contentBase64: Buffer.from(
          `企业名称,统一社会信用代码,县区,试点行业,企业规模\n坏行,${makeUscc(23)},安阳县,新材料制品制造,小型\n`,
        ).toString('base64'),
      }
      expect((await ok('enterprises.importErrors', bad)).fileName).toBe('bad-错误行.xlsx')

      const diag = await ok('assessments.create', {
        enterpriseId: ent.id,
        kind: 'diagnosis',
        assessorName: '评测员甲',
        assessedOn: '2026-11-20',
      })
      const id = diag.assessment.id
      expect(
        (
          await err('assessments.create', {
            enterpriseId: 'x',
            kind: 'diagnosis',
            assessorName: 'a',
          })
        ).field,
      ).toBe('enterpriseId')
      for (const [q, sel] of Object.entries(fullAnswers()))
        await ok('assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
      for (const sc of SCENE_IDS)
        await ok('assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
      await ok('assessments.setNote', {
        assessmentId: id,
        itemId: 'Q03',
        note: '联网率约 60%',
        fields: { f2: 30 },
      })
      await ok('assessments.updateSurvey', {
        assessmentId: id,
        survey: {
          date: '2026-11-20',
          people: [{ name: '评测员甲', agency: '某机构' }],
          observations: '一切正常',
        },
      })
      await ok('assessments.updateInfo', { id, assessorAgency: '某机构' })
      const ev = await ok('evidence.add', {
        assessmentId: id,
        itemId: 'survey',
        fileName: '签到表.pdf',
        contentBase64: Buffer.from('%PDF-1.4\n%\xe2\xe3\n', 'latin1').toString('base64'),
      })
      expect(ev.mimeType).toBe('application/pdf')
      expect((await ok('evidence.list', { assessmentId: id })).items.length).toBe(1)
      expect((await ok('evidence.content', { id: ev.id })).mimeType).toBe('application/pdf')
      const ev2 = await ok('evidence.add', {
        assessmentId: id,
        itemId: 'Q01',
        fileName: 'x.bin',
        contentBase64: 'AAEC',
      })
      await ok('evidence.remove', { id: ev2.id })
      const got = await ok('assessments.get', { id })
      expect(got.result.total).toBe(100)
      expect(got.result.level).toBe(2)
      const done = await ok('assessments.complete', { id })
      expect(done.assessment.status).toBe('completed')
      const ro = await err('assessments.setScene', { assessmentId: id, sceneId: 'SC01', level: 4 })
      expect(ro.code).toBe('READ_ONLY')
      const v2 = await ok('assessments.correct', { id, reason: '场景 SC01 判定有误' })
      expect(v2.assessment.supersedes).toBe(id)
      expect((await err('assessments.correct', { id, reason: 'x' })).field).toBe('reason')

      const acc = await ok('assessments.create', {
        enterpriseId: ent.id,
        kind: 'acceptance',
        assessorName: '专家乙',
      })
      await ok('assessments.setScene', {
        assessmentId: acc.assessment.id,
        sceneId: 'SC01',
        level: 4,
      })
      const cmp = await ok('assessments.compare', { enterpriseId: ent.id })
      expect(cmp.diagnosis?.assessmentId).toBe(v2.assessment.id)
      expect(cmp.scenesMoved.find((m) => m.sceneId === 'SC01')).toEqual({
        sceneId: 'SC01',
        name: expect.any(String),
        before: 2,
        after: 4,
      })
      const list = await ok('assessments.list', { enterpriseId: ent.id })
      expect(list.items.map((i) => i.kind).sort()).toEqual(['acceptance', 'diagnosis'])

      const audit = await ok('audit.list', { limit: 1000 })
      expect(audit.items.length).toBeGreaterThan(40)
      expect(audit.items[0]?.id).toBeGreaterThan(audit.items[1]?.id ?? Infinity)
    })

    it("every method of this suite's domains was exercised", () => {
      // reports.*, keys.*, bundles.*, sync.* are covered by their own contract suites.
      const mine = /^(app|catalogue|enterprises|assessments|evidence|audit)\./
      const own = methods.filter((m) => mine.test(m))
      expect(own.length).toBeGreaterThanOrEqual(24)
      expect(own.filter((m) => !called.has(m))).toEqual([])
    })
  })
})

describe('dispatch', () => {
  it('a non-AppException failure becomes INTERNAL without leaking details', async () => {
    const own = await tempBackend()
    const services = own.services
    const logged: unknown[] = []
    const broken = {
      services: {
        ...services,
        'app.info': async () => Promise.reject(new Error('secret /path/stack')),
      },
      log: (_m: string, e: unknown) => void logged.push(e),
    }
    const w = await dispatch(broken, 'app.info', {})
    expect(w).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('内部错误') },
    })
    expect(JSON.stringify(w)).not.toContain('secret')
    expect(logged.length).toBe(1)
    await own.cleanup()
  })

  it('a method in the contract without an implementation is INTERNAL, not a crash', async () => {
    const w = await dispatch({ services: {} as never }, 'app.info', {})
    expect(w).toEqual({ ok: false, error: { code: 'INTERNAL', message: '接口 app.info 尚未实现' } })
  })
})
