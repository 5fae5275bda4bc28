/**
 * 0012: public keys of other assessors and experts known on this device (issue 14). FROZEN once
 * shipped: never edit, never import app code here; later changes are new, additive migrations
 * (style.md §8.6).
 * - known_keys: one row per key id (the SHA-256 of the public key, checked before insert), with
 *   the holder's name and agency, from the central service's key registry (source 'central')
 *   or from a public-key file (source 'file'). Panels pick experts from here by name.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE known_keys (
    key_id TEXT PRIMARY KEY NOT NULL CHECK (length(key_id) = 64),
    algorithm TEXT NOT NULL CHECK (algorithm IN ('Ed25519', 'SM2-SM3')),
    public_key_pem TEXT NOT NULL,
    name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 40),
    agency TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('central', 'file')),
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0012-key-registry cannot be reverted')
}
