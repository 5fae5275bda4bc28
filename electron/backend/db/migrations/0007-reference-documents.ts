/**
 * 0007: measures libraries (措施库) and 小快轻准 product catalogues published by the city's
 * central service (issue 13). FROZEN once shipped: never edit, never import app code here; later
 * changes are new, additive migrations (style.md §8.6).
 * - reference_documents: one row per signed document, verified against the pinned server key
 *   before it is stored (from the network or a file). Published documents are immutable: one row
 *   per (kind, id), never updated.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE reference_documents (
      kind TEXT NOT NULL CHECK (kind IN ('measures', 'products')),
      id TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
      catalogue_id TEXT NOT NULL,
      title TEXT NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      published_at TEXT NOT NULL,
      body_json TEXT NOT NULL CHECK (json_valid(body_json)),
      signature_json TEXT NOT NULL CHECK (json_valid(signature_json)),
      received_at TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('central', 'file')),
      PRIMARY KEY (kind, id)
    ) STRICT`,
    sql`CREATE TRIGGER reference_documents_immutable BEFORE UPDATE ON reference_documents
      BEGIN SELECT RAISE(ABORT, 'published reference documents are immutable'); END`,
  ]
  for (const s of statements) await s.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0007-reference-documents cannot be reverted')
}
