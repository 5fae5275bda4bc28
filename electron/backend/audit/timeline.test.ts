/**
 * manifest.timeline (issue 16 §2): a bundle signed here carries when each item was recorded,
 * read from the local audit log, signed with the rest; bundles without it still verify; a
 * changed timeline breaks the signature. Real SQLite files, real signatures.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manifestSchema } from '../../../shared/domain/bundle/schema'
import type { BundleManifest } from '../../../shared/domain/bundle/types'
import { buildBundle, readManifest, verifyBundleBytes } from '../bundle/build'
import { exampleAssessment, evidenceFiles, testKey } from '../bundle/test-helpers'
import { dispatch } from '../dispatch'
import { enterpriseInput, fullAnswers, SCENE_IDS, tempBackend } from '../test-helpers'

type B = Awaited<ReturnType<typeof tempBackend>>
let b: B
let manifest: BundleManifest
let bytes: Uint8Array

async function ok(method: string, input: unknown): Promise<Record<string, unknown>> {
  const w = await dispatch(b, method, input)
  if (!w.ok) throw new Error(`${method}: ${w.error.message}`)
  return w.value as Record<string, unknown>
}

beforeAll(async () => {
  b = await tempBackend()
  await ok('keys.create', { passphrase: 'timeline test passphrase' })
  const ent = (await ok('enterprises.create', enterpriseInput(31))) as { id: string }
  const other = (await ok('enterprises.create', enterpriseInput(32))) as { id: string }
  const a = (await ok('assessments.create', {
    enterpriseId: ent.id,
    kind: 'diagnosis',
    assessorName: '李四',
    assessedOn: '2026-11-27',
  })) as { assessment: { id: string } }
  // another assessment's writes must not appear in this one's timeline
  await ok('assessments.create', {
    enterpriseId: other.id,
    kind: 'diagnosis',
    assessorName: '李四',
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await ok('assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await ok('assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
  await ok('assessments.setNote', { assessmentId: id, itemId: 'SC07', note: '质量数据闭环' })
  await ok('assessments.complete', { id })
  const bundle = (await ok('bundles.create', { assessmentId: id, enqueue: false })) as {
    bundleId: string
  }
  bytes = new Uint8Array(readFileSync(join(b.dataDir, 'bundles', `${bundle.bundleId}.dlbundle`)))
  manifest = readManifest(bytes)
}, 60_000)
afterAll(async () => {
  await b?.cleanup()
})

describe('manifest.timeline', () => {
  it('lists every write to the assessment in audit-row order, with item ids and no values', () => {
    const t = manifest.timeline!
    expect(t[0]).toMatchObject({ action: 'assessment.create', itemId: null })
    expect(t.at(-1)).toMatchObject({ action: 'assessment.complete', itemId: null })
    const answered = t.filter((e) => e.action === 'answer.set').map((e) => e.itemId)
    expect(answered).toEqual(Object.keys(fullAnswers()))
    expect(t.filter((e) => e.action === 'scene.set').map((e) => e.itemId)).toEqual(SCENE_IDS)
    expect(t.find((e) => e.action === 'note.set')?.itemId).toBe('SC07')
    for (let i = 1; i < t.length; i++) expect(t[i]!.row).toBeGreaterThan(t[i - 1]!.row)
    expect(t.at(-1)!.row).toBeLessThanOrEqual(manifest.audit!.row)
    expect(JSON.stringify(t)).not.toContain('质量数据闭环')
    expect(verifyBundleBytes(bytes).ok).toBe(true)
  })

  it('is signed: a changed event time fails verification', () => {
    const files = unzipSync(bytes)
    const m = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as BundleManifest
    m.timeline![3]!.at = '2020-01-01T00:00:00.000Z'
    files['manifest.json'] = strToU8(JSON.stringify(m))
    const v = verifyBundleBytes(zipSync(files))
    expect(v.ok).toBe(false)
  })

  it('bundles signed without a timeline still verify', () => {
    const k = testKey()
    const old = buildBundle({
      assessment: exampleAssessment(),
      evidence: evidenceFiles(1),
      signer: k.signer,
      now: new Date('2026-11-27T02:00:00Z'),
    })
    expect(old.manifest.timeline).toBeUndefined()
    expect(verifyBundleBytes(old.bytes).ok).toBe(true)
  })

  it('the schema refuses events out of row order, naming the event', () => {
    const r = manifestSchema.safeParse({
      ...manifest,
      timeline: [manifest.timeline![1], manifest.timeline![0]],
    })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual(['timeline', 1, 'row'])
  })
})
