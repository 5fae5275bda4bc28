/**
 * 0003: the acceptance dossier (一企一档, issue 8). FROZEN once shipped: never edit, never import
 * app code here; later changes are new, additive migrations (style.md §8.6).
 * - dossier_files: files of an enterprise's dossier, stored by SHA-256 in the evidence store
 *   (the evidence table belongs to assessments and only takes Qxx/SCxx/survey items);
 * - dossier_items: one checklist entry per enterprise, template and item;
 * - ledger_rows: the investment ledger (投入清单), integer fen, invoice number unique per
 *   enterprise (compared without spaces, upper case: invoice_key).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE dossier_files (
      id TEXT PRIMARY KEY NOT NULL,
      enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      size INTEGER NOT NULL CHECK (size > 0),
      mime_type TEXT NOT NULL,
      original_name TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX dossier_files_enterprise ON dossier_files (enterprise_id)`,

    sql`CREATE TABLE dossier_items (
      enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
      template_id TEXT NOT NULL,
      template_version TEXT NOT NULL,
      item_id TEXT NOT NULL CHECK (length(item_id) > 0),
      state TEXT NOT NULL CHECK (state IN ('attached', 'missing', 'waived')),
      reason TEXT NOT NULL DEFAULT '',
      file_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(file_ids) AND json_type(file_ids) = 'array'),
      updated_at TEXT NOT NULL,
      CHECK (state = 'attached' OR length(trim(reason)) > 0),
      CHECK (state <> 'attached' OR json_array_length(file_ids) > 0),
      PRIMARY KEY (enterprise_id, template_id, item_id)
    ) STRICT, WITHOUT ROWID`,

    sql`CREATE TABLE ledger_rows (
      id TEXT PRIMARY KEY NOT NULL,
      enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
      invoice_no TEXT NOT NULL CHECK (length(trim(invoice_no)) > 0),
      invoice_key TEXT NOT NULL,
      date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      supplier TEXT NOT NULL CHECK (length(trim(supplier)) > 0),
      amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
      category TEXT NOT NULL CHECK (category IN ('software', 'cloud', 'data_equipment', 'consulting', 'other')),
      invoice_file_id TEXT REFERENCES dossier_files (id),
      payment_file_id TEXT REFERENCES dossier_files (id),
      note TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (enterprise_id, invoice_key)
    ) STRICT`,
  ]
  for (const s of statements) await s.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0003-dossier cannot be reverted')
}
