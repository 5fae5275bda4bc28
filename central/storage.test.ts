/**
 * Issue 12 §5: central's storage is durable and its failures are told right.
 *  - SQLite runs synchronous=FULL;
 *  - a full disk answers 507 `storage-full` (retryable) without the server's paths, never
 *    "SHA-256 mismatch"; once there is room again the same upload completes and the bundle is
 *    accepted (as root: a real tmpfs that fills up, grown with `mount -o remount`);
 *  - /readyz is 503 while the evidence store is full or the database is read-only (PostgreSQL
 *    with default_transaction_read_only), 200 again after;
 *  - an unexpected error answers 500 `internal` with no server path in the body.
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { sha256Hex } from './crypto'
import {
  evidenceBytes,
  makeBundle,
  refused,
  registeredClient,
  runCentral,
  sqliteDb,
  TEST_DATABASES,
  type RunningCentral,
} from './testing/fixtures'

const cleanups: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

function canMount(): boolean {
  const d = mkdtempSync(join(tmpdir(), 'dl-mount-probe-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d], { stdio: 'ignore' })
    execFileSync('umount', [d], { stdio: 'ignore' })
    return true
  } catch {
    return false
  } finally {
    rmSync(d, { recursive: true, force: true })
  }
}
const MOUNT = canMount()
if (!MOUNT && process.env['CI'])
  throw new Error('[storage.test] CI must run as root with mount permitted (tmpfs tests)')
if (!MOUNT) console.warn('[storage.test] mount not permitted here: tmpfs tests skipped')

async function readyz(
  c: RunningCentral,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${c.url}/readyz`)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('central storage', () => {
  it('SQLite runs with synchronous=FULL', async () => {
    const c = await runCentral(sqliteDb)
    cleanups.push(() => c.dispose())
    const r = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(c.ctx.db)
    expect(r.rows[0]?.synchronous).toBe(2) // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
  })

  it.skipIf(!MOUNT)(
    'a full disk is 507 storage-full without paths (not a SHA-256 mismatch); with room again the upload completes',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'dl-central-full-'))
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dataDir])
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
      cleanups.push(() => execFileSync('umount', ['-l', dataDir]))
      const c = await runCentral(sqliteDb, { dataDir })
      cleanups.push(() => c.dispose())
      const { client, signer } = await registeredClient(c)
      const [big] = evidenceBytes(1, 'too-big-for-the-disk', 1_500_000)
      const sha = sha256Hex(big!)
      const e = await refused(client.uploadEvidence(sha, big!, 0, 256 * 1024))
      expect([e.status, e.code]).toEqual([507, 'storage-full'])
      expect(e.reason).not.toContain(dataDir)
      expect(e.reason).not.toMatch(/SHA-256|\/tmp\//)
      // fill what room is left (as other writers on the disk would): the store can take nothing
      const filler = join(dataDir, 'filler')
      try {
        for (let i = 0; i < 10_000; i++) appendFileSync(filler, Buffer.alloc(4096, 1))
      } catch (x) {
        expect((x as NodeJS.ErrnoException).code).toBe('ENOSPC')
      }
      const ready = await readyz(c)
      expect(ready.status).toBe(503)
      expect(ready.body).toMatchObject({ ready: false, evidence: 'full' })
      expect(JSON.stringify(ready.body)).not.toContain(dataDir)
      // room again: the client resumes where the server says and the bundle is accepted
      rmSync(filler)
      execFileSync('mount', ['-o', 'remount,size=8m', dataDir])
      expect((await readyz(c)).status).toBe(200)
      const [m] = await client.missingEvidence([sha])
      await client.uploadEvidence(sha, big!, m!.received, 256 * 1024)
      const b = makeBundle({ signer, evidence: [big!] })
      expect((await client.pushBundle(b.manifest, b.signature)).status).toBe('accepted')
    },
  )

  it('an unexpected error is 500 internal with no server path in the answer', async () => {
    const c = await runCentral(sqliteDb)
    cleanups.push(() => c.dispose())
    const { client } = await registeredClient(c)
    // where the upload chunks go is a file, not a directory: every upload fails inside the server
    for (const name of ['parts', 'partial']) {
      rmSync(join(c.dataDir, name), { recursive: true, force: true })
      writeFileSync(join(c.dataDir, name), 'not a directory')
    }
    const [bytes] = evidenceBytes(1, 'enotdir', 1000)
    const e = await refused(client.uploadEvidence(sha256Hex(bytes!), bytes!))
    expect([e.status, e.code]).toEqual([500, 'internal'])
    expect(e.reason).not.toContain(c.dataDir)
    expect(JSON.stringify(e.body)).not.toMatch(/\/tmp\/|ENOTDIR/)
  })
})

const pgDb = TEST_DATABASES.find((d) => d.name === 'postgres')
describe.skipIf(!pgDb)('central readiness on PostgreSQL', () => {
  it('/readyz is 503 while the database is read-only, pushes are 503 unavailable; 200 again after', async () => {
    const c = await runCentral(pgDb!)
    cleanups.push(() => c.dispose())
    const { client, signer } = await registeredClient(c)
    expect((await readyz(c)).status).toBe(200)
    const url = new URL(c.databaseUrl!)
    const dbName = url.pathname.slice(1)
    const admin = new pg.Client({ connectionString: process.env['TEST_DATABASE_URL'] })
    await admin.connect()
    cleanups.push(() => admin.end())
    const setReadOnly = async (on: boolean) => {
      await admin.query(`ALTER DATABASE ${dbName} SET default_transaction_read_only = ${on}`)
      // sessions opened from now on see it: end the service's current ones
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [dbName],
      )
    }
    await setReadOnly(true)
    cleanups.push(() => setReadOnly(false))
    let r = await readyz(c)
    // the first query after the pool lost its connections may itself fail: wait for the verdict
    for (let i = 0; i < 5 && r.body['database'] !== 'read-only'; i++) r = await readyz(c)
    expect(r.status).toBe(503)
    expect(r.body).toMatchObject({ ready: false, database: 'read-only', evidence: 'ok' })
    const b = makeBundle({ signer })
    const e = await refused(client.pushBundle(b.manifest, b.signature))
    expect([e.status, e.code]).toEqual([503, 'unavailable'])
    expect(JSON.stringify(e.body)).not.toMatch(/postgres|dlc_|\/tmp\//)
    await setReadOnly(false)
    r = await readyz(c)
    for (let i = 0; i < 5 && r.status !== 200; i++) r = await readyz(c)
    expect(r.status).toBe(200)
    expect((await client.pushBundle(b.manifest, b.signature)).status).toBe('accepted')
  })
})
