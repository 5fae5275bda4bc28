/**
 * Backup and restore with real files: one encrypted file, every checksum verified before
 * anything is replaced, wrong key / damaged / newer-schema backups refused with nothing changed,
 * rotation of the automatic backups, recovery from a restore a crash interrupted.
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { enterpriseInput, tempDir } from '../test-helpers'
import { rawKeyProvider, type KeyProvider } from './key-provider'
import { readBackup } from './backup'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

function dir() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

async function open(
  dataDir: string,
  key: KeyProvider | 'unencrypted',
  autoBackup: boolean | { keep: number } = false,
): Promise<Backend> {
  const b = await createBackend({ dataDir, key, autoBackup })
  cleanups.push(() => b.close())
  return b
}

async function call<T>(b: Backend, method: string, input: unknown): Promise<T> {
  const r = await dispatch(b, method, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error)
  return r.value as T
}

async function addEnterprise(b: Backend, n: number) {
  return call<{ id: string; name: string }>(b, 'enterprises.create', enterpriseInput(n))
}
async function addDraft(b: Backend, enterpriseId: string) {
  const d = await call<{ assessment: { id: string } }>(b, 'assessments.create', {
    enterpriseId,
    kind: 'diagnosis',
    assessorName: '李',
  })
  return d.assessment.id
}
async function addEvidence(b: Backend, assessmentId: string, text: string) {
  return call<{ id: string; sha256: string }>(b, 'evidence.add', {
    assessmentId,
    itemId: 'Q02',
    fileName: 'f.txt',
    contentBase64: Buffer.from(text).toString('base64'),
  })
}
const names = async (b: Backend) =>
  (await call<{ items: Array<{ name: string }> }>(b, 'enterprises.list', {})).items
    .map((e) => e.name)
    .sort()

function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const d of readdirSync(root, { recursive: true, withFileTypes: true }))
    if (d.isFile()) {
      const p = join(d.parentPath, d.name)
      out[p] = createHash('sha256').update(readFileSync(p)).digest('hex')
    }
  return out
}

describe('backup.create / backup.restore', () => {
  it('one encrypted file; restore brings back exactly the backed-up state (db + evidence) and cleans up', async () => {
    const dataDir = dir()
    const b = await open(dataDir, rawKeyProvider(randomBytes(32)))
    const e1 = await addEnterprise(b, 1)
    const a1 = await addDraft(b, e1.id)
    const ev1 = await addEvidence(b, a1, '证据一：保密内容 11111')
    await call(b, 'assessments.setScene', { assessmentId: a1, sceneId: 'SC02', level: 2 })

    const out = join(dir(), 'my backup.dlbackup')
    const info = await call<{
      path: string
      size: number
      sha256: string
      encrypted: boolean
      evidenceFiles: number
    }>(b, 'backup.create', { path: out })
    const bytes = readFileSync(out)
    expect(info).toMatchObject({ path: out, size: bytes.length, encrypted: true, evidenceFiles: 1 })
    expect(info.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(bytes.subarray(0, 8).toString()).toBe('DLBACKUP')
    expect(bytes.includes(Buffer.from('保密内容'))).toBe(false)
    expect(bytes.includes(Buffer.from(e1.name))).toBe(false)

    // default location: <dataDir>/backups
    const def = await call<{ path: string }>(b, 'backup.create', {})
    expect(def.path.startsWith(join(dataDir, 'backups', 'manual-'))).toBe(true)

    // changes after the backup
    const e2 = await addEnterprise(b, 2)
    const a2 = await addDraft(b, e2.id)
    await addEvidence(b, a2, '证据二：备份之后')
    await call(b, 'assessments.setScene', { assessmentId: a1, sceneId: 'SC02', level: 4 })
    expect(await names(b)).toHaveLength(2)

    const r = await call<Record<string, unknown>>(b, 'backup.restore', { path: out })
    expect(r).toMatchObject({ path: out, enterprises: 1, assessments: 1, evidenceFiles: 1 })
    expect(await names(b)).toEqual([e1.name])
    const d = await call<{ scenes: Record<string, { level: number | null }> }>(
      b,
      'assessments.get',
      { id: a1 },
    )
    expect(d.scenes.SC02?.level).toBe(2)
    const c = await call<{ contentBase64: string }>(b, 'evidence.content', { id: ev1.id })
    expect(Buffer.from(c.contentBase64, 'base64').toString()).toBe('证据一：保密内容 11111')
    expect(
      readdirSync(join(dataDir, 'evidence'), { recursive: true }).filter(
        (f) => String(f).length === 67,
      ),
    ).toHaveLength(1)
    // still writable after the swap, and integrity ok
    await addEnterprise(b, 3)
    const ic = await sql<Record<string, string>>`PRAGMA integrity_check`.execute(b.db)
    expect(Object.values(ic.rows[0] ?? {})).toEqual(['ok'])
    expect(
      readdirSync(dataDir).filter((f) => f.startsWith('.restore') || f.endsWith('journal.json')),
    ).toEqual([])
    await b.close()
    // and it reopens with the same key
    const b2 = await open(dataDir, rawKeyProvider(Buffer.alloc(32, 0)), false).catch(
      (e: unknown) => e,
    )
    expect(b2).toMatchObject({ code: 'WRONG_KEY' })
  })

  it('a backup made with another key is WRONG_KEY; damaged or truncated ones are VALIDATION (path); nothing changes', async () => {
    const other = await open(dir(), rawKeyProvider(randomBytes(32)))
    await addEnterprise(other, 9)
    const foreign = join(dir(), 'foreign.dlbackup')
    await call(other, 'backup.create', { path: foreign })

    const dataDir = dir()
    const b = await open(dataDir, rawKeyProvider(randomBytes(32)))
    const e = await addEnterprise(b, 1)
    await addEvidence(b, await addDraft(b, e.id), 'x')
    const good = join(dir(), 'good.dlbackup')
    await call(b, 'backup.create', { path: good })
    const before = hashTree(dataDir)

    const wrong = await dispatch(b, 'backup.restore', { path: foreign })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_KEY' } })
    expect(!wrong.ok && wrong.error.message).toMatch(/密钥与当前数据库密钥不一致/)

    const bytes = readFileSync(good)
    const flipped = Buffer.from(bytes)
    const at = Math.floor(flipped.length / 2)
    flipped[at] = (flipped[at] ?? 0) ^ 0x20
    const bad = join(dir(), 'bad.dlbackup')
    writeFileSync(bad, flipped)
    const r1 = await dispatch(b, 'backup.restore', { path: bad })
    expect(r1).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'path' } })
    expect(!r1.ok && r1.error.message).toMatch(/已损坏/)

    const cut = join(dir(), 'cut.dlbackup')
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100))
    expect(await dispatch(b, 'backup.restore', { path: cut })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'path' },
    })
    const missing = await dispatch(b, 'backup.restore', { path: join(dataDir, 'nope.dlbackup') })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'path' } })

    expect(hashTree(dataDir)).toEqual(before)
    expect(await names(b)).toEqual([e.name])
  })

  it('a backup from a newer schema is refused before anything is replaced', async () => {
    const dataDir = dir()
    const b = await open(dataDir, rawKeyProvider(randomBytes(32)))
    const e = await addEnterprise(b, 1)
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-future', '2030-01-01')`.execute(
      b.db,
    )
    const p = join(dir(), 'future.dlbackup')
    await call(b, 'backup.create', { path: p })
    await sql`DELETE FROM kysely_migration WHERE name = '9999-future'`.execute(b.db)
    const before = hashTree(dataDir)
    const r = await dispatch(b, 'backup.restore', { path: p })
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'path' } })
    expect(!r.ok && r.error.message).toMatch(/更新版本/)
    expect(hashTree(dataDir)).toEqual(before)
    expect(await names(b)).toEqual([e.name])
  })

  it('the verified file is what gets restored: readBackup checks the manifest against every entry', async () => {
    const dataDir = dir()
    const key = randomBytes(32)
    const b = await open(dataDir, rawKeyProvider(key))
    const e = await addEnterprise(b, 1)
    const a = await addDraft(b, e.id)
    await addEvidence(b, a, 'one')
    await addEvidence(b, a, 'two')
    const p = join(dir(), 'b.dlbackup')
    await call(b, 'backup.create', { path: p })
    const evidence: string[] = []
    let dbBytes = 0
    const v = await readBackup(p, key, {
      db: async (chunk) => void (dbBytes += chunk.length),
      evidence: async (_sha, bytes) => void evidence.push(bytes.toString()),
    })
    expect(v.header).toMatchObject({ format: 'dl-assessor-backup/2', cipher: 'aes-256-gcm' })
    expect(v.manifest.entries.map((x) => x.path)).toContain('db/assessor.sqlite')
    expect(dbBytes).toBe(v.manifest.entries.find((x) => x.path === 'db/assessor.sqlite')!.size)
    expect(evidence.sort()).toEqual(['one', 'two'])
    expect(v.manifest.counts).toEqual({ enterprises: 1, assessments: 1 })
  })

  it('automatic backups: at start and on completion, newest N kept', async () => {
    const dataDir = dir()
    const key = rawKeyProvider(randomBytes(32))
    const b = await open(dataDir, key, { keep: 2 })
    await b.idle()
    // empty database: nothing worth a backup
    expect(existsSync(join(dataDir, 'backups'))).toBe(false)
    const e = await addEnterprise(b, 1)
    const autos = () =>
      readdirSync(join(dataDir, 'backups'))
        .filter((f) => f.startsWith('auto-'))
        .sort()
    const answers: Record<string, string | string[]> = (
      await import('../test-helpers')
    ).fullAnswers()
    for (let i = 0; i < 3; i++) {
      const a = await addDraft(b, e.id)
      for (const [questionId, value] of Object.entries(answers))
        await call(b, 'assessments.setAnswer', {
          assessmentId: a,
          questionId,
          selected: value,
        })
      for (const sceneId of (await import('../test-helpers')).SCENE_IDS)
        await call(b, 'assessments.setScene', { assessmentId: a, sceneId, level: 1 })
      await call(b, 'assessments.complete', { id: a })
      await b.idle()
      await new Promise((r) => setTimeout(r, 5)) // distinct millisecond names
    }
    const list = autos()
    expect(list).toHaveLength(2)
    expect(list.every((f) => f.startsWith('auto-completed-'))).toBe(true)
    await b.close()
    const b2 = await open(dataDir, key, { keep: 2 })
    await b2.idle()
    const after = autos()
    expect(after).toHaveLength(2)
    expect(after.some((f) => f.startsWith('auto-start-'))).toBe(true)
    // and the newest restores
    const newest = after.sort((x, y) => x.slice(-28).localeCompare(y.slice(-28))).at(-1) ?? ''
    const r = await call<{ assessments: number }>(b2, 'backup.restore', {
      path: join(dataDir, 'backups', newest),
    })
    expect(r.assessments).toBe(3)
  }, 30_000)

  it('a restore interrupted by a crash mid-swap is undone at the next start', async () => {
    const dataDir = dir()
    const key = rawKeyProvider(randomBytes(32))
    const b = await open(dataDir, key)
    const e = await addEnterprise(b, 1)
    await b.close()
    // simulate: live database moved to the rollback dir, half-written file in its place
    const rollback = join(dataDir, '.restore-rollback-test')
    const staging = join(dataDir, '.restore-staging-test')
    mkdirSync(rollback)
    mkdirSync(staging)
    renameSync(join(dataDir, 'assessor.sqlite'), join(rollback, 'assessor.sqlite'))
    writeFileSync(join(dataDir, 'assessor.sqlite'), randomBytes(1000))
    writeFileSync(
      join(dataDir, 'restore-journal.json'),
      JSON.stringify({ phase: 'swapping', rollback, staging }),
    )
    const b2 = await open(dataDir, key)
    expect(await names(b2)).toEqual([e.name])
    expect(
      readdirSync(dataDir).filter((f) => f.startsWith('.restore') || f.includes('journal')),
    ).toEqual([])
  })
})
