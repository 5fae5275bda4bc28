/**
 * Central service figures (issue 5):
 *  - ingest: verified bundles per second through POST /v1/bundles over loopback (signed
 *    requests; signature, catalogue and assessment checks, scoring, storage and a signed receipt
 *    per bundle; evidence already present), sequential and with 8 requests in flight;
 *  - sync: wall time for the outbox runner to deliver 1,000 bundles with 5,000 evidence files
 *    (5 × 8 KiB per bundle) over loopback: missing-evidence query, uploads, push, receipt check.
 * Each on SQLite and on PostgreSQL (TEST_DATABASE_URL, else a throwaway cluster from
 * scripts/pg-test-cluster.sh that is stopped afterwards).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { postgresDb, sqliteDb, type TestDatabase } from '../../central/testing/fixtures'
import { startCentral } from '../../central/service'
import { setKeyStatus } from '../../central/admin'
import { buildBundle } from '../../electron/backend/bundle/build'
import {
  evidenceFiles,
  exampleAssessment,
  testKey,
} from '../../electron/backend/bundle/test-helpers'
import { BundleStore } from '../../electron/backend/sync/bundle-store'
import { createSyncClient } from '../../electron/backend/sync/http'
import { OutboxRunner } from '../../electron/backend/sync/runner'
import { openLocalDb } from '../../electron/backend/sync/test-support'

const ROOT = join(import.meta.dirname, '..', '..')

async function ingest(database: TestDatabase, n: number): Promise<Record<string, unknown>> {
  const d = await database.create()
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-bench-central-'))
  const c = await startCentral({ dataDir, databaseUrl: d.databaseUrl })
  try {
    const { signer } = testKey()
    const client = createSyncClient({ baseUrl: c.url, signer })
    await client.register({ name: 'bench' }, new Date().toISOString())
    await setKeyStatus(c.ctx, signer.info.keyId, 'approved')
    const ev = evidenceFiles(2, 'ingest', 1024)
    const all = Array.from({ length: 2 * n }, () =>
      buildBundle({ assessment: exampleAssessment(), evidence: ev, signer, now: new Date() }),
    )
    for (const f of ev)
      await client.uploadEvidence(
        all[0]!.manifest.evidence.find((e) => e.name === f.name)!.sha256,
        f.bytes,
      )
    const seq = all.slice(0, n)
    let t = performance.now()
    for (const b of seq) {
      const r = await client.pushBundle(b.manifest, b.signature)
      if (r.status !== 'accepted') throw new Error(`not accepted: ${r.status}`)
    }
    const seqMs = performance.now() - t
    const par = all.slice(n)
    t = performance.now()
    let next = 0
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < par.length) {
          const b = par[next++]!
          const r = await client.pushBundle(b.manifest, b.signature)
          if (r.status !== 'accepted') throw new Error(`not accepted: ${r.status}`)
        }
      }),
    )
    const parMs = performance.now() - t
    return {
      bundles: n,
      sequentialBundlesPerSec: Math.round((n / seqMs) * 1000),
      concurrent8BundlesPerSec: Math.round((n / parMs) * 1000),
      manifestBytes: all[0]!.bytes.length,
    }
  } finally {
    await c.close()
    await d.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function sync(
  database: TestDatabase,
  bundles: number,
  evidencePer: number,
  size: number,
): Promise<Record<string, unknown>> {
  const d = await database.create()
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-bench-central-'))
  const c = await startCentral({ dataDir, databaseUrl: d.databaseUrl })
  const local = await openLocalDb()
  try {
    const { signer } = testKey()
    const client = createSyncClient({ baseUrl: c.url, signer })
    await client.register({ name: 'bench' }, new Date().toISOString())
    await setKeyStatus(c.ctx, signer.info.keyId, 'approved')
    const store = new BundleStore(join(local.dir, 'bundles'))
    const runner = new OutboxRunner({
      db: local.db,
      store,
      client,
      clock: () => Date.now(),
      serverKey: await client.serverKey(),
    })
    let t = performance.now()
    for (let i = 0; i < bundles; i++) {
      const b = buildBundle({
        assessment: exampleAssessment(),
        evidence: evidenceFiles(evidencePer, `s${i}-`, size),
        signer,
        now: new Date(),
      })
      await runner.add(b.bytes)
    }
    const prepareMs = performance.now() - t
    t = performance.now()
    const sum = await runner.runOnce()
    const syncMs = performance.now() - t
    if (sum.accepted !== bundles) throw new Error(`accepted ${sum.accepted} of ${bundles}`)
    return {
      bundles,
      evidenceFiles: sum.evidenceUploaded,
      evidenceBytes: sum.bytesSent,
      syncSeconds: +(syncMs / 1000).toFixed(2),
      bundlesPerSec: Math.round((bundles / syncMs) * 1000),
      buildAndQueueSeconds: +(prepareMs / 1000).toFixed(2),
    }
  } finally {
    await local.close()
    await c.close()
    await d.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function run(): Promise<Record<string, unknown>> {
  let pgUrl = process.env['TEST_DATABASE_URL']
  let startedCluster = false
  const out: Record<string, unknown> = {}
  if (!pgUrl) {
    try {
      const exports = execFileSync('bash', [join(ROOT, 'scripts/pg-test-cluster.sh'), 'start'], {
        encoding: 'utf8',
        env: { ...process.env, PG_TEST_DIR: join(tmpdir(), 'dl-pg-bench') },
      })
      pgUrl = /TEST_DATABASE_URL='([^']+)'/.exec(exports)?.[1]
      startedCluster = Boolean(pgUrl)
    } catch (e) {
      out['postgresError'] = e instanceof Error ? e.message.split('\n')[0] : String(e)
    }
  }
  try {
    const dbs: TestDatabase[] = [sqliteDb, ...(pgUrl ? [postgresDb(pgUrl)] : [])]
    for (const db of dbs) {
      out[`ingest_${db.name}`] = await ingest(db, 500)
      out[`sync1000_${db.name}`] = await sync(db, 1000, 5, 8192)
    }
  } finally {
    if (startedCluster)
      execFileSync('bash', [join(ROOT, 'scripts/pg-test-cluster.sh'), 'stop'], {
        env: { ...process.env, PG_TEST_DIR: join(tmpdir(), 'dl-pg-bench') },
        stdio: 'ignore',
      })
  }
  return out
}
