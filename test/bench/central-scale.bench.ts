/**
 * Central hardening and scale-out figures (issues 12 §3, 16 §4):
 *  - race20_<db>: 20 identical pushes at once (evidence present) — HTTP statuses, distinct
 *    receipts returned, bundle rows stored, wall time; on SQLite and PostgreSQL;
 *  - scaleOut_postgres: pushes per second through one vs two central processes on one
 *    PostgreSQL (shared evidence directory, 16 requests in flight spread round-robin), and the
 *    ratio two/one (one run each, same machine — the 2-core machine also runs the client);
 *  - sizes_postgres: bytes per stored bundle in PostgreSQL (tables + indexes / bundles) and the
 *    push body of each example assessment, for the capacity estimate in docs/deploy.md;
 *  - evidenceIngest_<db>: MB/s of evidence uploads (16 files × 2 MiB, 1 MiB chunks) through one
 *    instance into the local directory store.
 * PostgreSQL: TEST_DATABASE_URL, else a throwaway cluster from scripts/pg-test-cluster.sh.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { setKeyStatus } from '../../central/admin'
import { sha256Hex } from '../../central/crypto'
import { openCentralDatabase } from '../../central/db/open'
import { startCentral } from '../../central/service'
import {
  citationOf,
  diagnosisBefore,
  ed25519Signer,
  evidenceBytes,
  exampleAssessment,
  makeBundle,
  postgresDb,
  signedRequest,
  sqliteDb,
  type TestDatabase,
} from '../../central/testing/fixtures'
import { CentralChild } from '../../central/testing/process'
import { SyncClient, type ClientSigner } from '../../shared/domain/bundle/client'

const ROOT = join(import.meta.dirname, '..', '..')

function clientOver(urls: string[], signer: ClientSigner): SyncClient {
  let turn = 0
  return new SyncClient({
    baseUrl: 'http://proxy',
    signer,
    fetch: (u, init) =>
      fetch(u.replace('http://proxy', urls[turn++ % urls.length]!), {
        method: init.method,
        headers: init.headers,
        ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
      }),
    sha256Hex: (b) => sha256Hex(b),
    nonce: () => randomBytes(16).toString('base64url'),
    now: () => Date.now(),
  })
}

async function race20(database: TestDatabase): Promise<Record<string, unknown>> {
  const d = await database.create()
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-bench-race-'))
  const c = await startCentral({ dataDir, databaseUrl: d.databaseUrl })
  try {
    const signer = ed25519Signer()
    const client = clientOver([c.url], signer)
    await client.register({ name: 'bench' }, new Date().toISOString())
    await setKeyStatus(c.ctx, signer.info.keyId, 'approved')
    const b = makeBundle({ signer, evidence: evidenceBytes(2, 'race', 4096) })
    for (const [sha, bytes] of b.evidence) await client.uploadEvidence(sha, bytes)
    const body = Buffer.from(
      JSON.stringify({ protocolVersion: 1, manifest: b.manifest, signature: b.signature }),
    )
    const t = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const { headers } = signedRequest(signer, 'POST', '/v1/bundles', body)
        const res = await fetch(`${c.url}/v1/bundles`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        })
        return { status: res.status, text: await res.text() }
      }),
    )
    const ms = performance.now() - t
    const statuses: Record<string, number> = {}
    for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1
    const receipts = new Set(
      answers.filter((a) => a.status === 200).map((a) => a.text.slice(a.text.indexOf('"receipt"'))),
    )
    const rows = await c.ctx.db.selectFrom('bundles').select('bundle_id').execute()
    return {
      pushes: 20,
      statuses,
      distinctReceipts: receipts.size,
      bundleRows: rows.length,
      ms: Math.round(ms),
    }
  } finally {
    await c.close()
    await d.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Pushes/s through `n` central processes on one PostgreSQL database (evidence present). */
async function ingestThrough(pgUrl: string, n: number, bundles: number): Promise<number> {
  const d = await postgresDb(pgUrl).create()
  const shared = mkdtempSync(join(tmpdir(), 'dl-bench-scale-'))
  const kids = Array.from(
    { length: n },
    (_, i) =>
      new CentralChild({
        CENTRAL_DATA_DIR: join(shared, `instance-${i}`),
        CENTRAL_EVIDENCE_DIR: join(shared, 'evidence'),
        CENTRAL_SERVER_KEY_FILE: join(shared, 'server-key.pem'),
        DATABASE_URL: d.databaseUrl!,
        CENTRAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR: '1000',
      }),
  )
  try {
    const urls = await Promise.all(kids.map((k) => k.start()))
    const signers = Array.from({ length: 16 }, () => ed25519Signer())
    const clients = signers.map((s) => clientOver(urls, s))
    await Promise.all(clients.map((cl) => cl.register({ name: 'bench' }, new Date().toISOString())))
    const admin = await openCentralDatabase({ databaseUrl: d.databaseUrl, sqlitePath: '' })
    await admin.db.updateTable('assessor_keys').set({ status: 'approved' }).execute()
    await admin.close()
    const ev = evidenceBytes(2, 'scale', 1024)
    const all = Array.from({ length: bundles }, (_, i) =>
      makeBundle({ signer: signers[i % 16]!, evidence: ev }),
    )
    for (let i = 0; i < 16; i++)
      for (const [sha, bytes] of all[i]!.evidence) await clients[i]!.uploadEvidence(sha, bytes)
    let next = 0
    const t = performance.now()
    // 16 requests in flight; each bundle is pushed by its signer's client
    await Promise.all(
      clients.map(async () => {
        for (let k = next++; k < all.length; k = next++) {
          const r = await clients[k % 16]!.pushBundle(all[k]!.manifest, all[k]!.signature)
          if (r.status !== 'accepted') throw new Error(`not accepted: ${r.status}`)
        }
      }),
    )
    return Math.round((bundles / (performance.now() - t)) * 1000)
  } finally {
    for (const k of kids) await k.stop()
    await d.drop()
    rmSync(shared, { recursive: true, force: true })
  }
}

