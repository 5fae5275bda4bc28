/**
 * Backup formats (issue 12 item 2). Format 2 streams (backup-stream.ts); format 1 — written by
 * every version before issue 12 — still restores; a crafted format-1 file whose zip holds a
 * compressed entry is refused before inflating (before issue 12 restore inflated every entry
 * first: a 5 MB file expanded to gigabytes); format-2 segments cannot be dropped, reordered or
 * cut off. (Peak memory for a 1 GB evidence set and for 3 MB bombs: `npm run bench`.)
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { zipSync, type Zippable } from 'fflate'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { sha256Hex } from '../crypto/node-crypto'
import { craftZip, deflateBomb } from '../test-bombs'
import { enterpriseInput, tempDir } from '../test-helpers'
import { SEGMENT } from './backup-stream'
import { backupKey, rawKeyProvider } from './key-provider'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})
const dir = () => {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}
async function open(dataDir: string, key?: Uint8Array): Promise<Backend> {
  const b = await createBackend({
    dataDir,
    key: key ? rawKeyProvider(key) : 'unencrypted',
    autoBackup: false,
  })
  cleanups.push(() => b.close())
  return b
}
async function call<T>(b: Backend, method: string, input: unknown): Promise<T> {
  const r = await dispatch(b, method, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error)
  return r.value as T
}
async function seed(b: Backend, evidence: Buffer[]): Promise<void> {
  const e = await call<{ id: string }>(b, 'enterprises.create', enterpriseInput(1))
  const d = await call<{ assessment: { id: string } }>(b, 'assessments.create', {
    enterpriseId: e.id,
    kind: 'diagnosis',
    assessorName: '李',
  })
  for (const bytes of evidence)
    await call(b, 'evidence.add', {
      assessmentId: d.assessment.id,
      itemId: 'Q02',
      fileName: 'f.bin',
      contentBase64: bytes.toString('base64'),
    })
}

/**
 * A format-1 backup exactly as the code before issue 12 wrote it (buildBackup): a level-0 zip of
 * manifest.json + db/assessor.sqlite + evidence/<aa>/<sha>, one AES-256-GCM over it (or none).
 * `entries` lets a test put crafted zip bytes in instead.
 */
async function formatOne(
  b: Backend,
  key: Uint8Array | undefined,
  zipOverride?: (files: Record<string, Uint8Array>) => Uint8Array,
): Promise<Buffer> {
  const snap = join(dir(), 'snap.sqlite')
  await sql`VACUUM INTO ${snap}`.execute(b.db)
  const files: Record<string, Uint8Array> = { 'db/assessor.sqlite': readFileSync(snap) }
  const evidence = b.ctx.evidence
  for (const h of await evidence.list())
    files[`evidence/${h.slice(0, 2)}/${h}`] = await evidence.read(h)
  const entries = Object.entries(files).map(([path, data]) => ({
    path,
    size: data.byteLength,
    sha256: sha256Hex(data),
  }))
  const createdAt = '2026-11-27T00:00:00.000Z'
  const applied = (
    await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(b.db)
  ).rows
  const manifest = {
    format: 'dl-assessor-backup/1',
    createdAt,
    schemaVersion: applied.at(-1)!.name,
    counts: { enterprises: 1, assessments: 1 },
    entries,
  }
  const all: Record<string, Uint8Array> = {
    ...files,
    'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2)),
  }
  const zip = zipOverride ? zipOverride(all) : zipSync(all as Zippable, { level: 0 })
  const bk = key ? backupKey(key) : undefined
  const header = {
    format: 'dl-assessor-backup/1',
    createdAt,
    cipher: bk ? 'aes-256-gcm' : 'none',
    keyCheck: bk
      ? createHmac('sha256', bk).update('key-check').digest().subarray(0, 16).toString('hex')
      : '',
    keySource: 'raw',
  }
  const hb = Buffer.from(JSON.stringify(header))
  const len = Buffer.alloc(4)
  len.writeUInt32BE(hb.length)
  const head = Buffer.concat([Buffer.from('DLBACKUP'), len, hb])
  if (!bk) return Buffer.concat([head, zip])
  const nonce = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', bk, nonce)
  c.setAAD(head)
  return Buffer.concat([head, nonce, c.update(zip), c.final(), c.getAuthTag()])
}

