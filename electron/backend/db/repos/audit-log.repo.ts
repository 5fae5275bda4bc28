import type { Executor } from '../tx'
import type { AuditLogRow } from '../tables/audit-log'

export interface AuditInput {
  at: string
  actor: string
  action: string
  entity: string
  entityId: string
  detail?: unknown
}

export async function appendAudit(db: Executor, e: AuditInput): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .execute()
}

export interface AuditRecord extends Omit<AuditLogRow, 'detail'> {
  detail: unknown
}

export async function listAudit(
  db: Executor,
  f: { entity?: string; entityId?: string; beforeId?: number; limit: number },
): Promise<AuditRecord[]> {
  let q = db.selectFrom('auditLog').selectAll()
  if (f.entity) q = q.where('entity', '=', f.entity)
  if (f.entityId) q = q.where('entityId', '=', f.entityId)
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId)
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute()
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }))
}
