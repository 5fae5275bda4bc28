/**
 * Central service tables. Dialect-neutral column types only (text, integer, bigint), ISO-8601
 * UTC text timestamps, so the same migrations run on SQLite and PostgreSQL. Note that pg returns
 * bigint columns as strings: read them back through Number().
 */
import type { Generated } from 'kysely'
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

/** Issue 16 §1: a console staff account, created by the administrator CLI. */
export interface StaffTable {
  username: string
  display_name: string
  /** 'viewer' | 'reviewer' | 'admin' */
  role: string
  /** scrypt$N$r$p$salt$hash (console/passwords.ts) */
  password_hash: string
  created_at: string
  password_changed_at: string
  disabled_at: string | null
}

/** A console session: only the SHA-256 of the cookie token is stored. Times in ms (bigint). */
export interface StaffSessionTable {
  token_sha256: string
  username: string
  csrf_token: string
  created_at_ms: number | string
  last_seen_ms: number | string
  expires_at_ms: number | string
}

/** The console's own audit log; append-only (triggers). */
export interface ConsoleAuditTable {
  id: Generated<number | string>
  at: string
  username: string | null
  action: string
  target: string | null
  /** JSON */
  detail: string
  ip: string | null
}

/** Issue 16 §2: an integrity signal; id = SHA-256 of its key. Never changes a result. */
export interface IntegritySignalTable {
  id: string
  type: string
  signal_key: string
  summary: string
  refs_json: string
  facts_json: string
  thresholds_id: string
  first_seen_at: string
  last_seen_at: string
  /** 1 while the latest computation still finds it */
  active: number
}

export interface IntegritySignalRefTable {
  signal_id: string
  bundle_id: string
  enterprise_key: string
}

/** A reviewer's decision on a signal; append-only (triggers). */
export interface SignalReviewTable {
  id: Generated<number | string>
  signal_id: string
  /** 'clear' */
  action: string
  reason: string
  username: string
  at: string
}

export interface SignalRunTable {
  id: string
  fingerprint: string
  computed_at: string
  records: number
}

/** Facts read once from an accepted bundle's manifest (the console's filters and groups). */
export interface BundleFactsTable {
  bundle_id: string
  zjtx: string | null
  provider: string | null
  assessor_name: string | null
  assessed_on: string | null
  survey_date: string | null
}

/** EXIF DateTimeOriginal of an evidence file ('YYYY-MM-DD HH:MM:SS', camera clock), null if none. */
export interface EvidenceExifTable {
  sha256: string
  taken_at: string | null
  read_at: string
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

/** Issue 12 §6 / 16 §4: an evidence upload in progress, per holder (key id or 'file-import'). */
export interface UploadSessionTable {
  holder: string
  sha256: string
  /** bigint columns: strings on PostgreSQL. */
  size: number | string
  received: number | string
  updated_at_ms: number | string
}

/** One stored chunk of an upload: the object name in the evidence store. */
export interface UploadPartTable {
  holder: string
  sha256: string
  part_offset: number | string
  part_length: number | string
  object: string
}

/** Who has sent (or pushed a bundle with) a stored evidence file: only they learn it exists. */
export interface EvidenceHolderTable {
  sha256: string
  holder: string
  since: string
}

/** Instances that answered /readyz (last write), for operators. */
export interface InstanceTable {
  instance_id: string
  started_at: string
  seen_at_ms: number | string
}

/** Issue 11 item 8: a report carried by a signed bundle (manifest.reports). */
export interface ReportTable {
  number: string
  kind: string
  /** The report hash: SHA-256 of the PDF's report.json. */
  sha256: string
  issued_on: string
  bundle_id: string
  record_id: string
  record_version: number
  signer_key_id: string
  recorded_at: string
}

/** Issue 11 item 9: a key the administrator named to sign new versions of a record. */
export interface RecordSuccessorTable {
  record_id: string
  key_id: string
  reason: string
  named_at: string
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
  staff: StaffTable
  staff_sessions: StaffSessionTable
  console_audit: ConsoleAuditTable
  integrity_signals: IntegritySignalTable
  integrity_signal_refs: IntegritySignalRefTable
  signal_reviews: SignalReviewTable
  signal_runs: SignalRunTable
  bundle_facts: BundleFactsTable
  evidence_exif: EvidenceExifTable
  upload_sessions: UploadSessionTable
  upload_parts: UploadPartTable
  evidence_holders: EvidenceHolderTable
  instances: InstanceTable
  reports: ReportTable
  record_successors: RecordSuccessorTable
}
