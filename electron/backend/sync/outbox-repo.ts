/**
 * The outbox table (sync_outbox) as rows of the pure state machine in
 * shared/domain/bundle/outbox.ts. Works on the app database opened with CamelCasePlugin.
 * Every state change is one UPDATE guarded by the previous state, so two runners never both
 * send one bundle.
 */
import type { Kysely } from 'kysely'
import {
  newOutboxItem,
  transition,
  type OutboxEvent,
  type OutboxItem,
  type OutboxState,
} from '../../../shared/domain/bundle/outbox'
import type { DB } from '../db/schema'
import type { SyncOutboxRow } from '../db/tables/sync'

export type OutboxRow = SyncOutboxRow

export function toItem(r: OutboxRow): OutboxItem {
  return {
    bundleId: r.bundleId,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    receipt: r.receiptJson,
    updatedAt: r.updatedAt,
  }
}

/** Adds a bundle to the outbox; a bundle already there keeps its state (idempotent). */
export async function enqueue(
  db: Kysely<DB>,
  b: { bundleId: string; recordId: string; version: number; manifestSha256: string },
  now: number,
): Promise<OutboxRow> {
  const item = newOutboxItem(b.bundleId, now)
  await db
    .insertInto('syncOutbox')
    .values({
      ...b,
      state: item.state,
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      receiptJson: null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflict((oc) => oc.column('bundleId').doNothing())
    .execute()
  return db
    .selectFrom('syncOutbox')
    .selectAll()
    .where('bundleId', '=', b.bundleId)
    .executeTakeFirstOrThrow()
}

export async function getRow(db: Kysely<DB>, bundleId: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('syncOutbox').selectAll().where('bundleId', '=', bundleId).executeTakeFirst()
}

export async function listRows(db: Kysely<DB>, state?: OutboxState): Promise<OutboxRow[]> {
  let q = db.selectFrom('syncOutbox').selectAll()
  if (state) q = q.where('state', '=', state)
  return q.orderBy('createdAt').orderBy('recordId').orderBy('version').execute()
}

/** Due items, oldest first; versions of one record in order. */
export async function dueRows(db: Kysely<DB>, now: number, limit = 1000): Promise<OutboxRow[]> {
  return db
    .selectFrom('syncOutbox')
    .selectAll()
    .where('state', '=', 'queued')
    .where('nextAttemptAt', '<=', now)
    .orderBy('createdAt')
    .orderBy('version')
    .limit(limit)
    .execute()
}

/** Applies an event; returns the new row, or null when another runner changed it first. */
export async function apply(
  db: Kysely<DB>,
  row: OutboxRow,
  ev: OutboxEvent,
): Promise<OutboxRow | null> {
  const next = transition(toItem(row), ev)
  const r = await db
    .updateTable('syncOutbox')
    .set({
      state: next.state,
      attempts: next.attempts,
      nextAttemptAt: next.nextAttemptAt,
      lastError: next.lastError,
      receiptJson: next.receipt,
      updatedAt: next.updatedAt,
    })
    .where('bundleId', '=', row.bundleId)
    .where('state', '=', row.state)
    .where('updatedAt', '=', row.updatedAt)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) return null
  return {
    ...row,
    state: next.state,
    attempts: next.attempts,
    nextAttemptAt: next.nextAttemptAt,
    lastError: next.lastError,
    receiptJson: next.receipt,
    updatedAt: next.updatedAt,
  }
}

/** At start-up: items left `sending` by a crash go back to `queued`. */
export async function recoverSending(db: Kysely<DB>, now: number): Promise<number> {
  const r = await db
    .updateTable('syncOutbox')
    .set({ state: 'queued', nextAttemptAt: now, updatedAt: now })
    .where('state', '=', 'sending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
