/** The console's audit log: one append-only row per action (login, call, download, review). */
import type { Kysely, Transaction } from 'kysely'
import type { CentralDB } from '../db/schema'

export interface ConsoleAuditEntry {
  username: string | null
  action: string
  target?: string | null
  detail?: unknown
  ip?: string | null
}

export async function appendConsoleAudit(
  db: Kysely<CentralDB> | Transaction<CentralDB>,
  at: Date,
  e: ConsoleAuditEntry,
): Promise<void> {
  await db
    .insertInto('console_audit')
    .values({
      at: at.toISOString(),
      username: e.username,
      action: e.action,
      target: e.target ?? null,
      detail: JSON.stringify(e.detail ?? {}),
      ip: e.ip ?? null,
    })
    .execute()
}

export async function listConsoleAudit(
  db: Kysely<CentralDB>,
  f: { beforeId?: number | undefined; limit: number },
): Promise<
  {
    id: number
    at: string
    username: string | null
    action: string
    target: string | null
    detail: unknown
    ip: string | null
  }[]
> {
  let q = db.selectFrom('console_audit').selectAll()
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId)
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute()
  return rows.map((r) => ({ ...r, id: Number(r.id), detail: JSON.parse(r.detail) as unknown }))
}
