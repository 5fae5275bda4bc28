/**
 * Multi-write operations commit all or nothing (issue 12 item 7). A fault is injected at every
 * row write the operation makes, one run per step (TEMP triggers on the backend's own connection
 * count INSERTs and UPDATEs on every table and abort the k-th); after each failed run every
 * table's row count and the stored bundle files are exactly as before. The run after the last
 * step succeeds. Before issue 12, recheck.import wrote the draft, each answer and each scene in
 * transactions of their own, and bundles.create wrote the bundle file, its row, the outbox row and
 * the signed status one after another: a failure half-way left rows (and files) behind.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { api, Output, Wire } from '../../shared/contract/api'
import { BASE_ANSWERS, BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import { dispatch } from '../../electron/backend/dispatch'
import { enterpriseInput, tempBackend } from '../../electron/backend/test-helpers'

type B = Awaited<ReturnType<typeof tempBackend>>

async function ok<M extends keyof typeof api>(b: B, method: M, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (!w.ok) throw new Error(`${method} failed: ${w.error.code} ${w.error.message}`)
  return w.value as Output<M>
}

async function tables(b: B): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT name FROM main.sqlite_master WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(b.db)
  return r.rows.map((x) => x.name)
}

/** Every table's row count and the bundle files: what must not change when an operation fails. */
async function state(b: B): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const t of await tables(b))
    out[t] = (
      await sql<{ n: number }>`SELECT count(*) AS n FROM main.${sql.id(t)}`.execute(b.db)
    ).rows[0]!.n
  const dir = join(b.dataDir, 'bundles')
  out['files:bundles'] = existsSync(dir) ? readdirSync(dir).sort() : []
  return out
}

/** Aborts the k-th row write (INSERT or UPDATE on any table) from now on; k = 0: never. */
async function faultAt(b: B, k: number): Promise<void> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS fault_at (k INTEGER NOT NULL, n INTEGER NOT NULL)`.execute(
    b.db,
  )
  await sql`DELETE FROM temp.fault_at`.execute(b.db)
  await sql`INSERT INTO temp.fault_at (k, n) VALUES (${k}, 0)`.execute(b.db)
  for (const t of await tables(b))
    for (const op of ['INSERT', 'UPDATE'])
      await sql
        .raw(
          `CREATE TEMP TRIGGER IF NOT EXISTS "fault_${t}_${op}" BEFORE ${op} ON main."${t}" BEGIN
             UPDATE temp.fault_at SET n = n + 1;
             SELECT RAISE(ABORT, 'injected fault') WHERE (SELECT n FROM temp.fault_at) = (SELECT k FROM temp.fault_at);
           END`,
        )
        .execute(b.db)
}

/**
 * Runs `op` with a fault at step 1, 2, … until it succeeds; after each failure the state is
 * unchanged. Returns the number of steps that were each made to fail.
 */
async function everyStepFails(b: B, op: () => Promise<Wire<unknown>>): Promise<number> {
  const before = await state(b)
  for (let k = 1; k < 2000; k++) {
    await faultAt(b, k)
    const w = await op()
    if (w.ok) {
      await faultAt(b, 0)
      return k - 1
    }
    expect(w.error.message, `step ${k}`).toMatch(
      /injected fault|本机服务出错|内部错误|INTERNAL|出错/,
    )
    expect(await state(b), `after a fault at step ${k}`).toEqual(before)
  }
  throw new Error('the operation never succeeded')
}

describe('multi-write operations are atomic under a fault at every step', () => {
  let assessor: B
  let reviewer: B
  let assessmentId = ''

  beforeAll(async () => {
    assessor = await tempBackend()
    await ok(assessor, 'keys.create', { passphrase: 'assessor passphrase' })
    const ent = await ok(assessor, 'enterprises.create', enterpriseInput(71, { batch: 1 }))
    const a = await ok(assessor, 'assessments.create', {
      enterpriseId: ent.id,
      kind: 'diagnosis',
      assessorName: '张三',
      assessedOn: '2026-11-20',
    })
    assessmentId = a.assessment.id
    for (const [q, sel] of Object.entries(BASE_ANSWERS))
      await ok(assessor, 'assessments.setAnswer', { assessmentId, questionId: q, selected: sel })
    for (const [sc, level] of Object.entries(BASE_SCENES))
      await ok(assessor, 'assessments.setScene', { assessmentId, sceneId: sc, level })
    await ok(assessor, 'assessments.complete', { id: assessmentId })
    reviewer = await tempBackend()
    await ok(reviewer, 'enterprises.create', enterpriseInput(71, { batch: 1 }))
  }, 120_000)
  afterAll(async () => {
    await assessor?.cleanup()
    await reviewer?.cleanup()
  })

  it('bundles.create (file, bundle row, outbox row, signed status): all or nothing', async () => {
    const steps = await everyStepFails(assessor, () =>
      dispatch(assessor, 'bundles.create', { assessmentId, enqueue: true }),
    )
    expect(steps).toBeGreaterThanOrEqual(4)
    const list = await ok(assessor, 'bundles.list')
    expect(list.items).toHaveLength(1)
    expect(list.items[0]!.outbox?.state).toBe('queued')
    const a = await ok(assessor, 'assessments.get', { id: assessmentId })
    expect(a.assessment.status).toBe('signed')
    expect(readdirSync(join(assessor.dataDir, 'bundles'))).toHaveLength(1)
  })

  it('recheck.import (draft, every answer and scene, signed original): all or nothing', async () => {
    const bundleId = (await ok(assessor, 'bundles.list')).items[0]!.bundleId
    const file = await ok(assessor, 'bundles.export', { bundleId })
    const steps = await everyStepFails(reviewer, () => dispatch(reviewer, 'recheck.import', file))
    expect(steps).toBeGreaterThan(Object.keys(BASE_ANSWERS).length)
    const list = await ok(reviewer, 'assessments.list', {})
    expect(list.items.filter((x) => x.kind === 'recheck')).toHaveLength(1)
  }, 600_000)
})
