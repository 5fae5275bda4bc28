/**
 * 0006: the expert panel and recheck tables (issue 6), folded into the one migration map
 * (issue 12). FROZEN once shipped: never edit, never import app code here (style.md §8.6).
 *
 * These tables used to be created lazily, on first use, by a map of their own
 * (electron/backend/panel/migrations, bookkeeping table `panel_migrations`). A database that
 * already ran that map has them with exactly these definitions (that map was frozen too), so
 * every statement is `IF NOT EXISTS` (SQLite drops that clause from the stored schema, so both
 * paths end with the same schema) and the old bookkeeping tables are dropped afterwards.
 * Verified bundle bytes are kept verbatim (BLOB) so that every signature can be checked again.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE IF NOT EXISTS panel_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    lead_json TEXT NOT NULL CHECK (json_valid(lead_json)),
    experts_json TEXT NOT NULL CHECK (json_valid(experts_json)),
    created_at TEXT NOT NULL,
    signed_bundle_id TEXT,
    signed_manifest_sha256 TEXT,
    record_json TEXT CHECK (record_json IS NULL OR json_valid(record_json))
  ) STRICT`,
    sql`CREATE TABLE IF NOT EXISTS panel_scorings (
    panel_id TEXT NOT NULL REFERENCES panel_reviews (id),
    expert_key_id TEXT NOT NULL,
    bundle_id TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
    file_name TEXT NOT NULL,
    bundle BLOB NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (panel_id, expert_key_id)
  ) STRICT`,
    sql`CREATE TABLE IF NOT EXISTS panel_decisions (
    panel_id TEXT NOT NULL REFERENCES panel_reviews (id),
    item_id TEXT NOT NULL,
    value_json TEXT NOT NULL CHECK (json_valid(value_json)),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (panel_id, item_id)
  ) STRICT`,
    sql`CREATE TABLE IF NOT EXISTS recheck_bases (
    recheck_assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id),
    bundle_id TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
    signer_key_id TEXT NOT NULL,
    bundle BLOB NOT NULL,
    imported_at TEXT NOT NULL
  ) STRICT`,
    sql`DROP TABLE IF EXISTS panel_migrations`,
    sql`DROP TABLE IF EXISTS panel_migrations_lock`,
  ]
  for (const s of statements) await s.execute(db)
}
