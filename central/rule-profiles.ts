/**
 * Rule profiles published by the city administrator (issue 5 §3), as the central service keeps
 * and serves them: stored signed (table published_rule_profiles, migration 0003), listed with the
 * built-ins for GET /v1/rule-profiles, and added to the reference registry that ingest scores
 * pushed and imported bundles with. Publishing itself is an admin operation (admin.ts).
 */
import type { Kysely } from 'kysely'
import {
  BUILT_IN,
  ruleProfileHash,
  withRuleProfiles,
  type ReferenceRegistry,
  type SignedRuleProfile,
} from '../shared/domain/reference'
import type { CentralDB, PublishedRuleProfileTable } from './db/schema'

/** The stored row as the signed object clients receive (and the export file holds). */
export function signedFromRow(row: PublishedRuleProfileTable): SignedRuleProfile {
  return {
    body: JSON.parse(row.body_json) as SignedRuleProfile['body'],
    signature: JSON.parse(row.signature_json) as SignedRuleProfile['signature'],
  }
}

export async function publishedRuleProfileRows(
  db: Kysely<CentralDB>,
): Promise<PublishedRuleProfileTable[]> {
  return db
    .selectFrom('published_rule_profiles')
    .selectAll()
    .orderBy('published_at')
    .orderBy('id')
    .execute()
}

/** Every published profile, signed, oldest first. */
export async function publishedRuleProfiles(db: Kysely<CentralDB>): Promise<SignedRuleProfile[]> {
  return (await publishedRuleProfileRows(db)).map(signedFromRow)
}

/** One published profile, or undefined. */
export async function publishedRuleProfile(
  db: Kysely<CentralDB>,
  id: string,
): Promise<SignedRuleProfile | undefined> {
  const row = await db
    .selectFrom('published_rule_profiles')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? signedFromRow(row) : undefined
}

/** The built-in profiles of this build by id and content hash. */
export function builtInRuleProfiles(): { id: string; hash: string }[] {
  return BUILT_IN.ruleProfiles().map((p) => ({ id: p.id, hash: ruleProfileHash(p) }))
}

/**
 * The registry ingest scores with: the built-ins plus every published profile (each checked
 * again by withRuleProfiles; a stored row that no longer passes throws naming it).
 */
export async function centralRegistry(db: Kysely<CentralDB>): Promise<ReferenceRegistry> {
  const rows = await publishedRuleProfileRows(db)
  if (!rows.length) return BUILT_IN
  return withRuleProfiles(rows.map((r) => signedFromRow(r).body.profile))
}
