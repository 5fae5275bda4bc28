/**
 * Central service tables. Dialect-neutral column types only (text, integer, bigint), ISO-8601
 * UTC text timestamps, so the same migrations run on SQLite and PostgreSQL. Note that pg returns
 * bigint columns as strings: only `seen_at_ms` is bigint and it is never read back.
 */
import type { RateLimitTable } from '../rate-limit'

export interface AssessorKeyTable {
  key_id: string
  algorithm: string
  public_key_pem: string
  assessor_name: string
  agency: string | null
  /** 'pending' | 'approved' | 'revoked' */
  status: string
  registered_at: string
  approved_at: string | null
}

export interface NonceTable {
  key_id: string
  nonce: string
  seen_at_ms: number | string
}

export interface EvidenceTable {
  sha256: string
  size: number
  stored_at: string
}

export interface BundleTable {
  bundle_id: string
  record_id: string
  version: number
  supersedes_bundle_id: string | null
  supersede_reason: string | null
  manifest_sha256: string
  /** Canonical manifest JSON (the signed bytes as text). */
  manifest_json: string
  signature_json: string
  assessor_key_id: string
  pushed_by_key_id: string
  /** 'incomplete' (evidence missing) | 'accepted' */
  status: string
  received_at: string
  accepted_at: string | null
  receipt_json: string | null
  kind: string
  enterprise_name: string
  enterprise_uscc: string | null
  county: string | null
  industry: string | null
  batch: number | null
  level: number
  total_milli: number
  /** Issue 8: manifest.dossier totals.eligibleFen (string on PostgreSQL), null without a dossier. */
  dossier_eligible_fen: number | string | null
  /** Issue 8: 1 when the dossier checklist is complete, 0 when not, null without a dossier. */
  dossier_complete: number | null
}

export interface BundleEvidenceTable {
  bundle_id: string
  sha256: string
}

export interface AssignmentTable {
  assessor_key_id: string
  enterprise_id: string
  enterprise_name: string
  uscc: string | null
  county: string | null
  industry: string | null
  batch: number | null
  kind: string | null
  assigned_at: string
}

/** Issue 5 §3: a rule profile published by the administrator (immutable; see published.ts). */
export interface PublishedRuleProfileTable {
  /** The profile id (RULE_PROFILE_ID); never a built-in id. */
  id: string
  catalogue_id: string
  /** ruleProfileHash(profile): hex SHA-256 of the canonical profile JSON. */
  profile_sha256: string
  published_at: string
  /** canonicalJson of the signed PublishedRuleProfileBody (the signed bytes as text). */
  body_json: string
  /** JSON of the server's SignatureEnvelope over body_json. */
  signature_json: string
}

/** A published measures library or product catalogue (migration 0005); never updated. */
export interface PublishedDocumentTable {
  kind: 'measures' | 'products'
  id: string
  catalogue_id: string
  title: string
  /** measuresHash(library) / productsHash(products) */
  sha256: string
  published_at: string
  /** canonicalJson of the signed body (the signed bytes as text). */
  body_json: string
  /** JSON of the server's SignatureEnvelope over body_json. */
  signature_json: string
}

export interface CentralDB {
  assessor_keys: AssessorKeyTable
  nonces: NonceTable
  evidence: EvidenceTable
  bundles: BundleTable
  bundle_evidence: BundleEvidenceTable
  assignments: AssignmentTable
  published_rule_profiles: PublishedRuleProfileTable
  /** Issue 12 §6 / 16 §4: rate-limit windows (central/rate-limit.ts). */
  rate_limits: RateLimitTable
  published_documents: PublishedDocumentTable
}
