/**
 * node/sqlite-statement-cache.ts against a real SQLite file (better-sqlite3-multiple-ciphers,
 * the backend's driver) and Kysely's own SQLite driver.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cachingSqliteDatabase, type PreparingHandle } from '../../../node/sqlite-statement-cache'
import { tempDir } from '../test-helpers'

interface T {
  t: { id: Generated<number>; v: string }
}

let t: ReturnType<typeof tempDir>
let handle: Database.Database
let prepared: string[]

/** The handle, counting what it compiles. */
function counting(h: Database.Database): PreparingHandle {
  return {
    prepare: (s: string) => {
      prepared.push(s)
      return h.prepare(s)
    },
    close: () => void h.close(),
  }
}

beforeEach(() => {
  t = tempDir('dl-stmt-cache-')
  handle = new Database(join(t.dir, 'a.sqlite'))
  handle.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)')
  prepared = []
})
afterEach(() => {
  if (handle.open) handle.close()
  t.cleanup()
})

describe('cachingSqliteDatabase', () => {
  it('compiles a statement once and reuses it for the same SQL', () => {
    const h = counting(handle)
    const db = cachingSqliteDatabase(() => h)
    const a = db.prepare('SELECT v FROM t WHERE id = ?')
    const b = db.prepare('SELECT v FROM t WHERE id = ?')
    expect(b).toBe(a)
    db.prepare('SELECT id FROM t')
    expect(prepared).toEqual(['SELECT v FROM t WHERE id = ?', 'SELECT id FROM t'])
  })

  it('keeps at most `size` statements and drops the least recently used', () => {
    const h = counting(handle)
    const db = cachingSqliteDatabase(() => h, 2)
    db.prepare('SELECT 1')
    db.prepare('SELECT 2')
    db.prepare('SELECT 1') // now the most recent
    db.prepare('SELECT 3') // drops SELECT 2
    db.prepare('SELECT 1')
    db.prepare('SELECT 2')
    expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2'])
  })

  it('gives a statement an iterator is walking to nobody else', () => {
    handle.exec("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')")
    const h = counting(handle)
    const db = cachingSqliteDatabase(() => h)
    const q = 'SELECT v FROM t ORDER BY id'
    const first = db.prepare(q)
    const it1 = first.iterate([])
    expect(it1.next().value).toEqual({ v: 'a' })
    const second = db.prepare(q)
    expect(second).not.toBe(first)
    expect(prepared).toEqual([q, q])
    expect(second.all([])).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }])
    expect([...it1]).toEqual([{ v: 'b' }, { v: 'c' }])
  })

  it('sees a changed schema (SQLite re-prepares the cached statement)', () => {
    const db = cachingSqliteDatabase(() => handle)
    const q = 'SELECT * FROM t'
    handle.exec("INSERT INTO t (v) VALUES ('a')")
    expect(db.prepare(q).all([])).toEqual([{ id: 1, v: 'a' }])
    handle.exec("ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'x'")
    expect(db.prepare(q).all([])).toEqual([{ id: 1, v: 'a', w: 'x' }])
  })

  it('starts an empty cache for a handle swapped in, and closes the current handle', () => {
    let current = handle
    const db = cachingSqliteDatabase(() => current)
    const before = db.prepare('SELECT count(*) AS n FROM t')
    handle.close()
    current = new Database(join(t.dir, 'a.sqlite'))
    const after = db.prepare('SELECT count(*) AS n FROM t')
    expect(after).not.toBe(before)
    expect(after.all([])).toEqual([{ n: 0 }])
    db.close()
    expect(current.open).toBe(false)
  })

  it("runs Kysely's queries and transactions, each query shape compiled once", async () => {
    const h = counting(handle)
    const db = new Kysely<T>({
      dialect: new SqliteDialect({ database: cachingSqliteDatabase(() => h) }),
    })
    for (let i = 0; i < 20; i++)
      await db
        .insertInto('t')
        .values({ v: `v${i}` })
        .execute()
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ v: 'changed' }).where('id', '=', 1).execute()
      await trx.deleteFrom('t').where('id', '=', 2).execute()
    })
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('t').set({ v: 'lost' }).where('id', '=', 3).execute()
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    const rows = await db.selectFrom('t').select(['id', 'v']).orderBy('id').limit(3).execute()
    expect(rows).toEqual([
      { id: 1, v: 'changed' },
      { id: 3, v: 'v2' },
      { id: 4, v: 'v3' },
    ])
    const { rows: n } = await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(db)
    expect(n).toEqual([{ n: 19 }])
    // 20 inserts of one shape; begin/commit/rollback and the update each once
    expect(prepared.filter((s) => s.startsWith('insert')).length).toBe(1)
    expect(prepared.filter((s) => s.startsWith('update')).length).toBe(1)
    await db.destroy()
    expect(handle.open).toBe(false)
  })
})
