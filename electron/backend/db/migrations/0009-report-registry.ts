/**
 * 0009: the report registry (issue 11 item 8). Every formal report this device printed: its
 * number, kind, report hash (SHA-256 of the PDF's report.json), the assessment it was made from,
 * who signed it (certificate subject, or null when unsigned) and when. A number is recorded once
 * (the same number always has the same data, so the same hash). Append-only. FROZEN once shipped.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE report_registry (
      number TEXT PRIMARY KEY NOT NULL CHECK (length(number) BETWEEN 1 AND 80),
      kind TEXT NOT NULL CHECK (kind IN ('diagnosis', 'acceptance', 'recheck')),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      assessment_id TEXT NOT NULL REFERENCES assessments (id),
      issued_on TEXT NOT NULL,
      signer TEXT,
      signed_at TEXT,
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX report_registry_assessment ON report_registry (assessment_id)`,
    sql`CREATE TRIGGER report_registry_no_update BEFORE UPDATE ON report_registry
      BEGIN SELECT RAISE(ABORT, 'the report registry is append-only'); END`,
    sql`CREATE TRIGGER report_registry_no_delete BEFORE DELETE ON report_registry
      BEGIN SELECT RAISE(ABORT, 'the report registry is append-only'); END`,
  ]
  for (const s of statements) await s.execute(db)
}
