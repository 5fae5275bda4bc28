/**
 * The one transaction wrapper services use. It refuses nesting (a nested call would wait on the
 * single SQLite connection forever) and offers onCommit hooks (events, post-commit work).
 * Never await file or network IO inside `fn`.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from './schema'

export type Executor = Kysely<DB> | Transaction<DB>

export interface TxContext {
  /** Runs after a successful COMMIT, in order; errors there are reported, never undo the commit. */
  onCommit(hook: () => void | Promise<void>): void
}

const active = new AsyncLocalStorage<true>()

export class NestedTransactionError extends Error {
  constructor() {
    super('nested transaction refused: pass the open Transaction down instead')
    this.name = 'NestedTransactionError'
  }
}

export function inTransaction(): boolean {
  return active.getStore() === true
}

export async function withTransaction<T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>, ctx: TxContext) => Promise<T>,
): Promise<T> {
  if (db.isTransaction || inTransaction()) throw new NestedTransactionError()
  const hooks: Array<() => void | Promise<void>> = []
  const ctx: TxContext = { onCommit: (h) => void hooks.push(h) }
  // SQLite rolls a transaction back by itself on SQLITE_FULL/IOERR (in a statement or at COMMIT);
  // a ROLLBACK then fails with "cannot rollback - no transaction is active" and must not hide the
  // real error (DISK_FULL): a controlled transaction, the rollback's own failure ignored.
  const value = await active.run(true, async () => {
    const trx = await db.startTransaction().execute()
    let result: T
    try {
      result = await fn(trx, ctx)
      await trx.commit().execute()
    } catch (e) {
      if (!trx.isCommitted && !trx.isRolledBack)
        await trx
          .rollback()
          .execute()
          .catch(() => undefined)
      throw e
    }
    return result
  })
  for (const h of hooks) {
    try {
      await h()
    } catch (e) {
      console.error('onCommit hook failed:', e instanceof Error ? e.message : e)
    }
  }
  return value
}
