/**
 * Rate limits kept in the database (table `rate_limits`), so every central instance behind a
 * reverse proxy counts the same hits (issue 16 §4). Fixed windows: a hit on `key` at `now` counts
 * in the window [floor(now / windowMs) · windowMs, + windowMs); the hit that makes the count
 * exceed `limit` and every later one in that window are refused. One atomic upsert per hit
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and PostgreSQL), so concurrent hits on
 * several instances never under-count.
 *
 *   const r = await hit(db, `register:ip:${ip}`, 10, 3_600_000, Date.now())
 *   if (!r.allowed) → 429 with Retry-After = ceil(r.retryAfterMs / 1000)
 *
 * Keys are free text chosen by the caller (namespace them: `register:ip:…`, `login:user:…`).
 * `sweepRateLimits` deletes windows that have ended (called from central's periodic upkeep).
 */
import type { Kysely } from 'kysely'

/** The one table this module needs (a subset of the central schema, so any Kysely fits). */
export interface RateLimitTable {
  key: string
  /** ms since epoch where the window starts (bigint: a string on PostgreSQL). */
  window_start: number | string
  count: number
  /** ms since epoch where the window ends (bigint). */
  expires_at: number | string
}

export interface RateLimitDB {
  rate_limits: RateLimitTable
}

export interface RateLimitResult {
  allowed: boolean
  /** Hits in the current window, this one included. */
  count: number
  limit: number
  /** ms until the window ends (when a refused caller may try again). */
  retryAfterMs: number
}

export async function hit<DB extends RateLimitDB>(
  db: Kysely<DB>,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
): Promise<RateLimitResult> {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0)
    throw new Error(`rate limit ${key}: windowMs must be a positive integer`)
  const start = Math.floor(now / windowMs) * windowMs
  const d = db as unknown as Kysely<RateLimitDB>
  const row = await d
    .insertInto('rate_limits')
    .values({ key, window_start: start, count: 1, expires_at: start + windowMs })
    .onConflict((oc) =>
      oc
        .columns(['key', 'window_start'])
        .doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow()
  const count = Number(row.count)
  return { allowed: count <= limit, count, limit, retryAfterMs: start + windowMs - now }
}

/** Deletes every window that ended before `now`; returns how many rows went. */
export async function sweepRateLimits<DB extends RateLimitDB>(
  db: Kysely<DB>,
  now: number,
): Promise<number> {
  const d = db as unknown as Kysely<RateLimitDB>
  const r = await d.deleteFrom('rate_limits').where('expires_at', '<=', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}
