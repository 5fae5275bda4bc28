/**
 * Integrity signals from real signed bundles (issue 16 §2): each planted case in the seeded pilot
 * raises exactly its signal, naming its records; the clean enterprises raise none; a run with no
 * new results is skipped; results are never changed. SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIGNAL_TYPES } from '../../shared/domain/integrity/types'
import { runCentral, TEST_DATABASES, type RunningCentral } from '../testing/fixtures'
import {
  answersBetween,
  assessment,
  importSigned,
  signedBundle,
  uscc,
} from '../testing/pilot-fixtures'
import { seedPilot, type PilotSeed } from '../testing/pilot-seed'
import { computeSignals } from './run'
import { listSignals } from './store'

describe.each(TEST_DATABASES)('integrity signals on $name', (database) => {
  let c: RunningCentral
  let seed: PilotSeed
  beforeAll(async () => {
    c = await runCentral(database, { now: () => new Date('2025-12-01T02:00:00Z') })
    seed = await seedPilot(c.ctx)
  }, 120_000)
  afterAll(async () => {
    await c?.dispose()
  })

  it('each planted case raises its signal with links to its records; clean ones stay silent', async () => {
    const before = await c.ctx.db
      .selectFrom('bundles')
      .select(['bundle_id', 'level', 'total_milli', 'status', 'manifest_sha256'])
      .orderBy('bundle_id')
      .execute()
    const run = await computeSignals(c.ctx)
    expect(run.skipped).toBe(false)
    expect(run.records).toBe(seed.bundles - 1) // the corrected v1 is replaced by its v2
    const { items } = await listSignals(c.ctx, { status: 'all' })
    const by = (t: string) => items.filter((s) => s.type === t)
    const keys = (t: string) =>
      by(t).map((s) => [...new Set(s.refs.map((r) => r.enterpriseKey))].sort())
    for (const t of SIGNAL_TYPES) expect(by(t), t).toHaveLength(1)
    const k = seed.cases
    expect(keys('duplicate-evidence')).toEqual([[...k.duplicateEvidence].sort()])
    expect(keys('similar-text')).toEqual([[...k.similarText].sort()])
    expect(keys('rapid-judging')).toEqual([[k.rapidJudging]])
    expect(keys('no-site-record')).toEqual([[k.noSiteRecord]])
    expect(keys('overlapping-visits')).toEqual([[...k.overlappingVisits].sort()])
    expect(keys('photo-outside-visit')).toEqual([[k.photoOutsideVisit]])
    expect(keys('threshold-clustering')[0]).toEqual(
      Array.from({ length: 8 }, (_, i) => uscc(40 + i)).sort(),
    )
    // every signal explains itself in Chinese and names the enterprise
    for (const s of items) {
      expect(s.summary).toMatch(/[\u4e00-\u9fff]/)
      expect(s.status).toBe('open')
      expect(s.thresholds).toBe('Hebi-2024-integrity@1')
    }
    expect(by('photo-outside-visit')[0]!.summary).toContain('2024-11-02 15:20:11')
    expect(by('overlapping-visits')[0]!.summary).toContain('王敏（鹤壁数智服务有限公司）')
    // clean enterprises (1–14) are in no signal
    const flagged = new Set(items.flatMap((s) => s.refs.map((r) => r.enterpriseKey)))
    for (let n = 1; n <= 14; n++) expect(flagged.has(uscc(n)), `enterprise ${n}`).toBe(false)
    // nothing about the results changed
    const after = await c.ctx.db
      .selectFrom('bundles')
      .select(['bundle_id', 'level', 'total_milli', 'status', 'manifest_sha256'])
      .orderBy('bundle_id')
      .execute()
    expect(after).toEqual(before)
  })

  it('a second run without new results is skipped and keeps the same signals', async () => {
    const first = await listSignals(c.ctx, { status: 'all' })
    const run = await computeSignals(c.ctx)
    expect(run.skipped).toBe(true)
    const forced = await computeSignals(c.ctx, { force: true })
    expect(forced.skipped).toBe(false)
    const again = await listSignals(c.ctx, { status: 'all' })
    expect(again.items.map((s) => s.id).sort()).toEqual(first.items.map((s) => s.id).sort())
    expect(again.stale).toBe(false)
  })

  it('reading the list never waits for a recompute; it says when new results arrived', async () => {
    const b = signedBundle({
      signer: seed.assessors.li,
      assessment: assessment({
        enterprise: { n: 90, name: '鹤壁新到企业有限公司' },
        assessor: { name: '李强', agency: '中原工业互联网服务商' },
        assessedOn: '2025-11-20',
        answers: answersBetween(45, 58, 1, 21)[0]!,
        sceneLevel: 2,
        survey: null,
      }),
    })
    await importSigned(c.ctx, b)
    const listed = await listSignals(c.ctx, { status: 'all' })
    expect(listed.stale).toBe(true)
    expect(listed.items.some((s) => s.refs.some((r) => r.enterpriseKey === uscc(90)))).toBe(false)
    await computeSignals(c.ctx)
    const now = await listSignals(c.ctx, { status: 'all' })
    expect(now.stale).toBe(false)
    expect(
      now.items
        .filter((s) => s.type === 'no-site-record')
        .flatMap((s) => s.refs.map((r) => r.enterpriseKey)),
    ).toContain(uscc(90))
  })
})
