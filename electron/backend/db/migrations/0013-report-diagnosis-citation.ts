/**
 * 0013: which signed diagnosis a formal acceptance report cited (issue 11 item 1). A report of
 * kind acceptance printed against a signed diagnosis bundle records that bundle's id, the SHA-256
 * of its manifest.json and the diagnosis report number it carries; `bundles.create` names the
 * same diagnosis in the acceptance bundle's manifest (manifest.diagnosis), which central checks.
 * Null for other kinds and for rows recorded before this migration. FROZEN once shipped: never
 * edit, never import app code here; later changes are new, additive migrations.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`ALTER TABLE report_registry ADD COLUMN diagnosis_bundle_id TEXT
      CHECK (diagnosis_bundle_id IS NULL OR length(diagnosis_bundle_id) BETWEEN 1 AND 80)`,
    sql`ALTER TABLE report_registry ADD COLUMN diagnosis_manifest_sha256 TEXT
      CHECK (diagnosis_manifest_sha256 IS NULL OR length(diagnosis_manifest_sha256) = 64)`,
    sql`ALTER TABLE report_registry ADD COLUMN diagnosis_report_number TEXT`,
  ]
  for (const s of statements) await s.execute(db)
}
