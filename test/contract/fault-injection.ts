/**
 * Fault injection for multi-write operations (issue 12 item 7): TEMP triggers on the backend's own
 * connection count INSERTs and UPDATEs on every table and abort the k-th; `state` is what must not
 * change when an operation fails (every table's row count and the files in the bundle store).
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import type { Wire } from '../../shared/contract/api'
import type { tempBackend } from '../../electron/backend/test-helpers'

export type B = Awaited<ReturnType<typeof tempBackend>>

async function tables(b: B): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT name FROM main.sqlite_master WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(b.db)
  return r.rows.map((x) => x.name)
}

/** Every table's row count and the bundle files (temporary ones included). */
export async function state(b: B): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const t of await tables(b))
    out[t] = (
      await sql<{ n: number }>`SELECT count(*) AS n FROM main.${sql.id(t)}`.execute(b.db)
    ).rows[0]!.n
  const dir = join(b.dataDir, 'bundles')
  out['files:bundles'] = existsSync(dir) ? readdirSync(dir).sort() : []
  return out
}

/** Aborts the k-th row write (INSERT or UPDATE on any table) from now on; k = 0: never. */
export async function faultAt(b: B, k: number): Promise<void> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS fault_at (k INTEGER NOT NULL, n INTEGER NOT NULL)`.execute(
    b.db,
  )
  await sql`DELETE FROM temp.fault_at`.execute(b.db)
  await sql`INSERT INTO temp.fault_at (k, n) VALUES (${k}, 0)`.execute(b.db)
  for (const t of await tables(b))
    for (const op of ['INSERT', 'UPDATE'])
      await sql
        .raw(
          `CREATE TEMP TRIGGER IF NOT EXISTS "fault_${t}_${op}" BEFORE ${op} ON main."${t}" BEGIN
             UPDATE temp.fault_at SET n = n + 1;
             SELECT RAISE(ABORT, 'injected fault') WHERE (SELECT n FROM temp.fault_at) = (SELECT k FROM temp.fault_at);
           END`,
        )
        .execute(b.db)
}

/**
 * Runs `op` with a fault at step 1, 2, … (armed by `arm(k)`, default: the k-th row write) until
 * it succeeds; after each failure the state is unchanged. Returns the number of steps that were
 * each made to fail.
 */
export async function everyStepFails(
  b: B,
  op: () => Promise<Wire<unknown>>,
  arm: (k: number) => Promise<void> = (k) => faultAt(b, k),
  message: RegExp = /injected fault|本机服务出错|内部错误|INTERNAL|出错/,
): Promise<number> {
  const before = await state(b)
  for (let k = 1; k < 2000; k++) {
    await arm(k)
    const w = await op()
    if (w.ok) {
      await arm(0)
      return k - 1
    }
    expect(w.error.message, `step ${k}`).toMatch(message)
    expect(await state(b), `after a fault at step ${k}`).toEqual(before)
  }
  throw new Error('the operation never succeeded')
}
