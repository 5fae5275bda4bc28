/**
 * Audit hash chain (issue 7 item 4) on real SQLite files. The attacker is simulated with a raw
 * better-sqlite3 connection that first drops the append-only triggers (someone with the file).
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { migrateToLatest } from '../db/migrate'
import { openDatabase } from '../db/open'
import { appendAudit } from '../db/repos/audit-log.repo'
import type { AuditLogRow } from '../db/tables/audit-log'
import { enterpriseInput, tempDir } from '../test-helpers'
import { audit } from './audit'
import { AUDIT_CHAIN_GENESIS, auditLinkHash, verifyAuditChain } from './chain'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A backend with `saves` audited writes on top of the two creates (rows 1–2). */
async function backendWithLog(saves = 6): Promise<Backend> {
  const t = tempDir('dl-audit-')
  cleanups.push(t.cleanup)
  const b = await createBackend({ dataDir: t.dir, actor: '审计测试' })
  cleanups.push(() => b.close())
  const e = await dispatch(b, 'enterprises.create', enterpriseInput(5))
  if (!e.ok) throw new Error(e.error.message)
  const c = await dispatch(b, 'assessments.create', {
    enterpriseId: (e.value as { id: string }).id,
    kind: 'diagnosis',
    assessorName: '张三',
  })
  if (!c.ok) throw new Error(c.error.message)
  const id = (c.value as { assessment: { id: string } }).assessment.id
  for (let i = 0; i < saves; i++) {
    const w = await dispatch(b, 'assessments.setScene', {
      assessmentId: id,
      sceneId: 'SC01',
      level: i % 5,
    })
    if (!w.ok) throw new Error(w.error.message)
  }
  return b
}

/** The attacker: a second connection to the file, append-only triggers dropped. */
function attacker(b: Backend): Database.Database {
  const raw = new Database(b.dbFile)
  raw.pragma('foreign_keys = OFF')
  for (const t of [
    'audit_log_no_update',
    'audit_log_no_delete',
    'audit_chain_no_update',
    'audit_chain_no_delete',
    'audit_chain_extends_tip',
  ])
    raw.exec(`DROP TRIGGER ${t}`)
  return raw
}

function rowOf(raw: Database.Database, id: number): AuditLogRow {
  const r = raw
    .prepare(
      'SELECT id, at, actor, action, entity, entity_id AS entityId, detail FROM audit_log WHERE id = ?',
    )
    .get(id) as AuditLogRow | undefined
  if (!r) throw new Error(`no row ${id}`)
  return r
}

