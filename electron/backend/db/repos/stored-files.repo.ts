/**
 * Which files of the evidence store (evidence/<aa>/<sha256>) committed rows name. Two tables
 * name stored files by SHA-256: `evidence` (assessment evidence, also copied into corrected
 * versions) and `dossier_files` (一企一档 files; ledger rows and checklist items name those rows
 * by id, not the file). Every decision to remove a stored file asks these functions, never one
 * table. A new table that names stored files goes into STORED_FILE_COLUMNS — the schema test in
 * evidence/unnamed-sweep.test.ts fails for any `*sha256*` column not classified there.
 */
import { sql } from 'kysely'
import type { Executor } from '../tx'

/** [table, column] (SQL names) of every column that names a stored file by its SHA-256. */
export const STORED_FILE_COLUMNS = [
  ['evidence', 'sha256'],
  ['dossier_files', 'sha256'],
] as const satisfies ReadonlyArray<readonly [string, string]>

/** Whether any committed row of any table in STORED_FILE_COLUMNS names this file. */
export async function storedFileNamed(db: Executor, sha256: string): Promise<boolean> {
  const parts = STORED_FILE_COLUMNS.map(
    ([t, c]) => sql`SELECT 1 FROM ${sql.table(t)} WHERE ${sql.ref(c)} = ${sha256}`,
  )
  const q = sql<{ one: number }>`SELECT EXISTS (${sql.join(parts, sql` UNION ALL `)}) AS one`
  const r = await q.execute(db)
  return r.rows[0]?.one === 1
}

/** Every SHA-256 some committed row names (one query over all of STORED_FILE_COLUMNS). */
export async function storedFilesNamed(db: Executor): Promise<Set<string>> {
  const parts = STORED_FILE_COLUMNS.map(
    ([t, c]) => sql`SELECT ${sql.ref(c)} AS sha FROM ${sql.table(t)}`,
  )
  const r = await sql<{ sha: string }>`${sql.join(parts, sql` UNION `)}`.execute(db)
  return new Set(r.rows.map((x) => x.sha))
}
