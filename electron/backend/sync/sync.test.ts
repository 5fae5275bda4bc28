/**
 * The sync client against a real central service (SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set): outbox states, retries with backoff on an injected clock,
 * rejections with reasons, a connection cut mid-upload, and the central process SIGKILLed and
 * restarted mid-sync.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { setKeyStatus } from '../../../central/admin'
import { openCentralDatabase } from '../../../central/db/open'
import { DirectoryBackend } from '../../../central/evidence/directory'
import { DEFAULT_UPLOAD_TTL_MS, EvidenceStore } from '../../../central/evidence-store'
import { runCentral, TEST_DATABASES, type RunningCentral } from '../../../central/testing/fixtures'
import type { BackoffPolicy } from '../../../shared/domain/bundle/outbox'
import type { SignedReceipt } from '../../../shared/domain/bundle/types'
import { buildBundle, type BuiltBundle } from '../bundle/build'
import { evidenceFiles, exampleAssessment, testKey } from '../bundle/test-helpers'
import type { Signer } from '../crypto/keys'
import { BundleStore } from './bundle-store'
import { createSyncClient } from './http'
import { listRows } from './outbox-repo'
import { checkReceipt, OutboxRunner } from './runner'
import { CentralProcess, CuttingProxy, freePort, openLocalDb } from './test-support'

const BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 }

class Clock {
  t = Date.now()
  now = (): number => this.t
  advance(ms: number): void {
    this.t += ms
  }
}

function bundles(
  signer: Signer,
  n: number,
  evidencePer = 2,
  seed = 'x',
  size = 200,
): BuiltBundle[] {
  return Array.from({ length: n }, (_, i) =>
    buildBundle({
      assessment: exampleAssessment(),
      evidence: evidenceFiles(evidencePer, `${seed}${i}`, size),
      signer,
      now: new Date(),
    }),
  )
}

describe.each(TEST_DATABASES)('sync client with central on $name', (database) => {
  const cleanups: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c()
  })

  async function setup(opts: { approve?: boolean } = {}) {
    const central = await runCentral(database)
    cleanups.push(() => central.dispose())
    const local = await openLocalDb()
    cleanups.push(() => local.close())
    const { signer } = testKey()
    const clock = new Clock()
    const client = createSyncClient({ baseUrl: central.url, signer })
    await client.register({ name: '王评估' }, new Date().toISOString())
    if (opts.approve !== false) await setKeyStatus(central.ctx, signer.info.keyId, 'approved')
    const store = new BundleStore(join(local.dir, 'bundles'))
    const runner = new OutboxRunner({
      db: local.db,
      store,
      client,
      clock: clock.now,
      serverKey: await client.serverKey(),
      backoff: BACKOFF,
      chunkSize: 4096,
    })
    return { central, local, signer, clock, client, store, runner }
  }

  it('sends queued bundles, keeps verified receipts, and a correction follows its predecessor', async () => {
    const s = await setup()
    const [a, b] = bundles(s.signer, 2)
    const corr = buildBundle({
      assessment: exampleAssessment(),
      evidence: evidenceFiles(1, 'c'),
      signer: s.signer,
      now: new Date(),
      supersedes: { manifest: a!.manifest, reason: '更正SC03' },
    })
    for (const x of [a!, b!, corr]) await s.runner.add(x.bytes)
    expect((await listRows(s.local.db)).map((r) => r.state)).toEqual(['queued', 'queued', 'queued'])
    const sum = await s.runner.runOnce()
    expect(sum).toMatchObject({ accepted: 3, rejected: 0, retried: 0, evidenceUploaded: 5 })
    const rows = await listRows(s.local.db)
    expect(rows.every((r) => r.state === 'accepted' && r.receiptJson)).toBe(true)
    const serverKey = await s.client.serverKey()
    for (const r of rows)
      checkReceipt(JSON.parse(r.receiptJson!) as SignedReceipt, serverKey, {
        bundleId: r.bundleId,
        manifestSha256: r.manifestSha256,
      })
    expect(await s.runner.runOnce()).toMatchObject({ accepted: 0, retried: 0 })
    // Adding the same bundle again changes nothing.
    await s.runner.add(a!.bytes)
    expect((await listRows(s.local.db, 'accepted')).length).toBe(3)
  })

  it('retries with exponential backoff while the key is pending, then delivers', async () => {
    const s = await setup({ approve: false })
    const [a] = bundles(s.signer, 1)
    await s.runner.add(a!.bytes)
    expect(await s.runner.runOnce()).toMatchObject({ retried: 1 })
    let [row] = await listRows(s.local.db)
    expect(row).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: s.clock.t + 1000 })
    expect(row!.lastError).toMatch(/^auth-key-pending: /)
    expect(await s.runner.runOnce()).toMatchObject({ retried: 0, accepted: 0 }) // not due yet
    s.clock.advance(1000)
    await s.runner.runOnce()
    ;[row] = await listRows(s.local.db)
    expect(row).toMatchObject({ attempts: 2, nextAttemptAt: s.clock.t + 2000 })
    await setKeyStatus(s.central.ctx, s.signer.info.keyId, 'approved')
    s.clock.advance(2000)
    expect(await s.runner.runOnce()).toMatchObject({ accepted: 1 })
  })

  it('「立即发送」 (force) sends a bundle still in backoff', async () => {
    const s = await setup({ approve: false })
    const [a] = bundles(s.signer, 1)
    await s.runner.add(a!.bytes)
    expect(await s.runner.runOnce()).toMatchObject({ retried: 1 })
    await setKeyStatus(s.central.ctx, s.signer.info.keyId, 'approved')
    expect(await s.runner.runOnce()).toMatchObject({ accepted: 0, retried: 0 }) // backoff
    expect(await s.runner.runOnce({ force: true })).toMatchObject({ accepted: 1 })
    expect((await listRows(s.local.db)).map((r) => r.state)).toEqual(['accepted'])
  })

  it('rejects with the reason: other bytes under a delivered bundle id, an unregistered signer', async () => {
    const s = await setup()
    const [a] = bundles(s.signer, 1)
    await s.runner.add(a!.bytes)
    await s.runner.runOnce()
    // A second device holds a bundle with the same id but other content.
    const s2 = await openLocalDb()
    cleanups.push(() => s2.close())
    const changed = exampleAssessment()
    ;(changed['scenes'] as Record<string, number>)['SC04'] = 1
    const clash = buildBundle({
      assessment: changed,
      evidence: [],
      signer: s.signer,
      now: new Date(),
      bundleId: a!.manifest.bundleId,
      recordId: a!.manifest.recordId,
    })
    const r2 = new OutboxRunner({
      db: s2.db,
      store: new BundleStore(join(s2.dir, 'b')),
      client: s.client,
      clock: s.clock.now,
      serverKey: await s.client.serverKey(),
    })
    await r2.add(clash.bytes)
    expect(await r2.runOnce()).toMatchObject({ rejected: 1 })
    const [row] = await listRows(s2.db)
    expect(row!.state).toBe('rejected')
    expect(row!.lastError).toMatch(
      /^conflict-same-id: bundle .*: a different bundle with this id was received before/,
    )
    // Signed by a key the city never registered.
    const stranger = testKey()
    const foreign = buildBundle({
      assessment: exampleAssessment(),
      evidence: [],
      signer: stranger.signer,
      now: new Date(),
    })
    await s.runner.add(foreign.bytes)
    await s.runner.runOnce()
    const f = (await listRows(s.local.db)).find((r) => r.bundleId === foreign.manifest.bundleId)!
    expect(f.state).toBe('rejected')
    expect(f.lastError).toMatch(
      /^auth-unknown-key: bundle .*: signed by key .* which is not registered/,
    )
  })

  it('a connection cut mid-upload resumes without re-sending what arrived', async () => {
    const s = await setup()
    const proxy = new CuttingProxy(Number(new URL(s.central.url).port))
    const url = await proxy.start()
    cleanups.push(() => proxy.close())
    const client = createSyncClient({ baseUrl: url, signer: s.signer })
    const runner = new OutboxRunner({
      db: s.local.db,
      store: s.store,
      client,
      clock: s.clock.now,
      serverKey: await client.serverKey(),
      backoff: BACKOFF,
      chunkSize: 16_384,
    })
    const [a] = bundles(s.signer, 1, 1, 'big', 200_000)
    await runner.add(a!.bytes)
    const size = a!.manifest.evidence[0]!.size
    const before = s.central.ctx.store.appendedBytes
    proxy.cutAfter(100_000) // about six 16 KiB chunks get through, then the cable is pulled
    expect(await runner.runOnce()).toMatchObject({ retried: 1 })
    expect(proxy.cuts).toBe(1)
    const [row] = await listRows(s.local.db)
    expect(row!.state).toBe('queued')
    const [m] = await client.missingEvidence([a!.manifest.evidence[0]!.sha256])
    expect(m!.received).toBeGreaterThan(0)
    expect(m!.received % 16_384).toBe(0)
    s.clock.advance(1000)
    const sum = await runner.runOnce()
    expect(sum).toMatchObject({ accepted: 1 })
    expect(sum.bytesSent).toBe(size - m!.received)
    expect(s.central.ctx.store.appendedBytes - before).toBe(size)
  })
})

describe.each(TEST_DATABASES)(
  'central ($name) killed with SIGKILL and restarted mid-sync',
  (database) => {
    let proc: CentralProcess | null = null
    let dropDb: (() => Promise<void>) | null = null
    afterEach(async () => {
      await proc?.kill()
      await dropDb?.()
    })

    it('loses nothing and duplicates nothing', async () => {
      const d = await database.create()
      dropDb = d.drop
      const dataDir = mkdtempSync(join(tmpdir(), 'dl-central-proc-'))
      proc = new CentralProcess({ dataDir, port: await freePort(), databaseUrl: d.databaseUrl })
      const url = await proc.start()
      const { signer } = testKey()
      const clock = new Clock()
      let puts = 0
      let killAt = -1
      const killing: Promise<void>[] = []
      const client = createSyncClient({
        baseUrl: url,
        signer,
        fetch: async (u, init) => {
          if (init.method === 'PUT' && ++puts === killAt) killing.push(proc!.kill())
          if (killing.length) await Promise.all(killing)
          const res = await fetch(u, {
            method: init.method,
            headers: init.headers,
            ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
          })
          return res
        },
      })
      await client.register({ name: '李评估', agency: '鹤壁某服务商' }, new Date().toISOString())
      const approved = await proc.admin(['approve', signer.info.keyId.slice(0, 16)])
      expect(approved).toMatchObject({ code: 0 })
      expect(approved.out).toMatch(/approved: [0-9a-f]{64}/)
      const local = await openLocalDb()
      try {
        const store = new BundleStore(join(local.dir, 'bundles'))
        const runner = new OutboxRunner({
          db: local.db,
          store,
          client,
          clock: clock.now,
          serverKey: await client.serverKey(),
          backoff: BACKOFF,
          chunkSize: 1024,
        })
        const all = bundles(signer, 12, 3, 'k', 3000)
        for (const b of all) await runner.add(b.bytes)
        killAt = 40 // the server dies in the middle of an evidence upload of the 4th or 5th bundle
        const first = await runner.runOnce()
        expect(first.accepted).toBeGreaterThan(0)
        expect(first.accepted).toBeLessThan(12)
        expect(first.retried).toBeGreaterThan(0)
        killing.length = 0
        killAt = -1
        await proc.start()
        // Also simulate the client having crashed while sending: recover() requeues `sending`.
        expect(await runner.recover()).toBe(0)
        for (let i = 0; i < 8 && (await listRows(local.db, 'accepted')).length < 12; i++) {
          clock.advance(60_000)
          await runner.runOnce()
        }
        const rows = await listRows(local.db)
        expect(rows.map((r) => r.state)).toEqual(Array(12).fill('accepted'))
        await proc.kill()
        // What the central service holds: exactly the 12 bundles, each once, all evidence files.
        const cdb = await openCentralDatabase({
          databaseUrl: d.databaseUrl,
          sqlitePath: join(dataDir, 'central.sqlite'),
        })
        try {
          const b = await cdb.db
            .selectFrom('bundles')
            .select(['bundle_id', 'status', 'receipt_json'])
            .execute()
          expect(b.length).toBe(12)
          expect(new Set(b.map((x) => x.bundle_id))).toEqual(
            new Set(all.map((x) => x.manifest.bundleId)),
          )
          expect(b.every((x) => x.status === 'accepted')).toBe(true)
          const be = await cdb.db
            .selectFrom('bundle_evidence')
            .select(['bundle_id', 'sha256'])
            .execute()
          expect(be.length).toBe(36)
          // The receipt the client kept is the one the server stored.
          for (const r of rows)
            expect(JSON.parse(r.receiptJson!)).toEqual(
              JSON.parse(b.find((x) => x.bundle_id === r.bundleId)!.receipt_json!),
            )
          // No upload is left open; a chunk written but not admitted when the process died is an
          // orphan part that the upkeep sweep removes once the upload TTL has passed.
          expect(await cdb.db.selectFrom('upload_sessions').selectAll().execute()).toEqual([])
          expect(await cdb.db.selectFrom('upload_parts').selectAll().execute()).toEqual([])
          await new EvidenceStore(cdb.db, new DirectoryBackend(dataDir)).sweep(
            Date.now() + 2 * DEFAULT_UPLOAD_TTL_MS,
          )
        } finally {
          await cdb.close()
        }
        const files = readdirSync(join(dataDir, 'evidence'), {
          recursive: true,
          withFileTypes: true,
        }).filter((f) => f.isFile())
        expect(files.length).toBe(36)
        const parts = existsSync(join(dataDir, 'parts'))
          ? readdirSync(join(dataDir, 'parts'), { recursive: true, withFileTypes: true })
          : []
        expect(parts.filter((f) => f.isFile())).toEqual([])
      } finally {
        await local.close()
      }
    }, 120_000)
  },
)

export type { RunningCentral }
