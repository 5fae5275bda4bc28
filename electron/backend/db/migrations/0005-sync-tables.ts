/**
 * 0005: the sync client's tables, folded into the one migration map (issue 12). FROZEN once
 * shipped: never edit, never import app code here (style.md §8.6).
 *
 * These tables used to be created lazily, on first use, by a map of their own
 * (electron/backend/sync/migrations, bookkeeping table `sync_migrations`). A database that
 * already ran that map has them with exactly these definitions (that map was frozen too), so
 * every statement is `IF NOT EXISTS` (SQLite drops that clause from the stored schema, so both
 * paths end with the same schema) and the old bookkeeping tables are dropped afterwards.
 * - sync_outbox: one row per signed bundle to deliver (queued | sending | accepted | rejected),
 *   the last error, the server's signed receipt once accepted, the retry schedule.
 * - sync_bundles: the signed bundles this device holds (made here or imported from a file).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE IF NOT EXISTS sync_outbox (
    bundle_id TEXT PRIMARY KEY NOT NULL,
    record_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'accepted', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    receipt_json TEXT CHECK (receipt_json IS NULL OR json_valid(receipt_json)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`,
    sql`CREATE INDEX IF NOT EXISTS sync_outbox_due ON sync_outbox (state, next_attempt_at)`,
    sql`CREATE TABLE IF NOT EXISTS sync_bundles (
    bundle_id TEXT PRIMARY KEY NOT NULL,
    record_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    assessment_id TEXT UNIQUE,
    source TEXT NOT NULL CHECK (source IN ('local', 'import')),
    enterprise_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
    evidence_count INTEGER NOT NULL,
    manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
    key_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (record_id, version)
  ) STRICT`,
    sql`DROP TABLE IF EXISTS sync_migrations`,
    sql`DROP TABLE IF EXISTS sync_migrations_lock`,
  ]
  for (const s of statements) await s.execute(db)
}
