/**
 * The 诊断建议 travels to the city (issue 13 item 7): two laptops, each with its own key and one
 * diagnosis, the second with findings copied from the first enterprise's. Each signs and sends
 * its bundle to a real central service (SQLite); the stored manifests carry manifest.advice and
 * manifest.homogeneity, and the central integrity run — with the same trigram similarity the
 * laptops use — raises one similar-text signal naming both enterprises. A laptop that holds both
 * diagnoses names the other record in its bundle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setKeyStatus } from '../../central/admin'
import { computeSignals } from '../../central/signals/run'
import { listSignals } from '../../central/signals/store'
import { runCentral, sqliteDb, type RunningCentral } from '../../central/testing/fixtures'
import type { Output } from '../../shared/contract/api'
import type { BundleManifest } from '../../shared/domain/bundle/types'
import { QIXIAN_SHIPIN_FINDINGS } from '../../electron/backend/advice/fixtures/example-findings'
import { enterExample, ok, writeFindings } from '../../electron/backend/advice/test-support'
import { makeUscc, tempBackend } from '../../electron/backend/test-helpers'

type Laptop = Awaited<ReturnType<typeof tempBackend>>

let central: RunningCentral
const laptops: Laptop[] = []
beforeAll(async () => {
  central = await runCentral(sqliteDb)
}, 60_000)
afterAll(async () => {
  for (const l of laptops) await l.cleanup()
  await central?.dispose()
})

async function laptop(name: string): Promise<Laptop> {
  const b = await tempBackend()
  laptops.push(b)
  const k = await ok<Output<'keys.create'>>(b, 'keys.create', { passphrase: `${name} 的口令 2026` })
  await ok(b, 'sync.configure', { serverUrl: central.url })
  await ok(b, 'sync.register', { name, agency: '鹤壁某服务商' })
  await setKeyStatus(central.ctx, k.key!.keyId, 'approved')
  return b
}

/** The example with the findings, a 二级 plan, completed, signed and sent. */
async function diagnose(b: Laptop, uscc: string, enterpriseName: string) {
  const { assessmentId } = await enterExample(b, 'diagnosis-level1-qixian-shipin.json', {
    uscc,
    enterpriseName,
  })
  await writeFindings(b, assessmentId, QIXIAN_SHIPIN_FINDINGS)
  await ok(b, 'advice.acceptPlan', { assessmentId, target: 2 })
  await ok(b, 'assessments.complete', { id: assessmentId })
  const bundle = await ok<Output<'bundles.create'>>(b, 'bundles.create', { assessmentId })
  expect(await ok(b, 'sync.run', {})).toMatchObject({ accepted: 1, rejected: 0 })
  return { assessmentId, bundleId: bundle.bundleId }
}

async function storedManifest(bundleId: string): Promise<BundleManifest> {
  const row = await central.ctx.db
    .selectFrom('bundles')
    .select('manifest_json')
    .where('bundle_id', '=', bundleId)
    .executeTakeFirstOrThrow()
  return JSON.parse(row.manifest_json) as BundleManifest
}

describe('诊断建议 at the central service', () => {
  it('bundles carry advice and homogeneity; the city recomputes the similarity and names both', async () => {
    const a = await laptop('张评估')
    const b = await laptop('李评估')
    const first = await diagnose(a, makeUscc(501), '淇县甲食品有限公司（虚构示例）')
    const copy = await diagnose(b, makeUscc(502), '淇县乙食品有限公司（虚构示例）')

    const m1 = await storedManifest(first.bundleId)
    const m2 = await storedManifest(copy.bundleId)
    for (const m of [m1, m2]) {
      expect(m.advice?.format).toBe('sme-dl-advice/v1')
      expect(m.advice?.findings).toHaveLength(13)
      expect(m.advice?.after?.level).toBe(2)
      // each laptop held only its own enterprise's diagnosis
      expect(m.homogeneity).toMatchObject({ compared: 0, otherRecordId: null, similarity: 0 })
    }

    const run = await computeSignals(central.ctx)
    expect(run.skipped).toBe(false)
    const { items } = await listSignals(central.ctx, { status: 'all' })
    const similar = items.filter((s) => s.type === 'similar-text')
    expect(similar).toHaveLength(1)
    expect(new Set(similar[0]!.refs.map((r) => r.bundleId))).toEqual(
      new Set([first.bundleId, copy.bundleId]),
    )
    expect(similar[0]!.summary).toMatch(/诊断建议/)
    expect(similar[0]!.summary).toMatch(/相似度最高 100%/)

    // a third enterprise on the second laptop, same findings: its bundle names the one there
    const third = await diagnose(b, makeUscc(503), '淇县丙食品有限公司（虚构示例）')
    const m3 = await storedManifest(third.bundleId)
    expect(m3.homogeneity).toMatchObject({
      policy: 'trigram-jaccard-v1',
      similarity: 1,
      otherRecordId: copy.assessmentId,
      compared: 1,
      judged: true,
    })
  }, 240_000)
})
