import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../../../shared/domain/catalogue'
import { makeUscc, tempDir } from '../test-helpers'
import { createIdGenerator } from './ids'
import { migrateToLatest } from './migrate'
import { migrations } from './migrations'
import { openDatabase, type OpenedDatabase } from './open'
import * as answersRepo from './repos/answers.repo'
import * as assessmentsRepo from './repos/assessments.repo'
import * as auditRepo from './repos/audit-log.repo'
import { listEnterprises } from './repos/enterprise-list.repo'
import * as enterprisesRepo from './repos/enterprises.repo'
import * as evidenceRepo from './repos/evidence.repo'
import * as scenesRepo from './repos/scene-judgements.repo'
import { NestedTransactionError, withTransaction } from './tx'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

async function fresh(): Promise<OpenedDatabase> {
  const t = tempDir()
  const o = openDatabase(`${t.dir}/test.sqlite`)
  cleanups.push(t.cleanup, () => o.close())
  await migrateToLatest(o.db)
  return o
}

const T = '2026-11-27T00:00:00.000Z'

async function seed(
  o: OpenedDatabase,
  n = 1,
): Promise<{ enterpriseId: string; assessmentId: string }> {
  const enterpriseId = `e${n}`
  await enterprisesRepo.insertEnterprise(o.db, {
    id: enterpriseId,
    uscc: makeUscc(n),
    name: `企业${n}`,
    county: '淇县',
    industry: 'green_food',
    size: 'micro',
    batch: 2,
    createdAt: T,
    updatedAt: T,
  })
  const assessmentId = `a${n}`
  await assessmentsRepo.insertAssessment(o.db, {
    id: assessmentId,
    enterpriseId,
    kind: 'diagnosis',
    catalogueId: MIIT_2024.catalogue.id,
    catalogueHash: MIIT_2024.hash,
    ruleProfileId: 'MIIT-2024-default',
    assessorName: '李四',
    assessedOn: null,
    supersedes: null,
    supersedeReason: null,
    createdAt: T,
    updatedAt: T,
    completedAt: null,
  })
  return { enterpriseId, assessmentId }
}

