/**
 * The database-backed rate limit (central/rate-limit.ts) on SQLite and PostgreSQL: counts per key
 * and window, refuses past the limit, starts again in the next window, never under-counts
 * concurrent hits (two connections pools = two instances), and the sweep removes ended windows.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openCentralDatabase, type CentralDatabase } from './db/open'
import { hit, sweepRateLimits } from './rate-limit'
import { TEST_DATABASES } from './testing/fixtures'

describe.each(TEST_DATABASES)('rate limits in the database on $name', (database) => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!()
  })
  async function open(): Promise<[CentralDatabase, CentralDatabase]> {
    const dir = mkdtempSync(join(tmpdir(), 'dl-rate-'))
    const d = await database.create()
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    cleanups.push(() => d.drop())
    const opts = { databaseUrl: d.databaseUrl, sqlitePath: join(dir, 'central.sqlite') }
    const a = await openCentralDatabase(opts)
    cleanups.push(() => a.close())
    const b = await openCentralDatabase(opts)
    cleanups.push(() => b.close())
    return [a, b]
  }

  it('counts per key and window, refuses past the limit, resets in the next window', async () => {
    const [{ db }] = await open()
    const t0 = 1_700_000_000_000
    const w = 60_000
    const start = Math.floor(t0 / w) * w
    const seen = []
    for (let i = 0; i < 4; i++) seen.push(await hit(db, 'register:ip:10.0.0.1', 3, w, t0 + i))
    expect(seen.map((r) => [r.allowed, r.count])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 4],
    ])
    expect(seen[3]!.retryAfterMs).toBe(start + w - (t0 + 3))
    // another key is counted on its own
    expect(await hit(db, 'register:ip:10.0.0.2', 3, w, t0)).toMatchObject({
      allowed: true,
      count: 1,
    })
    // the next window starts from one
    expect(await hit(db, 'register:ip:10.0.0.1', 3, w, start + w)).toMatchObject({
      allowed: true,
      count: 1,
    })
    // the sweep removes the windows that ended, keeps the current one
    expect(await sweepRateLimits(db, start + w)).toBe(2)
    const left = await db.selectFrom('rate_limits').select(['key', 'count']).execute()
    expect(left.map((r) => [r.key, Number(r.count)])).toEqual([['register:ip:10.0.0.1', 1]])
  })

  it('concurrent hits through two instances are all counted: exactly `limit` are allowed', async () => {
    const [a, b] = await open()
    const now = 1_700_000_000_000
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        hit((i % 2 ? a : b).db, 'register:all', 25, 3_600_000, now),
      ),
    )
    expect(results.filter((r) => r.allowed)).toHaveLength(25)
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    )
  })
})
