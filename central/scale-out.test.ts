/**
 * Issue 16 §4: two central processes on one PostgreSQL and one S3-compatible store (s3rver)
 * behave as one service. 20 clients push at once, every request going to the next instance in
 * turn (as a round-robin reverse proxy would): registration, evidence chunks of one file on both
 * instances, pushes — each bundle also pushed to both instances at the same moment. Every bundle
 * is stored once, every client's receipts verify with the one server key and equal the stored
 * ones, and no upload is left open.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SyncClient } from '../shared/domain/bundle/client'
import { fromBase64 } from '../shared/domain/bundle/codec'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import type { SignedReceipt } from '../shared/domain/bundle/types'
import { loadOrCreateServerKey, sha256Hex, verifySignature } from './crypto'
import { openCentralDatabase } from './db/open'
import { ed25519Signer, evidenceBytes, makeBundle, TEST_DATABASES } from './testing/fixtures'
import { CentralChild } from './testing/process'
import { startS3, type TestS3 } from './testing/s3-server'

const CLIENTS = 20
const BUNDLES_PER_CLIENT = 2
const pgDb = TEST_DATABASES.find((d) => d.name === 'postgres')

describe.skipIf(!pgDb)('two central instances on one PostgreSQL', () => {
  const stops: Array<() => Promise<unknown>> = []
  afterAll(async () => {
    for (const s of stops.reverse()) await s()
  })

  it(`${CLIENTS} clients, requests alternating between instances: every bundle stored once, all receipts valid`, async () => {
    const d = await pgDb!.create()
    stops.push(() => d.drop())
    const s3: TestS3 = await startS3()
    stops.push(() => s3.close())
    const keyFile = join(mkdtempSync(join(tmpdir(), 'dl-scale-key-')), 'server-key.pem')
    const serverKey = loadOrCreateServerKey(keyFile).info
    const instances = [0, 1].map(
      (i) =>
        new CentralChild({
          CENTRAL_DATA_DIR: mkdtempSync(join(tmpdir(), `dl-scale-${i}-`)),
          DATABASE_URL: d.databaseUrl!,
          CENTRAL_SERVER_KEY_FILE: keyFile,
          // the registration limit is shared by the instances (rate_limits table): room for 20
          CENTRAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR: String(CLIENTS),
          ...s3.env(),
        }),
    )
    const urls = await Promise.all(instances.map((x) => x.start()))
    for (const x of instances) stops.push(() => x.stop())
    expect(new Set(urls).size).toBe(2)

    let turn = 0
    const perInstance = [0, 0]
    const clientOf = (signer: ReturnType<typeof ed25519Signer>) =>
      new SyncClient({
        baseUrl: 'http://proxy',
        signer,
        fetch: async (u, init) => {
          const i = turn++ % 2
          perInstance[i]!++
          return fetch(u.replace('http://proxy', urls[i]!), {
            method: init.method,
            headers: init.headers,
            ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
          })
        },
        sha256Hex: (b) => sha256Hex(b),
        nonce: () => randomBytes(16).toString('base64url'),
        now: () => Date.now(),
      })

    const clients = Array.from({ length: CLIENTS }, () => {
      const signer = ed25519Signer()
      return { signer, client: clientOf(signer) }
    })
    await Promise.all(
      clients.map((c, i) => c.client.register({ name: `评估员${i}` }, new Date().toISOString())),
    )
    const admin = await openCentralDatabase({ databaseUrl: d.databaseUrl, sqlitePath: '' })
    stops.push(() => admin.close())
    await admin.db
      .updateTable('assessor_keys')
      .set({ status: 'approved', approved_at: new Date().toISOString() })
      .execute()

    const pushed = await Promise.all(
      clients.map(async ({ signer, client }, ci) => {
        const out: { bundleId: string; receipts: SignedReceipt[] }[] = []
        for (let k = 0; k < BUNDLES_PER_CLIENT; k++) {
          // one evidence file shared by all clients (each must send it), one of its own
          const b = makeBundle({
            signer,
            evidence: [
              evidenceBytes(1, 'shared', 9_000)[0]!,
              evidenceBytes(1, `c${ci}-${k}`, 7_000)[0]!,
            ],
          })
          for (const m of await client.missingEvidence([...b.evidence.keys()]))
            await client.uploadEvidence(m.sha256, b.evidence.get(m.sha256)!, m.received, 2_000)
          // the same bundle to both instances at once
          const rs = await Promise.all([
            client.pushBundle(b.manifest, b.signature),
            client.pushBundle(b.manifest, b.signature),
          ])
          for (const r of rs) expect(['accepted', 'already-accepted']).toContain(r.status)
          out.push({ bundleId: b.manifest.bundleId, receipts: rs.map((r) => r.receipt!) })
        }
        return out
      }),
    )
    expect(perInstance[0]).toBeGreaterThan(CLIENTS * 4)
    expect(perInstance[1]).toBeGreaterThan(CLIENTS * 4)

    const rows = await admin.db
      .selectFrom('bundles')
      .select(['bundle_id', 'status', 'receipt_json'])
      .execute()
    expect(rows).toHaveLength(CLIENTS * BUNDLES_PER_CLIENT)
    expect(new Set(rows.map((r) => r.bundle_id)).size).toBe(CLIENTS * BUNDLES_PER_CLIENT)
    const stored = new Map(rows.map((r) => [r.bundle_id, r.receipt_json!]))
    for (const p of pushed.flat()) {
      for (const r of p.receipts) {
        expect(JSON.stringify(r)).toBe(stored.get(p.bundleId))
        expect(r.signature.keyId).toBe(serverKey.keyId)
        expect(
          verifySignature(serverKey, canonicalBytes(r.receipt), fromBase64(r.signature.signature)!),
        ).toBe(true)
      }
    }
    // one row per distinct file, held by every client that sent it; no upload left open
    const ev = await admin.db.selectFrom('evidence').select('sha256').execute()
    expect(ev).toHaveLength(1 + CLIENTS * BUNDLES_PER_CLIENT)
    const holders = await admin.db.selectFrom('evidence_holders').select('sha256').execute()
    expect(holders).toHaveLength(CLIENTS + CLIENTS * BUNDLES_PER_CLIENT)
    expect(await admin.db.selectFrom('upload_sessions').selectAll().execute()).toEqual([])
    // no error logged by either instance (the AWS SDK's Node-version notice aside)
    for (const x of instances) expect(x.stderr).not.toMatch(/^central/m)
  }, 240_000)
})