describe('migrations', () => {
  it('migrate from empty creates STRICT tables, triggers and sets the pragmas', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const o = openDatabase(`${t.dir}/x.sqlite`)
    cleanups.push(() => o.close())
    const r = await migrateToLatest(o.db)
    expect(r.applied).toEqual(Object.keys(migrations))
    expect(r.current).toBe(Object.keys(migrations).at(-1))
    const again = await migrateToLatest(o.db)
    expect(again.applied).toEqual([])

    const tables = o.sqlite
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE schema='main' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'",
      )
      .all() as { name: string; strict: number }[]
    expect(tables.map((x) => x.name).sort()).toEqual(
      [
        'advice_findings',
        'advice_measures',
        'advice_plans',
        'advice_steps',
        'answers',
        'assessments',
        'audit_chain',
        'audit_log',
        'dossier_files',
        'dossier_items',
        'enterprises',
        'evidence',
        'ledger_rows',
        'panel_decisions',
        'panel_reviews',
        'panel_scorings',
        'recheck_bases',
        'reference_documents',
        'reference_rule_profiles',
        'report_registry',
        'scene_judgements',
        'sync_assignments',
        'sync_bundles',
        'sync_outbox',
        'sync_pulls',
        'assessor_profile',
        'enterprise_identity_changes',
        'known_keys',
      ].sort(),
    )
    for (const tb of tables) expect(tb.strict, tb.name).toBe(1)
    expect(o.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(o.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(o.sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL
    const triggers = o.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='trigger'").all()
    expect(triggers.length).toBeGreaterThanOrEqual(14)
  })

  it('a failing migration names itself and rejects', async () => {
    const o = await fresh()
    await expect(
      migrateToLatest(o.db, {
        migrations: {
          ...migrations,
          '0002-broken': {
            up: async (db) => {
              await sql`CREATE TABLE enterprises (x TEXT)`.execute(db)
            },
          },
        },
      }),
    ).rejects.toThrow(/0002-broken/)
  })

  it('STRICT refuses a wrongly typed value and CHECKs hold', async () => {
    const o = await fresh()
    await seed(o)
    expect(() =>
      o.sqlite
        .prepare(
          "INSERT INTO scene_judgements (assessment_id, scene_id, level, updated_at) VALUES ('a1','SC01','high',?)",
        )
        .run(T),
    ).toThrow(/cannot store TEXT value in INTEGER column/)
    expect(() =>
      o.sqlite
        .prepare(
          "INSERT INTO scene_judgements (assessment_id, scene_id, level, updated_at) VALUES ('a1','SC01',5,?)",
        )
        .run(T),
    ).toThrow(/CHECK constraint failed/)
    expect(() =>
      o.sqlite
        .prepare(
          "INSERT INTO answers (assessment_id, question_id, selected, updated_at) VALUES ('nope','Q01','\"A\"',?)",
        )
        .run(T),
    ).toThrow(/FOREIGN KEY constraint failed/)
  })
})

describe('repos', () => {
  it('enterprises: insert, get, by uscc, update, list with filters and search', async () => {
    const o = await fresh()
    await seed(o, 1)
    await seed(o, 2)
    await enterprisesRepo.updateEnterprise(o.db, 'e2', {
      name: '鹤壁新材料科技',
      county: '浚县',
      updatedAt: T,
    })
    expect((await enterprisesRepo.getEnterprise(o.db, 'e2'))?.name).toBe('鹤壁新材料科技')
    expect((await enterprisesRepo.getEnterpriseByUscc(o.db, makeUscc(1)))?.id).toBe('e1')
    expect([...(await enterprisesRepo.existingUsccs(o.db, [makeUscc(2), makeUscc(9)]))]).toEqual([
      makeUscc(2),
    ])
    const base = { limit: 100, offset: 0 }
    expect(
      (await listEnterprises(o.db, { ...base, county: '浚县' })).rows.map((r) => r.id),
    ).toEqual(['e2'])
    expect((await listEnterprises(o.db, { ...base, search: '新材料' })).total).toBe(1)
    expect((await listEnterprises(o.db, { ...base, search: '100%' })).total).toBe(0)
    const all = await listEnterprises(o.db, { ...base, assessmentStatus: 'draft' })
    expect(all.total).toBe(2)
    expect(all.rows[0]?.latestStatus).toBe('draft')
    expect(all.rows[0]?.assessmentCount).toBe(1)
    expect((await listEnterprises(o.db, { ...base, assessmentStatus: 'none' })).total).toBe(0)
    expect((await listEnterprises(o.db, { ...base, batch: 3 })).total).toBe(0)
  })

  it('duplicate uscc is refused by the UNIQUE constraint', async () => {
    const o = await fresh()
    await seed(o, 1)
    await expect(
      enterprisesRepo.insertEnterprise(o.db, {
        id: 'dup',
        uscc: makeUscc(1),
        name: 'x',
        county: 'y',
        industry: 'new_materials',
        size: 'small',
        batch: null,
        createdAt: T,
        updatedAt: T,
      }),
    ).rejects.toThrow(/UNIQUE/)
  })

  it('assessments + answers + scenes + evidence round-trip; copy for corrections', async () => {
    const o = await fresh()
    const { assessmentId } = await seed(o)
    await answersRepo.upsertSelected(o.db, assessmentId, 'Q01', ['A', 'B'], T)
    await answersRepo.upsertNoteFields(
      o.db,
      assessmentId,
      'Q01',
      { note: '现场看过', fields: { f1: 3 } },
      T,
    )
    await answersRepo.upsertSelected(o.db, assessmentId, 'Q02', 'C', T)
    await answersRepo.upsertSelected(o.db, assessmentId, 'Q02', null, T)
    const answers = await answersRepo.listAnswers(o.db, assessmentId)
    expect(answers.map((a) => [a.questionId, a.selected, a.note, a.fields])).toEqual([
      ['Q01', ['A', 'B'], '现场看过', { f1: 3 }],
      ['Q02', null, '', {}],
    ])
    await scenesRepo.upsertSceneLevel(o.db, assessmentId, 'SC03', 2, T)
    await scenesRepo.upsertSceneNote(o.db, assessmentId, 'SC03', '有 CRM', T)
    expect(await scenesRepo.getScene(o.db, assessmentId, 'SC03')).toMatchObject({
      level: 2,
      note: '有 CRM',
    })
    await evidenceRepo.insertEvidence(o.db, {
      id: 'ev1',
      assessmentId,
      itemId: 'Q01',
      sha256: 'a'.repeat(64),
      size: 3,
      mimeType: 'image/png',
      originalName: 'x.png',
      createdAt: T,
    })
    expect((await evidenceRepo.listEvidence(o.db, assessmentId, 'Q01')).length).toBe(1)
    expect((await evidenceRepo.listEvidence(o.db, assessmentId, 'Q02')).length).toBe(0)

    await assessmentsRepo.updateAssessment(o.db, assessmentId, {
      status: 'completed',
      completedAt: T,
    })
    await assessmentsRepo.insertAssessment(o.db, {
      id: 'a1v2',
      enterpriseId: 'e1',
      kind: 'diagnosis',
      catalogueId: MIIT_2024.catalogue.id,
      catalogueHash: MIIT_2024.hash,
      ruleProfileId: 'MIIT-2024-default',
      assessorName: '李四',
      assessedOn: null,
      version: 2,
      supersedes: assessmentId,
      supersedeReason: '录入错误',
      createdAt: '2026-11-27T01:00:00.000Z',
      updatedAt: T,
      completedAt: null,
    })
    await answersRepo.copyAnswers(o.db, assessmentId, 'a1v2', T)
    await scenesRepo.copyScenes(o.db, assessmentId, 'a1v2', T)
    let n = 0
    await evidenceRepo.copyEvidence(o.db, assessmentId, 'a1v2', () => `ev-copy-${n++}`)
    expect((await answersRepo.listAnswers(o.db, 'a1v2')).length).toBe(2)
    expect((await scenesRepo.listScenes(o.db, 'a1v2')).length).toBe(1)
    expect((await evidenceRepo.listEvidence(o.db, 'a1v2')).map((e) => e.id)).toEqual(['ev-copy-0'])
    expect(await assessmentsRepo.getSupersededBy(o.db, assessmentId)).toBe('a1v2')
    expect((await assessmentsRepo.latestCurrentOfKind(o.db, 'e1', 'diagnosis'))?.id).toBe('a1v2')
    const list = await assessmentsRepo.listAssessments(o.db, { includeSuperseded: false })
    expect(list.map((a) => a.id)).toEqual(['a1v2'])
    const all = await assessmentsRepo.listAssessments(o.db, { includeSuperseded: true })
    expect(all.map((a) => [a.id, a.supersededBy])).toEqual([
      ['a1v2', null],
      [assessmentId, 'a1v2'],
    ])
    // a second correction of the same version is refused (UNIQUE supersedes)
    await expect(
      o.db
        .insertInto('assessments')
        .values({
          id: 'a1v2b',
          enterpriseId: 'e1',
          kind: 'diagnosis',
          catalogueId: 'MIIT-2024',
          catalogueHash: MIIT_2024.hash,
          ruleProfileId: 'x',
          assessorName: 'x',
          assessedOn: null,
          supersedes: assessmentId,
          supersedeReason: 'again',
          createdAt: T,
          updatedAt: T,
          completedAt: null,
        })
        .execute(),
    ).rejects.toThrow(/UNIQUE/)
  })

  it('answers, scenes and evidence of a completed assessment are refused by triggers', async () => {
    const o = await fresh()
    const { assessmentId } = await seed(o)
    await answersRepo.upsertSelected(o.db, assessmentId, 'Q01', ['A'], T)
    await assessmentsRepo.updateAssessment(o.db, assessmentId, { status: 'completed' })
    await expect(answersRepo.upsertSelected(o.db, assessmentId, 'Q01', ['B'], T)).rejects.toThrow(
      /READ_ONLY/,
    )
    await expect(answersRepo.upsertSelected(o.db, assessmentId, 'Q02', 'A', T)).rejects.toThrow(
      /READ_ONLY/,
    )
    await expect(scenesRepo.upsertSceneLevel(o.db, assessmentId, 'SC01', 1, T)).rejects.toThrow(
      /READ_ONLY/,
    )
    await expect(o.db.deleteFrom('answers').execute()).rejects.toThrow(/READ_ONLY/)
    await expect(
      assessmentsRepo.updateAssessment(o.db, assessmentId, { status: 'draft' }),
    ).rejects.toThrow(/READ_ONLY/)
    await assessmentsRepo.updateAssessment(o.db, assessmentId, { status: 'signed' })
    await expect(
      assessmentsRepo.updateAssessment(o.db, assessmentId, { assessorName: 'x' }),
    ).rejects.toThrow(/READ_ONLY/)
    expect((await answersRepo.listAnswers(o.db, assessmentId))[0]?.selected).toEqual(['A'])
  })

  it('audit log is append-only: UPDATE and DELETE refused', async () => {
    const o = await fresh()
    await auditRepo.appendAudit(o.db, {
      at: T,
      actor: 't',
      action: 'x.y',
      entity: 'e',
      entityId: '1',
      detail: { a: 1 },
    })
    await auditRepo.appendAudit(o.db, {
      at: T,
      actor: 't',
      action: 'x.z',
      entity: 'e',
      entityId: '2',
    })
    const list = await auditRepo.listAudit(o.db, { limit: 10 })
    expect(list.map((e) => [e.id, e.action, e.detail])).toEqual([
      [2, 'x.z', {}],
      [1, 'x.y', { a: 1 }],
    ])
    expect((await auditRepo.listAudit(o.db, { limit: 10, entityId: '1' })).length).toBe(1)
    expect((await auditRepo.listAudit(o.db, { limit: 10, beforeId: 2 })).map((e) => e.id)).toEqual([
      1,
    ])
    await expect(o.db.updateTable('auditLog').set({ actor: 'evil' }).execute()).rejects.toThrow(
      /append-only/,
    )
    await expect(o.db.deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/)
    expect(() => o.sqlite.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(
      /append-only/,
    )
    expect((await auditRepo.listAudit(o.db, { limit: 10 })).length).toBe(2)
  })
})

describe('transactions', () => {
  it('commits, rolls back on throw, runs onCommit hooks only after commit', async () => {
    const o = await fresh()
    await seed(o)
    const seen: string[] = []
    await withTransaction(o.db, async (trx, tx) => {
      await answersRepo.upsertSelected(trx, 'a1', 'Q01', ['A'], T)
      tx.onCommit(() => void seen.push('committed'))
      expect(seen).toEqual([])
    })
    expect(seen).toEqual(['committed'])
    await expect(
      withTransaction(o.db, async (trx, tx) => {
        await answersRepo.upsertSelected(trx, 'a1', 'Q02', 'A', T)
        tx.onCommit(() => void seen.push('never'))
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(seen).toEqual(['committed'])
    expect((await answersRepo.listAnswers(o.db, 'a1')).map((a) => a.questionId)).toEqual(['Q01'])
  })

  it('refuses nesting', async () => {
    const o = await fresh()
    await expect(
      withTransaction(o.db, async () => {
        await withTransaction(o.db, async () => undefined)
      }),
    ).rejects.toBeInstanceOf(NestedTransactionError)
    await expect(
      withTransaction(o.db, async (trx) => withTransaction(trx as never, async () => undefined)),
    ).rejects.toBeInstanceOf(NestedTransactionError)
    // still usable afterwards
    await withTransaction(o.db, async () => undefined)
  })
})

describe('ids', () => {
  it('are UUIDv7-shaped and strictly increasing, even within one millisecond', () => {
    const fixed = new Date('2026-11-27T03:00:00.000Z')
    let r = 0
    const gen = createIdGenerator(
      () => fixed,
      (n) => new Uint8Array(n).fill(255 - (r++ % 200)),
    )
    const ids = Array.from({ length: 5000 }, gen)
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(ids[0]?.replace(/-/g, '').slice(0, 12)).toBe(
      fixed.getTime().toString(16).padStart(12, '0'),
    )
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
