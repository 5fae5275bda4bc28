/**
 * Failed-login throttle (issue 16 §1), kept in the database so every instance behind the proxy
 * sees the same count. Written against a small interface so it can move onto the generic
 * DB-backed rate limiter of the scale-out work (central/rate-limit.ts on branch cscale) once that
 * is on main.
 */
import type { Kysely } from 'kysely'
import type { CentralDB } from '../db/schema'

export interface FailureThrottle {
  /** ms until `key` may try again (0 = allowed now). */
  blockedFor(key: string, rule: ThrottleRule): Promise<number>
  /** Records one failure of `key`. */
  fail(key: string): Promise<void>
  /** Forgets `key`'s failures (after a successful login). */
  clear(key: string): Promise<void>
}

export interface ThrottleRule {
  /** at most this many failures … */
  max: number
  /** … within this window */
  windowMs: number
}

/** Per account: 5 failures in 15 minutes; per address: 20 in 15 minutes. */
export const LOGIN_RULES = {
  user: { max: 5, windowMs: 15 * 60_000 },
  ip: { max: 20, windowMs: 15 * 60_000 },
} as const satisfies Record<string, ThrottleRule>

export function dbFailureThrottle(db: Kysely<CentralDB>, now: () => Date): FailureThrottle {
  return {
    async blockedFor(key, rule) {
      const t = now().getTime()
      const rows = await db
        .selectFrom('login_failures')
        .select('at_ms')
        .where('throttle_key', '=', key)
        .where('at_ms', '>', t - rule.windowMs)
        .orderBy('at_ms', 'desc')
        .limit(rule.max)
        .execute()
      if (rows.length < rule.max) return 0
      // blocked until the oldest of the last `max` failures leaves the window
      const oldest = Number(rows[rows.length - 1]!.at_ms)
      return Math.max(1, oldest + rule.windowMs - t)
    },
    async fail(key) {
      const t = now().getTime()
      await db.insertInto('login_failures').values({ throttle_key: key, at_ms: t }).execute()
      // old rows are of no use any more
      await db
        .deleteFrom('login_failures')
        .where('at_ms', '<', t - 24 * 3_600_000)
        .execute()
    },
    async clear(key) {
      await db.deleteFrom('login_failures').where('throttle_key', '=', key).execute()
    },
  }
}
