/**
 * 0004: reference data pulled from the city's central service (issue 5). FROZEN once shipped:
 * never edit, never import app code here; later changes are new, additive migrations
 * (style.md §8.6).
 * - reference_rule_profiles: signed rule profiles published by the central service, verified
 *   against the pinned server key before they are stored (from the network or a file). A
 *   published profile is immutable: one row per id, never updated.
 * - sync_assignments: the enterprises assigned to this assessor, as last pulled (replaced as a
 *   whole on every pull), so the list is there offline.
 * - sync_pulls: one row per successful pull (when, from where, what came), so "更新于" is known
 *   even when the list came back empty.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE reference_rule_profiles (
      id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
      catalogue_id TEXT NOT NULL,
      profile_sha256 TEXT NOT NULL CHECK (length(profile_sha256) = 64),
      published_at TEXT NOT NULL,
      body_json TEXT NOT NULL CHECK (json_valid(body_json)),
      signature_json TEXT NOT NULL CHECK (json_valid(signature_json)),
      received_at TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('central', 'file'))
    ) STRICT`,
    sql`CREATE TRIGGER reference_rule_profiles_immutable BEFORE UPDATE ON reference_rule_profiles
      BEGIN SELECT RAISE(ABORT, 'published rule profiles are immutable'); END`,

    sql`CREATE TABLE sync_assignments (
      enterprise_id TEXT PRIMARY KEY NOT NULL,
      enterprise_name TEXT NOT NULL,
      uscc TEXT,
      county TEXT,
      industry TEXT,
      batch INTEGER,
      kind TEXT,
      fetched_at TEXT NOT NULL
    ) STRICT`,

    sql`CREATE TABLE sync_pulls (
      id INTEGER PRIMARY KEY,
      pulled_at TEXT NOT NULL,
      server_url TEXT NOT NULL,
      assignments INTEGER NOT NULL CHECK (assignments >= 0),
      profiles_stored INTEGER NOT NULL CHECK (profiles_stored >= 0),
      refused_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(refused_json))
    ) STRICT`,
  ]
  for (const s of statements) await s.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0004-references cannot be reverted')
}
