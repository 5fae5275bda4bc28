/**
 * Audit log writes: one entry per write, inside the same transaction as the write itself,
 * so a change and its entry commit together or not at all. The table is append-only
 * (triggers refuse UPDATE/DELETE).
 */
import { appendAudit } from '../db/repos/audit-log.repo'
import type { Executor } from '../db/tx'

export interface AuditActor {
  actor: string
  nowIso(): string
}

export async function audit(
  db: Executor,
  who: AuditActor,
  action: string,
  entity: string,
  entityId: string,
  detail?: unknown,
): Promise<void> {
  await appendAudit(db, { at: who.nowIso(), actor: who.actor, action, entity, entityId, detail })
}
