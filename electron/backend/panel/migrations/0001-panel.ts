/**
 * panel 0001: expert panels of acceptance reviews and recheck bases (issue 6). FROZEN once
 * shipped; additive changes go into new migrations. Verified bundle bytes are kept verbatim
 * (BLOB) so that every signature can be checked again at any time.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE panel_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    lead_json TEXT NOT NULL CHECK (json_valid(lead_json)),
    experts_json TEXT NOT NULL CHECK (json_valid(experts_json)),
    created_at TEXT NOT NULL,
    signed_bundle_id TEXT,
    signed_manifest_sha256 TEXT,
    record_json TEXT CHECK (record_json IS NULL OR json_valid(record_json))
  ) STRICT`.execute(db)
  await sql`CREATE TABLE panel_scorings (
    panel_id TEXT NOT NULL REFERENCES panel_reviews (id),
    expert_key_id TEXT NOT NULL,
    bundle_id TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
    file_name TEXT NOT NULL,
    bundle BLOB NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (panel_id, expert_key_id)
  ) STRICT`.execute(db)
  await sql`CREATE TABLE panel_decisions (
    panel_id TEXT NOT NULL REFERENCES panel_reviews (id),
    item_id TEXT NOT NULL,
    value_json TEXT NOT NULL CHECK (json_valid(value_json)),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    decided_at TEXT NOT NULL,
    PRIMARY KEY (panel_id, item_id)
  ) STRICT`.execute(db)
  await sql`CREATE TABLE recheck_bases (
    recheck_assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id),
    bundle_id TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64),
    signer_key_id TEXT NOT NULL,
    bundle BLOB NOT NULL,
    imported_at TEXT NOT NULL
  ) STRICT`.execute(db)
}
