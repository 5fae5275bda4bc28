/**
 * Staff accounts of the city console, managed only by the administrator CLI
 * (`npm run central -- staff add|list|disable|enable|password …`). Every change is written to the
 * console audit log with actor 'cli'.
 */
import { STAFF_ROLES, USERNAME, type StaffRole } from '../../shared/console/schemas/session'
import { AdminError } from '../admin'
import type { CentralContext } from '../ingest'
import { appendConsoleAudit } from './audit'
import { hashPassword, passwordProblem, type ScryptParams } from './passwords'
import { endSessionsOf } from './sessions'

export interface StaffListing {
  username: string
  displayName: string
  role: string
  createdAt: string
  disabledAt: string | null
}

function checkUsername(username: string): string {
  const r = USERNAME.safeParse(username)
  if (!r.success) throw new AdminError(`USERNAME: ${r.error.issues[0]!.message}`)
  return r.data
}

function checkRole(role: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(role))
    throw new AdminError(`--role: '${role}' is not a role (${STAFF_ROLES.join(' | ')})`)
  return role as StaffRole
}

function checkPassword(password: string, username: string): void {
  const p = passwordProblem(password, username)
  if (p) throw new AdminError(`password: ${p}`)
}

export async function addStaff(
  ctx: CentralContext,
  o: { username: string; displayName: string; role: string; password: string },
  params?: ScryptParams,
): Promise<StaffListing> {
  const username = checkUsername(o.username)
  const role = checkRole(o.role)
  const displayName = o.displayName.trim()
  if (!displayName || displayName.length > 64)
    throw new AdminError('--name: a display name of 1–64 characters is required')
  checkPassword(o.password, username)
  const exists = await ctx.db
    .selectFrom('staff')
    .select('username')
    .where('username', '=', username)
    .executeTakeFirst()
  if (exists) throw new AdminError(`USERNAME: '${username}' already exists`)
  const at = ctx.now()
  const hash = await hashPassword(o.password, params)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('staff')
      .values({
        username,
        display_name: displayName,
        role,
        password_hash: hash,
        created_at: at.toISOString(),
        password_changed_at: at.toISOString(),
        disabled_at: null,
      })
      .execute()
    await appendConsoleAudit(trx, at, {
      username: 'cli',
      action: 'staff.add',
      target: username,
      detail: { role, displayName },
    })
  })
  return { username, displayName, role, createdAt: at.toISOString(), disabledAt: null }
}

export async function listStaff(ctx: CentralContext): Promise<StaffListing[]> {
  const rows = await ctx.db.selectFrom('staff').selectAll().orderBy('username').execute()
  return rows.map((r) => ({
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  }))
}

async function requireStaff(ctx: CentralContext, username: string): Promise<void> {
  const r = await ctx.db
    .selectFrom('staff')
    .select('username')
    .where('username', '=', username)
    .executeTakeFirst()
  if (!r) throw new AdminError(`USERNAME: no staff account '${username}'`)
}

export async function setStaffDisabled(
  ctx: CentralContext,
  username: string,
  disabled: boolean,
): Promise<void> {
  await requireStaff(ctx, username)
  const at = ctx.now()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({ disabled_at: disabled ? at.toISOString() : null })
      .where('username', '=', username)
      .execute()
    await appendConsoleAudit(trx, at, {
      username: 'cli',
      action: disabled ? 'staff.disable' : 'staff.enable',
      target: username,
    })
  })
  if (disabled) await endSessionsOf(ctx.db, username)
}

export async function setStaffPassword(
  ctx: CentralContext,
  username: string,
  password: string,
  params?: ScryptParams,
): Promise<void> {
  await requireStaff(ctx, username)
  checkPassword(password, username)
  const hash = await hashPassword(password, params)
  const at = ctx.now()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({ password_hash: hash, password_changed_at: at.toISOString() })
      .where('username', '=', username)
      .execute()
    await appendConsoleAudit(trx, at, {
      username: 'cli',
      action: 'staff.password',
      target: username,
    })
  })
  await endSessionsOf(ctx.db, username)
}
