/**
 * Issue 12 §3: central is idempotent under concurrency on both databases. N identical pushes that
 * arrive together store one bundle and all get the same receipt bytes; a real conflict (other
 * bytes under the same bundle id) is the only 409.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import { fromBase64 } from '../shared/domain/bundle/codec'
import type { ClientSigner } from '../shared/domain/bundle/client'
import { verifySignature } from './crypto'
import {
  evidenceBytes,
  exampleAssessment,
  makeBundle,
  registeredClient,
  runCentral,
  signedRequest,
  TEST_DATABASES,
  type RunningCentral,
  type TestBundle,
} from './testing/fixtures'

const N = 20

/** N pushes of `body` at once, each with its own nonce; status and body text of each answer. */
async function pushAll(
  c: RunningCentral,
  signer: ClientSigner,
  bodies: Uint8Array[],
): Promise<{ status: number; text: string }[]> {
  const reqs = bodies.map((b) => signedRequest(signer, 'POST', '/v1/bundles', b))
  return Promise.all(
    reqs.map(async (r) => {
      const res = await fetch(c.url + '/v1/bundles', {
        method: 'POST',
        headers: { ...r.headers, 'content-type': 'application/json' },
        body: r.body as Uint8Array<ArrayBuffer>,
      })
      return { status: res.status, text: await res.text() }
    }),
  )
}

const pushBody = (b: TestBundle): Uint8Array =>
  Buffer.from(JSON.stringify({ protocolVersion: 1, manifest: b.manifest, signature: b.signature }))

/** The receipt inside an answer, as the exact bytes the server sent. */
function receiptBytes(text: string): string {
  const i = text.indexOf('"receipt":')
  expect(i, text.slice(0, 200)).toBeGreaterThan(0)
  return text.slice(i)
}

describe.each(TEST_DATABASES)('central on $name under concurrent identical pushes', (database) => {
  let c: RunningCentral
  beforeEach(async () => {
    c = await runCentral(database)
  })
  afterEach(async () => {
    await c.dispose()
  })

  it(`${N} identical pushes at once store one bundle and return the same receipt bytes to all`, async () => {
    const { client, signer } = await registeredClient(c)
    const b = makeBundle({ signer, evidence: evidenceBytes(2, 'race') })
    for (const [sha, bytes] of b.evidence) await client.uploadEvidence(sha, bytes)
    const answers = await pushAll(c, signer, Array(N).fill(pushBody(b)))
    expect(answers.map((a) => a.status)).toEqual(Array(N).fill(200))
    const statuses = answers.map((a) => (JSON.parse(a.text) as { status: string }).status)
    for (const s of statuses) expect(['accepted', 'already-accepted']).toContain(s)
    const receipts = new Set(answers.map((a) => receiptBytes(a.text)))
    expect(receipts.size).toBe(1)
    const rows = await c.ctx.db
      .selectFrom('bundles')
      .select(['bundle_id', 'receipt_json'])
      .execute()
    expect(rows).toHaveLength(1)
    // the stored receipt is the one every pusher got, and it verifies with the server key
    const stored = JSON.parse(rows[0]!.receipt_json!) as {
      receipt: unknown
      signature: { signature: string }
    }
    expect(
      JSON.parse(
        receiptBytes(answers[0]!.text)
          .replace(/^"receipt":/, '')
          .slice(0, -1),
      ),
    ).toEqual(stored)
    expect(
      verifySignature(
        c.ctx.serverKey.info,
        canonicalBytes(stored.receipt),
        fromBase64(stored.signature.signature)!,
      ),
    ).toBe(true)
  })

  it(`${N} identical pushes before the evidence: one bundle, all told what is missing; then ${N} more get one receipt`, async () => {
    const { client, signer } = await registeredClient(c)
    const b = makeBundle({ signer, evidence: evidenceBytes(1, 'race-incomplete') })
    const first = await pushAll(c, signer, Array(N).fill(pushBody(b)))
    expect(first.map((a) => a.status)).toEqual(Array(N).fill(200))
    for (const a of first)
      expect(JSON.parse(a.text)).toMatchObject({
        status: 'incomplete',
        missingEvidence: [...b.evidence.keys()],
      })
    for (const [sha, bytes] of b.evidence) await client.uploadEvidence(sha, bytes)
    const second = await pushAll(c, signer, Array(N).fill(pushBody(b)))
    expect(second.map((a) => a.status)).toEqual(Array(N).fill(200))
    expect(new Set(second.map((a) => receiptBytes(a.text))).size).toBe(1)
    expect(await c.ctx.db.selectFrom('bundles').select('bundle_id').execute()).toHaveLength(1)
  })

  it('among identical pushes at once, only the one with other bytes under the same id is 409', async () => {
    const { signer } = await registeredClient(c)
    const b = makeBundle({ signer })
    const changed = exampleAssessment()
    ;(changed['scenes'] as Record<string, number>)['SC02'] = 3
    const other = makeBundle({
      signer,
      assessment: changed,
      recordId: b.manifest.recordId,
      bundleId: b.manifest.bundleId,
    })
    const bodies = Array<Uint8Array>(N).fill(pushBody(b))
    bodies[N / 2] = pushBody(other)
    const answers = await pushAll(c, signer, bodies)
    const conflicts = answers.filter((a) => a.status === 409)
    // whichever came first is stored; every push of the other content is the conflict
    const stored = await c.ctx.db.selectFrom('bundles').select('manifest_sha256').execute()
    expect(stored).toHaveLength(1)
    const storedIsOther = stored[0]!.manifest_sha256 === other.signature.signedBytesSha256
    expect(conflicts).toHaveLength(storedIsOther ? N - 1 : 1)
    for (const a of conflicts)
      expect(JSON.parse(a.text)).toMatchObject({ error: 'conflict-same-id' })
    expect(answers.filter((a) => a.status !== 409).map((a) => a.status)).toEqual(
      Array(N - conflicts.length).fill(200),
    )
  })
})