async function sizes(pgUrl: string): Promise<Record<string, unknown>> {
  const d = await postgresDb(pgUrl).create()
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-bench-size-'))
  const c = await startCentral({ dataDir, databaseUrl: d.databaseUrl })
  try {
    const signer = ed25519Signer()
    const client = clientOver([c.url], signer)
    await client.register({ name: 'bench' }, new Date().toISOString())
    await setKeyStatus(c.ctx, signer.info.keyId, 'approved')
    const pushBodyBytes: Record<string, number> = {}
    // every acceptance cites the signed diagnosis of its enterprise, pushed first (issue 11)
    const ACC = 'acceptance-level3-shancheng-xincailiao.json'
    const before = makeBundle({
      signer,
      assessment: diagnosisBefore(exampleAssessment(ACC), '2025-04-10'),
    })
    const diagnosis = citationOf(before)
    for (const f of readdirSync(join(ROOT, 'examples')).filter((x) =>
      /^(diagnosis|acceptance)/.test(x),
    )) {
      const b = makeBundle({
        signer,
        assessment: exampleAssessment(f),
        evidence: evidenceBytes(5, f, 64),
        ...(f.startsWith('acceptance') ? { diagnosis } : {}),
      })
      pushBodyBytes[f] = JSON.stringify({
        protocolVersion: 1,
        manifest: b.manifest,
        signature: b.signature,
      }).length
    }
    const N = 400
    const ev = evidenceBytes(5, 'size', 64)
    for (const [sha, bytes] of makeBundle({ signer, evidence: ev }).evidence)
      await client.uploadEvidence(sha, bytes)
    await client.pushBundle(before.manifest, before.signature)
    for (let i = 0; i < N - 1; i++) {
      const b = makeBundle({
        signer,
        assessment: exampleAssessment(i % 2 ? ACC : 'diagnosis-level2-qibin-dianqi.json'),
        evidence: ev,
        ...(i % 2 ? { diagnosis } : {}),
      })
      await client.pushBundle(b.manifest, b.signature)
    }
    await sql`VACUUM ANALYZE`.execute(c.ctx.db)
    const r = await sql<{ bytes: string }>`
      SELECT sum(pg_total_relation_size(quote_ident(tablename)))::text AS bytes
      FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('bundles', 'bundle_evidence')`.execute(
      c.ctx.db,
    )
    return {
      bundles: N,
      postgresBytesPerBundle: Math.round(Number(r.rows[0]!.bytes) / N),
      pushBodyBytes,
    }
  } finally {
    await c.close()
    await d.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function evidenceIngest(database: TestDatabase): Promise<Record<string, unknown>> {
  const d = await database.create()
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-bench-ev-'))
  const c = await startCentral({ dataDir, databaseUrl: d.databaseUrl })
  try {
    const signer = ed25519Signer()
    const client = clientOver([c.url], signer)
    await client.register({ name: 'bench' }, new Date().toISOString())
    await setKeyStatus(c.ctx, signer.info.keyId, 'approved')
    const files = evidenceBytes(16, 'ev-ingest', 2 * 1024 * 1024)
    const t = performance.now()
    for (const f of files) await client.uploadEvidence(sha256Hex(f), f, 0, 1024 * 1024)
    const s = (performance.now() - t) / 1000
    const mb = files.reduce((a, f) => a + f.length, 0) / 2 ** 20
    return { files: files.length, mebibytes: Math.round(mb), mebibytesPerSec: +(mb / s).toFixed(1) }
  } finally {
    await c.close()
    await d.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function run(): Promise<Record<string, unknown>> {
  let pgUrl = process.env['TEST_DATABASE_URL']
  const env = { ...process.env, PG_TEST_DIR: join(tmpdir(), 'dl-pg-bench-scale') }
  let started = false
  const out: Record<string, unknown> = {}
  if (!pgUrl) {
    try {
      const exports = execFileSync('bash', [join(ROOT, 'scripts/pg-test-cluster.sh'), 'start'], {
        encoding: 'utf8',
        env,
      })
      pgUrl = /TEST_DATABASE_URL='([^']+)'/.exec(exports)?.[1]
      started = Boolean(pgUrl)
    } catch (e) {
      out['postgresError'] = e instanceof Error ? e.message.split('\n')[0] : String(e)
    }
  }
  try {
    out['race20_sqlite'] = await race20(sqliteDb)
    out['evidenceIngest_sqlite'] = await evidenceIngest(sqliteDb)
    if (pgUrl) {
      out['race20_postgres'] = await race20(postgresDb(pgUrl))
      out['evidenceIngest_postgres'] = await evidenceIngest(postgresDb(pgUrl))
      const one = await ingestThrough(pgUrl, 1, 600)
      const two = await ingestThrough(pgUrl, 2, 600)
      out['scaleOut_postgres'] = {
        bundles: 600,
        oneInstancePerSec: one,
        twoInstancesPerSec: two,
        ratio: +(two / one).toFixed(2),
      }
      out['sizes_postgres'] = await sizes(pgUrl)
    }
  } finally {
    if (started)
      execFileSync('bash', [join(ROOT, 'scripts/pg-test-cluster.sh'), 'stop'], {
        env,
        stdio: 'ignore',
      })
  }
  return out
}
