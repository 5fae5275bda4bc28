/**
 * 0010: the assessor profile of this device (issue 14). FROZEN once shipped: never edit, never
 * import app code here; later changes are new, additive migrations (style.md §8.6).
 * - assessor_profile: at most one row (id = 1): the assessor's name and agency, the defaults of
 *   new assessments and reports, and optionally a default PDF signing certificate (.p12/.pfx
 *   bytes as given; its password is never stored) with what was read from it when it was set.
 *   Kept in the (encrypted) database, not in the browser, so it survives a browser profile change.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE assessor_profile (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 50),
    agency TEXT NOT NULL CHECK (length(trim(agency)) BETWEEN 1 AND 100),
    cert_p12 BLOB,
    cert_file_name TEXT,
    cert_subject TEXT,
    cert_valid_to TEXT,
    cert_sha256 TEXT CHECK (cert_sha256 IS NULL OR length(cert_sha256) = 64),
    updated_at TEXT NOT NULL,
    CHECK ((cert_p12 IS NULL) = (cert_sha256 IS NULL))
  ) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0010-assessor-profile cannot be reverted')
}
