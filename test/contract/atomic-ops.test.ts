/**
 * Multi-write operations commit all or nothing (issue 12 item 7). A fault is injected at every
 * row write the operation makes, one run per step (TEMP triggers on the backend's own connection
 * count INSERTs and UPDATEs on every table and abort the k-th); after each failed run every
 * table's row count and the stored bundle files are exactly as before. The run after the last
 * step succeeds (helpers in fault-injection.ts). Before issue 12, recheck.import wrote the draft, each answer and each scene in
 * transactions of their own, and bundles.create wrote the bundle file, its row, the outbox row and
 * the signed status one after another: a failure half-way left rows (and files) behind.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { api, Output, Wire } from '../../shared/contract/api'
import { BASE_ANSWERS, BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import { dispatch } from '../../electron/backend/dispatch'
import { enterpriseInput, tempBackend } from '../../electron/backend/test-helpers'
import { everyStepFails, type B } from './fault-injection'

async function ok<M extends keyof typeof api>(b: B, method: M, input: unknown = {}) {
  const w = (await dispatch(b, method, input)) as Wire<unknown>
  if (!w.ok) throw new Error(`${method} failed: ${w.error.code} ${w.error.message}`)
  return w.value as Output<M>
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
