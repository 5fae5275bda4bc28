/**
 * sync 0001: the sync outbox (design.md §6; owned by the sync client, electron/backend/sync).
 * FROZEN once shipped; additive changes go into new migrations.
 * One row per signed bundle to deliver: state queued | sending | accepted | rejected, the last
 * error or rejection reason, the server's signed receipt once accepted, and the retry schedule.
 * The bundle bytes themselves live in the bundle store (files by bundle id).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sync_outbox (
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
  ) STRICT`.execute(db)
  await sql`CREATE INDEX sync_outbox_due ON sync_outbox (state, next_attempt_at)`.execute(db)
}
