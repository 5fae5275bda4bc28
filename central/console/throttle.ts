/**
 * Failed-login throttle (issue 16 §1) on the database-backed rate limits of central/rate-limit.ts
 * (table rate_limits, fixed windows), so every instance behind the proxy counts the same
 * failures. Only failures count (`fail` is a `hit`); before the password is even checked,
 * `blockedFor` looks at the current window without counting, so the right password is refused
 * too while an account or address is blocked. A successful login clears the account's count.
 */
import type { Kysely } from 'kysely'
import { hit } from '../rate-limit'
import type { CentralDB } from '../db/schema'

export interface ThrottleRule {
  /** at most this many failures … */
  max: number
  /** … per window of this length */
  windowMs: number
}

export interface FailureThrottle {
  /** ms until `key` may try again (0 = allowed now). */
  blockedFor(key: string, rule: ThrottleRule): Promise<number>
  /** Records one failure of `key`. */
  fail(key: string, rule: ThrottleRule): Promise<void>
  /** Forgets `key`'s failures (after a successful login). */
  clear(key: string): Promise<void>
}

/** Per account: 5 failures per 15 minutes; per address: 20 per 15 minutes. */
export const LOGIN_RULES = {
  user: { max: 5, windowMs: 15 * 60_000 },
  ip: { max: 20, windowMs: 15 * 60_000 },
} as const satisfies Record<string, ThrottleRule>

export function dbFailureThrottle(db: Kysely<CentralDB>, now: () => Date): FailureThrottle {
  return {
    async blockedFor(key, rule) {
      const t = now().getTime()
      const start = Math.floor(t / rule.windowMs) * rule.windowMs
      const row = await db
        .selectFrom('rate_limits')
        .select('count')
        .where('key', '=', key)
        .where('window_start', '=', start)
        .executeTakeFirst()
      return row && Number(row.count) >= rule.max ? start + rule.windowMs - t : 0
    },
    async fail(key, rule) {
      await hit(db, key, rule.max, rule.windowMs, now().getTime())
    },
    async clear(key) {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute()
    },
  }
}
