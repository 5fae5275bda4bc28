/**
 * sync 0002: the signed bundles this device holds (made here or imported from a file), with the
 * assessment they were made from. FROZEN once shipped.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sync_bundles (
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
  ) STRICT`.execute(db)
}
