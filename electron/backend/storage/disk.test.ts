/**
 * Running out of room (issue 7): a full disk and a read-only data directory give DISK_FULL /
 * READ_ONLY_STORAGE naming the data directory, and the database stays intact (integrity_check
 * ok, every earlier row unchanged).
 *  - always: SQLite's SQLITE_FULL through `PRAGMA max_page_count` (database at its size limit);
 *  - as root (CI containers, this machine): a real 1 MiB tmpfs that fills up, and a read-only
 *    bind mount of a data directory. Skipped (and said so) where mounting is not permitted.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { enterpriseInput, tempDir } from '../test-helpers'
import { rawKeyProvider } from './key-provider'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

function dir() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

function canMount(): boolean {
  const d = tempDir('dl-mount-probe-')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d.dir], { stdio: 'ignore' })
    execFileSync('umount', [d.dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  } finally {
    d.cleanup()
  }
}
const MOUNT = canMount()
if (!MOUNT && process.env['CI'])
  throw new Error(
    '[disk.test] CI must run as root with mount permitted (tmpfs / read-only bind tests)',
  )
if (!MOUNT) console.warn('[disk.test] mount not permitted here: tmpfs / read-only tests skipped')

function mount(args: string[], target: string): void {
  execFileSync('mount', [...args, target], { stdio: 'ignore' })
  cleanups.push(() => {
    execFileSync('umount', [target], { stdio: 'ignore' })
  })
}

async function call<T>(b: Backend, method: string, input: unknown): Promise<T> {
  const r = await dispatch(b, method, input)
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error)
  return r.value as T
}

async function integrity(b: Backend): Promise<string[]> {
  const r = await sql<Record<string, string>>`PRAGMA integrity_check`.execute(b.db)
  return r.rows.map((x) => Object.values(x)[0] ?? '')
}

async function snapshot(b: Backend) {
  const r = await sql<Record<string, unknown>>`SELECT * FROM enterprises ORDER BY id`.execute(b.db)
  return r.rows
}

async function fillUntilError(b: Backend, from: number, max: number, note: string) {
  let n = from
  for (; n < from + max; n++) {
    const r = await dispatch(b, 'enterprises.create', {
      ...enterpriseInput(n),
      address: note,
    })
    if (!r.ok) return { n, error: r.error }
  }
  return { n, error: null }
}

describe('running out of room', () => {
  it('SQLITE_FULL (database at max_page_count) → DISK_FULL naming the data directory; earlier rows intact', async () => {
    const dataDir = dir()
    const b = await createBackend({
      dataDir,
      key: rawKeyProvider(randomBytes(32)),
      autoBackup: false,
    })
    cleanups.push(() => b.close())
    await call(b, 'enterprises.create', enterpriseInput(1))
    const pages = await sql<Record<string, number>>`PRAGMA page_count`.execute(b.db)
    const count = Object.values(pages.rows[0] ?? {})[0] ?? 0
    await sql.raw(`PRAGMA max_page_count = ${count + 2}`).execute(b.db)
    const before = await snapshot(b)
    const { n, error } = await fillUntilError(b, 2, 500, '地址'.repeat(140))
    expect(error).toMatchObject({ code: 'DISK_FULL' })
    expect(error?.message).toContain(dataDir)
    expect(error?.message).toMatch(/^磁盘空间不足/)
    const after = await snapshot(b)
    expect(after.slice(0, before.length)).toEqual(before) // earlier rows unchanged
    expect(after.length).toBe(n - 1) // every acknowledged row, none of the failed one
    expect(await integrity(b)).toEqual(['ok'])
  })

  it.skipIf(!MOUNT)(
    'a real full disk (2 MiB tmpfs): evidence and answers fail with DISK_FULL, nothing half-written, database intact and usable after space is freed',
    async () => {
      const root = dir()
      mount(['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs'], root)
      // ballast freed at the end, so "space freed" frees a known amount (the fillers below only
      // get what the evidence left over, which can be a few KiB: the fresh WAL takes ~700 KiB)
      writeFileSync(join(root, 'ballast'), randomBytes(192 * 1024))
      const dataDir = join(root, 'data')
      const key = rawKeyProvider(randomBytes(32))
      const b = await createBackend({ dataDir, key, autoBackup: false })
      cleanups.push(() => b.close())
      const e = await call<{ id: string }>(b, 'enterprises.create', enterpriseInput(1))
      const d = await call<{ assessment: { id: string } }>(b, 'assessments.create', {
        enterpriseId: e.id,
        kind: 'diagnosis',
        assessorName: '张',
      })
      const id = d.assessment.id
      await call(b, 'assessments.setScene', { assessmentId: id, sceneId: 'SC01', level: 2 })
      const before = await snapshot(b)
      // evidence until the disk is full
      let evErr: { code: string; message: string } | null = null
      for (let i = 0; i < 20 && !evErr; i++) {
        const r = await dispatch(b, 'evidence.add', {
          assessmentId: id,
          itemId: 'Q01',
          fileName: `p${i}.bin`,
          contentBase64: randomBytes(150_000).toString('base64'),
        })
        if (!r.ok) evErr = r.error
      }
      expect(evErr).toMatchObject({ code: 'DISK_FULL' })
      expect(evErr?.message).toContain(dataDir)
      const files = readdirSync(join(dataDir, 'evidence'), { recursive: true }).map(String)
      expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]) // no partial file
      const listed = await call<{ items: unknown[] }>(b, 'evidence.list', { assessmentId: id })
      expect(listed.items.length).toBe(files.filter((f) => /[0-9a-f]{64}$/.test(f)).length)

      // fill the rest of the disk, then saves fail cleanly too
      let k = 0
      try {
        for (; k < 1000; k++) writeFileSync(join(root, `filler-${k}`), randomBytes(16_384))
      } catch {
        // full
      }
      const { error } = await fillUntilError(b, 100, 200, '满'.repeat(290))
      expect(error).toMatchObject({ code: 'DISK_FULL' })
      expect(error?.message).toContain(dataDir)
      expect((await snapshot(b)).slice(0, before.length)).toEqual(before)
      const g = await call<{ scenes: Record<string, { level: number | null }> }>(
        b,
        'assessments.get',
        { id },
      )
      expect(g.scenes.SC01?.level).toBe(2)
      expect(await integrity(b)).toEqual(['ok'])

      // space freed: the app carries on, then a clean reopen finds everything
      for (let i = 0; i < k; i++) execFileSync('rm', ['-f', join(root, `filler-${i}`)])
      execFileSync('rm', ['-f', join(root, 'ballast')])
      await call(b, 'assessments.setScene', { assessmentId: id, sceneId: 'SC02', level: 3 })
      await b.close()
      const b2 = await createBackend({ dataDir, key, autoBackup: false })
      cleanups.push(() => b2.close())
      const g2 = await call<{ scenes: Record<string, { level: number | null }> }>(
        b2,
        'assessments.get',
        { id },
      )
      expect([g2.scenes.SC01?.level, g2.scenes.SC02?.level]).toEqual([2, 3])
      expect(await integrity(b2)).toEqual(['ok'])
    },
  )

  it.skipIf(!MOUNT)(
    'a read-only data directory: start fails with READ_ONLY_STORAGE naming it; evidence writes to a read-only evidence dir too; files unchanged',
    async () => {
      const dataDir = dir()
      const key = rawKeyProvider(randomBytes(32))
      const b = await createBackend({ dataDir, key, autoBackup: false })
      const e = await call<{ id: string; name: string }>(
        b,
        'enterprises.create',
        enterpriseInput(1),
      )
      await b.close()

      const view = dir()
      mount(['--bind', dataDir], view)
      execFileSync('mount', ['-o', 'remount,ro,bind', view], { stdio: 'ignore' })
      expect(() => writeFileSync(join(view, 'probe'), 'x')).toThrow(/EROFS/)
      const err = await createBackend({ dataDir: view, key, autoBackup: false }).catch(
        (x: unknown) => x,
      )
      expect(err).toMatchObject({ code: 'READ_ONLY_STORAGE' })
      expect((err as Error).message).toContain(view)

      // while running: the evidence directory becomes read-only
      const b2 = await createBackend({ dataDir, key, autoBackup: false })
      cleanups.push(() => b2.close())
      const d = await call<{ assessment: { id: string } }>(b2, 'assessments.create', {
        enterpriseId: e.id,
        kind: 'diagnosis',
        assessorName: '张',
      })
      const evDir = join(dataDir, 'evidence')
      mkdirSync(evDir, { recursive: true })
      mount(['--bind', evDir], evDir)
      execFileSync('mount', ['-o', 'remount,ro,bind', evDir], { stdio: 'ignore' })
      const r = await dispatch(b2, 'evidence.add', {
        assessmentId: d.assessment.id,
        itemId: 'Q01',
        fileName: 'a.png',
        contentBase64: randomBytes(100).toString('base64'),
      })
      expect(r).toMatchObject({ ok: false, error: { code: 'READ_ONLY_STORAGE' } })
      expect(!r.ok && r.error.message).toContain(dataDir)
      expect(
        (await call<{ items: unknown[] }>(b2, 'evidence.list', { assessmentId: d.assessment.id }))
          .items,
      ).toEqual([])
      expect(await integrity(b2)).toEqual(['ok'])
      expect(existsSync(join(dataDir, 'probe'))).toBe(false)
    },
  )
})
