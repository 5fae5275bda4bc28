/**
 * Console sessions in the database (any instance can serve any request): a random 32-byte token
 * in an HttpOnly, SameSite=Strict cookie; only its SHA-256 is stored, so a copy of the database
 * does not give working sessions. A session ends after 30 minutes without a request or 8 hours
 * after login, whichever comes first, or at logout. Each session has its own CSRF token that the
 * console sends back in a header.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { StaffRole } from '../../shared/console/schemas/session'
import type { CentralDB } from '../db/schema'

export const SESSION_IDLE_MS = 30 * 60_000
export const SESSION_MAX_MS = 8 * 3_600_000
/** last_seen is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000

export interface SessionUser {
  username: string
  displayName: string
  role: StaffRole
}

export interface Session {
  user: SessionUser
  csrfToken: string
  /** when it ends if idle from now on (ms) */
  expiresAtMs: number
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export async function createSession(
  db: Kysely<CentralDB>,
  username: string,
  nowMs: number,
): Promise<{ token: string; csrfToken: string; expiresAtMs: number }> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  await db
    .insertInto('staff_sessions')
    .values({
      token_sha256: tokenHash(token),
      username,
      csrf_token: csrfToken,
      created_at_ms: nowMs,
      last_seen_ms: nowMs,
      expires_at_ms: nowMs + SESSION_MAX_MS,
    })
    .execute()
  // sessions that ended long ago are of no use
  await db
    .deleteFrom('staff_sessions')
    .where('expires_at_ms', '<', nowMs - SESSION_MAX_MS)
    .execute()
  return {
    token,
    csrfToken,
    expiresAtMs: Math.min(nowMs + SESSION_IDLE_MS, nowMs + SESSION_MAX_MS),
  }
}

/** The live session of a cookie token (and its enabled account), or null. */
export async function findSession(
  db: Kysely<CentralDB>,
  token: string,
  nowMs: number,
): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff as u', 'u.username', 's.username')
    .select([
      's.token_sha256',
      's.csrf_token',
      's.last_seen_ms',
      's.expires_at_ms',
      'u.username',
      'u.display_name',
      'u.role',
      'u.disabled_at',
    ])
    .where('s.token_sha256', '=', tokenHash(token))
    .executeTakeFirst()
  if (!row || row.disabled_at) return null
  const lastSeen = Number(row.last_seen_ms)
  const hardEnd = Number(row.expires_at_ms)
  if (nowMs >= hardEnd || nowMs - lastSeen >= SESSION_IDLE_MS) {
    await db.deleteFrom('staff_sessions').where('token_sha256', '=', row.token_sha256).execute()
    return null
  }
  if (nowMs - lastSeen >= TOUCH_EVERY_MS)
    await db
      .updateTable('staff_sessions')
      .set({ last_seen_ms: nowMs })
      .where('token_sha256', '=', row.token_sha256)
      .execute()
  return {
    user: { username: row.username, displayName: row.display_name, role: row.role as StaffRole },
    csrfToken: row.csrf_token,
    expiresAtMs: Math.min(nowMs + SESSION_IDLE_MS, hardEnd),
  }
}

export async function endSession(db: Kysely<CentralDB>, token: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_sha256', '=', tokenHash(token)).execute()
}

/** Ends every session of an account (disabled, password changed). */
export async function endSessionsOf(db: Kysely<CentralDB>, username: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('username', '=', username).execute()
}