const enterpriseNames = async (b: Backend) =>
  (await call<{ items: Array<{ name: string }> }>(b, 'enterprises.list', {})).items.map(
    (e) => e.name,
  )

describe('backup formats', () => {
  it('a format-1 backup (written before issue 12) still restores, encrypted or not', async () => {
    for (const key of [randomBytes(32), undefined]) {
      const b = await open(dir(), key)
      await seed(b, [Buffer.from('证据一'), Buffer.from('证据二')])
      const before = await enterpriseNames(b)
      const file = join(dir(), 'old.dlbackup')
      writeFileSync(file, await formatOne(b, key))
      await sql`DELETE FROM evidence`.execute(b.db)
      const r = await call<{ evidenceFiles: number; enterprises: number }>(b, 'backup.restore', {
        path: file,
      })
      expect(r).toMatchObject({ evidenceFiles: 2, enterprises: 1 })
      expect(await enterpriseNames(b)).toEqual(before)
      expect((await b.ctx.evidence.list()).length).toBe(2)
    }
  })

  it('a format-1 file whose zip holds a compressed entry is refused before inflating it', async () => {
    const b = await open(dir())
    await seed(b, [Buffer.from('x')])
    const bomb = await deflateBomb(256 * 1024 * 1024)
    const file = join(dir(), 'bomb.dlbackup')
    writeFileSync(
      file,
      await formatOne(b, undefined, (files) =>
        craftZip(
          Object.entries(files).map(([name, data]) =>
            name.startsWith('evidence/')
              ? { name, data: bomb, method: 8, declaredSize: data.length }
              : { name, data, method: 0, declaredSize: data.length },
          ),
        ),
      ),
    )
    const r = await dispatch(b, 'backup.restore', { path: file })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toMatchObject({ code: 'VALIDATION', field: 'path' })
    expect(!r.ok && r.error.message).toMatch(/evidence\/\S+ 是压缩的条目（本软件的备份不压缩）/)
  })

  it('format 2: a dropped, swapped or cut-off segment is refused and nothing changes', async () => {
    const key = randomBytes(32)
    const b = await open(dir(), key)
    // three segments of evidence at least
    await seed(b, [randomBytes(SEGMENT), randomBytes(SEGMENT), randomBytes(1000)])
    const file = join(dir(), 'v2.dlbackup')
    await call(b, 'backup.create', { path: file })
    const bytes = readFileSync(file)
    const headLen = 12 + bytes.readUInt32BE(8)
    const seg = SEGMENT + 16
    const body = bytes.subarray(headLen)
    expect(Math.ceil(body.length / seg)).toBeGreaterThanOrEqual(3)
    const s = (i: number) => body.subarray(i * seg, (i + 1) * seg)
    const head = bytes.subarray(0, headLen)
    const variants = {
      dropped: Buffer.concat([head, s(0), body.subarray(2 * seg)]),
      swapped: Buffer.concat([head, s(1), s(0), body.subarray(2 * seg)]),
      cut: Buffer.concat([head, body.subarray(0, 2 * seg)]),
    }
    for (const [what, v] of Object.entries(variants)) {
      const p = join(dir(), `${what}.dlbackup`)
      writeFileSync(p, v)
      const r = await dispatch(b, 'backup.restore', { path: p })
      expect(r.ok, what).toBe(false)
      expect(!r.ok && r.error, what).toMatchObject({ code: 'VALIDATION', field: 'path' })
      expect(!r.ok && r.error.message, what).toMatch(
        /已损坏.*（(第 \d+ 段解密校验失败|清单所列大小.*不符)）/,
      )
    }
    expect(await enterpriseNames(b)).toHaveLength(1)
  })
})
