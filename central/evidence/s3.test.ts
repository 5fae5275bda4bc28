/**
 * Issue 16 §4: the S3 evidence store against an S3-compatible server running on this machine
 * (s3rver from npm): chunked uploads across the store's parts, the assembled object's bytes, a
 * wrong file discarded with nothing stored, abandoned parts swept, readiness, and a bundle taken
 * end to end by central configured with the store.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex } from '../crypto'
import { upkeep } from '../upkeep'
import {
  evidenceBytes,
  makeBundle,
  refused,
  registeredClient,
  runCentral,
  sqliteDb,
  type RunningCentral,
} from '../testing/fixtures'
import { startS3, type TestS3 } from '../testing/s3-server'
import { S3Backend } from './s3'

let s3: TestS3
let c: RunningCentral
let t = Date.now()
beforeAll(async () => {
  s3 = await startS3()
  c = await runCentral(sqliteDb, {
    evidence: { kind: 's3', ...s3.config(undefined, 'hebi') },
    now: () => new Date(t),
    limits: { uploadTtlMs: 60 * 60 * 1000 },
  })
})
afterAll(async () => {
  await c?.dispose()
  await s3?.close()
})

async function readAll(s: NodeJS.ReadableStream): Promise<Buffer> {
  const out: Buffer[] = []
  for await (const x of s) out.push(x as Buffer)
  return Buffer.concat(out)
}

describe('S3 evidence store (s3rver)', () => {
  it('takes chunked uploads, stores the exact bytes once, and central accepts the bundle', async () => {
    expect(c.ctx.store.backend.description).toBe('s3://dl-evidence/hebi/')
    const { client, signer } = await registeredClient(c)
    const files = evidenceBytes(3, 's3', 70_000)
    const b = makeBundle({ signer, evidence: files })
    expect((await client.pushBundle(b.manifest, b.signature)).status).toBe('incomplete')
    for (const m of await client.missingEvidence([...b.evidence.keys()]))
      await client.uploadEvidence(m.sha256, b.evidence.get(m.sha256)!, m.received, 16_384)
    const r = await client.pushBundle(b.manifest, b.signature)
    expect(r.status).toBe('accepted')
    for (const [sha, bytes] of b.evidence) {
      expect(await c.ctx.store.backend.exists(sha)).toBe(true)
      const back = await readAll(await c.ctx.store.read(sha))
      expect(createHash('sha256').update(back).digest('hex')).toBe(sha)
      expect(back.equals(Buffer.from(bytes))).toBe(true)
    }
    // the parts are gone once each file is assembled
    expect(await c.ctx.store.backend.staleParts(Date.now() + 1e9)).toEqual([])
    expect((await fetch(`${c.url}/readyz`)).status).toBe(200)
  })

  it('a file whose bytes do not match its name is discarded: no object, no row', async () => {
    const { client } = await registeredClient(c)
    const [bytes] = evidenceBytes(1, 's3-wrong', 40_000)
    const sha = sha256Hex(bytes!)
    const wrong = Buffer.from(bytes!)
    wrong[39_999]! ^= 1
    const e = await refused(client.uploadEvidence(sha, wrong, 0, 16_384))
    expect([e.status, e.code]).toEqual([422, 'evidence-mismatch'])
    expect(await c.ctx.store.backend.exists(sha)).toBe(false)
    expect((await c.ctx.store.sizes([sha])).size).toBe(0)
    expect(await c.ctx.store.backend.staleParts(Date.now() + 1e9)).toEqual([])
  })

  it('an abandoned upload and an orphan part are swept after the TTL', async () => {
    const { signer } = await registeredClient(c)
    const [bytes] = evidenceBytes(1, 's3-abandoned', 50_000)
    const sha = sha256Hex(bytes!)
    expect(
      (
        await c.ctx.store.append(
          signer.info.keyId,
          sha,
          0,
          bytes!.length,
          bytes!.subarray(0, 20_000),
        )
      ).status,
    ).toBe('partial')
    // a part written by a process that died before admitting it
    const orphan = `parts/${signer.info.keyId}/${sha}/20000-0123456789ab`
    await c.ctx.store.backend.putPart(orphan, bytes!.subarray(20_000, 30_000))
    expect((await c.ctx.store.backend.staleParts(Date.now() + 1e9)).length).toBe(2)
    t += 2 * 60 * 60 * 1000
    expect(await upkeep(c.ctx, t)).toMatchObject({ abandonedUploads: 1, orphanParts: 1 })
    expect(await c.ctx.store.backend.staleParts(Date.now() + 1e9)).toEqual([])
  })

  it('probe and description work with a plain S3Backend (no prefix)', async () => {
    const b = new S3Backend(s3.config())
    try {
      expect(b.description).toBe('s3://dl-evidence/')
      await b.probe('test-instance')
      expect(await b.exists('0'.repeat(64))).toBe(false)
    } finally {
      b.destroy()
    }
  })
})
