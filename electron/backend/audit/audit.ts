/**
 * Audit log writes: one entry per write, inside the same transaction as the write itself,
 * so a change and its entry commit together or not at all. The table is append-only
 * (triggers refuse UPDATE/DELETE) and hash-chained (chain.ts, migration 0002).
 */
import { appendAudit } from '../db/repos/audit-log.repo'
import type { Executor } from '../db/tx'
import { linkNewestAuditRow } from './chain'

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
  const entry = { at: who.nowIso(), actor: who.actor, action, entity, entityId, detail }
  // The row and its hash-chain link (chain.ts) commit together: on the caller's transaction, or
  // on one of their own when called outside a transaction.
  const append = async (trx: Executor) => {
    await appendAudit(trx, entry)
    await linkNewestAuditRow(trx)
  }
  if (db.isTransaction) await append(db)
  else await db.transaction().execute(append)
}