describe('audit hash chain', () => {
  it('links every audited write; an untouched log verifies', async () => {
    const b = await backendWithLog(6)
    const v = await verifyAuditChain(b.db)
    expect(v).toMatchObject({ ok: true, rows: 8, reason: 'intact' })
    expect(v.head).toMatch(/^[0-9a-f]{64}$/)
    const links = await b.db.selectFrom('auditChain').selectAll().orderBy('auditId').execute()
    expect(links.map((l) => l.auditId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(links[0]?.prevHash).toBe(AUDIT_CHAIN_GENESIS)
    for (let i = 1; i < links.length; i++) expect(links[i]?.prevHash).toBe(links[i - 1]?.hash)
    expect(links[7]?.hash).toBe(v.head)
    // the hash is over the stored row: recompute row 4 independently
    const row4 = await b.db
      .selectFrom('auditLog')
      .selectAll()
      .where('id', '=', 4)
      .executeTakeFirstOrThrow()
    expect(auditLinkHash(links[2]!.hash, row4)).toBe(links[3]?.hash)
  })

  it('the app cannot rewrite, delete or fork links (triggers)', async () => {
    const b = await backendWithLog(2)
    await expect(
      b.db
        .updateTable('auditChain')
        .set({ hash: 'f'.repeat(64) })
        .execute(),
    ).rejects.toThrow(/append-only/)
    await expect(b.db.deleteFrom('auditChain').execute()).rejects.toThrow(/append-only/)
    // a second link on the same tip, or a link for an old row, is refused
    await expect(
      b.db
        .insertInto('auditChain')
        .values({ auditId: 5, prevHash: AUDIT_CHAIN_GENESIS, hash: 'a'.repeat(64) })
        .execute(),
    ).rejects.toThrow(/extend the chain tip/)
    expect((await verifyAuditChain(b.db)).ok).toBe(true)
  })

  it('a write rolled back leaves no row and no link; audit() outside a transaction links too', async () => {
    const b = await backendWithLog(1)
    const who = { actor: 't', nowIso: () => '2026-01-01T00:00:00.000Z' }
    await expect(
      b.db.transaction().execute(async (trx) => {
        await audit(trx, who, 'x.fail', 'e', '1', { n: 1 })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    await audit(b.db, who, 'x.ok', 'e', '2', { n: 2 })
    const v = await verifyAuditChain(b.db)
    expect(v).toMatchObject({ ok: true, rows: 4 })
  })

  it('finds a changed row (content edited, hash left alone)', async () => {
    const b = await backendWithLog(6)
    const raw = attacker(b)
    raw.prepare(`UPDATE audit_log SET detail = '{"sceneId":"SC01","level":4}' WHERE id = 5`).run()
    raw.close()
    expect(await verifyAuditChain(b.db)).toEqual({
      ok: false,
      rows: 4,
      firstBadRow: 5,
      reason: 'row 5: content does not match its hash: changed or moved',
    })
  })

  it("finds a changed row whose link hash was recomputed (the next row's link breaks)", async () => {
    const b = await backendWithLog(6)
    const raw = attacker(b)
    raw.prepare(`UPDATE audit_log SET actor = 'someone else' WHERE id = 5`).run()
    const prev = (
      raw.prepare('SELECT hash FROM audit_chain WHERE audit_id = 4').get() as {
        hash: string
      }
    ).hash
    raw
      .prepare('UPDATE audit_chain SET hash = ? WHERE audit_id = 5')
      .run(auditLinkHash(prev, rowOf(raw, 5)))
    raw.close()
    const v = await verifyAuditChain(b.db)
    expect(v).toMatchObject({ ok: false, firstBadRow: 6 })
    expect(v.reason).toBe(
      'row 6: chain link does not follow row 5: row 5 and its link were rewritten, or rows were moved',
    )
  })

  it('finds a deleted row (gap in ids), with or without its link', async () => {
    const b = await backendWithLog(6)
    const raw = attacker(b)
    raw.prepare('DELETE FROM audit_chain WHERE audit_id = 3').run()
    raw.prepare('DELETE FROM audit_log WHERE id = 3').run()
    raw.close()
    expect(await verifyAuditChain(b.db)).toMatchObject({
      ok: false,
      rows: 2,
      firstBadRow: 3,
      reason: 'row 3 is missing (ids jump from 2 to 4): deleted',
    })
  })

  it('finds rows deleted from the end (the last row, and its link left behind)', async () => {
    const b = await backendWithLog(6)
    const raw = attacker(b)
    raw.prepare('DELETE FROM audit_chain WHERE audit_id = 8').run()
    raw.prepare('DELETE FROM audit_log WHERE id = 8').run()
    expect(await verifyAuditChain(b.db)).toMatchObject({
      ok: false,
      rows: 7,
      firstBadRow: 8,
      reason: 'row 8 is missing (the last row was deleted)',
    })
    raw.prepare('DELETE FROM audit_log WHERE id = 7').run() // its link stays
    raw.close()
    expect(await verifyAuditChain(b.db)).toMatchObject({
      ok: false,
      firstBadRow: 7,
      reason: 'row 7 is missing but its chain link remains: deleted',
    })
  })

  it('finds reordered rows (two rows swapped with their links, ids kept)', async () => {
    const b = await backendWithLog(6)
    const raw = attacker(b)
    const r3 = rowOf(raw, 3)
    const r4 = rowOf(raw, 4)
    const upd = raw.prepare(
      'UPDATE audit_log SET at = ?, actor = ?, action = ?, entity = ?, entity_id = ?, detail = ? WHERE id = ?',
    )
    upd.run(r4.at, r4.actor, r4.action, r4.entity, r4.entityId, r4.detail, 3)
    upd.run(r3.at, r3.actor, r3.action, r3.entity, r3.entityId, r3.detail, 4)
    const l3 = raw.prepare('SELECT prev_hash, hash FROM audit_chain WHERE audit_id = 3').get() as {
      prev_hash: string
      hash: string
    }
    const l4 = raw.prepare('SELECT prev_hash, hash FROM audit_chain WHERE audit_id = 4').get() as {
      prev_hash: string
      hash: string
    }
    const link = raw.prepare('UPDATE audit_chain SET prev_hash = ?, hash = ? WHERE audit_id = ?')
    link.run('x'.repeat(64), 'y'.repeat(64), 4) // free the UNIQUE prev_hash first
    link.run(l4.prev_hash, l4.hash, 3)
    link.run(l3.prev_hash, l3.hash, 4)
    raw.close()
    const v = await verifyAuditChain(b.db)
    expect(v).toMatchObject({ ok: false, rows: 2, firstBadRow: 3 })
    expect(v.reason).toMatch(/^row 3: /)
  })

  it('finds a row inserted behind the app (no link)', async () => {
    const b = await backendWithLog(2)
    const raw = new Database(b.dbFile)
    raw
      .prepare(
        `INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES ('2026-01-01T00:00:00.000Z', 'x', 'answer.set', 'assessment', 'a', '{}')`,
      )
      .run()
    raw.close()
    expect(await verifyAuditChain(b.db)).toMatchObject({
      ok: false,
      rows: 4,
      firstBadRow: 5,
      reason: 'row 5 has no chain link: inserted outside the app',
    })
  })

  it('migration 0002 links the rows written before it, with the same formula', async () => {
    const t = tempDir('dl-audit-mig-')
    cleanups.push(t.cleanup)
    const o = openDatabase(join(t.dir, 'old.sqlite'))
    cleanups.push(() => o.close())
    await migrateToLatest(o.db, { target: '0001-init' })
    for (let i = 0; i < 5; i++)
      await appendAudit(o.db, {
        at: `2026-01-0${i + 1}T08:00:00.000Z`,
        actor: '旧版本',
        action: 'answer.set',
        entity: 'assessment',
        entityId: `a${i}`,
        detail: { questionId: 'Q01', selected: ['A', 'B'], 备注: '中文 "quoted"' },
      })
    await migrateToLatest(o.db)
    expect(await verifyAuditChain(o.db)).toMatchObject({ ok: true, rows: 5 })
    await audit(o.db, { actor: '新版本', nowIso: () => '2026-02-01T00:00:00.000Z' }, 'x', 'e', '1')
    expect(await verifyAuditChain(o.db)).toMatchObject({ ok: true, rows: 6 })
  })

  it('an empty log verifies', async () => {
    const t = tempDir('dl-audit-empty-')
    cleanups.push(t.cleanup)
    const o = openDatabase(join(t.dir, 'e.sqlite'))
    cleanups.push(() => o.close())
    await migrateToLatest(o.db)
    expect(await verifyAuditChain(o.db)).toEqual({ ok: true, rows: 0, head: '', reason: 'intact' })
  })
})
