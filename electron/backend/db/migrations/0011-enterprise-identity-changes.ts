/**
 * 0011: changes of an enterprise's identity (issue 14). FROZEN once shipped: never edit, never
 * import app code here; later changes are new, additive migrations (style.md §8.6).
 * - enterprise_identity_changes: one row per change of 统一社会信用代码, 企业名称 or 试点批次, with
 *   the old and new value and the reason (required by the service once the enterprise has a
 *   completed or signed assessment). Append-only: later reports print the history
 *   (曾用名 / 统一社会信用代码变更 …), so rows are never updated or deleted.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE enterprise_identity_changes (
      id TEXT PRIMARY KEY NOT NULL,
      enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
      field TEXT NOT NULL CHECK (field IN ('uscc', 'name', 'batch')),
      old_value TEXT,
      new_value TEXT,
      reason TEXT NOT NULL DEFAULT '',
      changed_at TEXT NOT NULL,
      changed_by TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX enterprise_identity_changes_enterprise
      ON enterprise_identity_changes (enterprise_id, changed_at)`,
    sql`CREATE TRIGGER enterprise_identity_changes_no_update
      BEFORE UPDATE ON enterprise_identity_changes
      BEGIN SELECT RAISE(ABORT, 'enterprise_identity_changes is append-only'); END`,
    sql`CREATE TRIGGER enterprise_identity_changes_no_delete
      BEFORE DELETE ON enterprise_identity_changes
      BEGIN SELECT RAISE(ABORT, 'enterprise_identity_changes is append-only'); END`,
  ]
  for (const s of statements) await s.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0011-enterprise-identity-changes cannot be reverted')
}
