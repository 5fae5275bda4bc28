import type { AdviceRecord } from '../advice/schema'
import type { HomogeneityRecord } from '../advice/text'

/**
 * The signed bundle (`.dlbundle`, design.md §5) and the sync protocol (design.md §6) as data.
 *
 * A bundle is a zip holding
 *   manifest.json   — the RFC 8785 canonical bytes of a `BundleManifest`,
 *   evidence/<sha256> — each evidence file, named by the SHA-256 of its bytes,
 *   signature.json  — a `SignatureEnvelope` over exactly those canonical manifest bytes.
 * Signed bundles are immutable: a correction is a new bundle (new `bundleId`) of the same
 * `recordId` with `version + 1` and `supersedes` naming the bundle it replaces and why.
 */

export const BUNDLE_FORMAT_V1 = 'sme-dl-bundle/v1'
export const RECEIPT_FORMAT_V1 = 'sme-dl-receipt/v1'
export const KEY_FILE_FORMAT_V1 = 'dl-assessor-key/v1'

/** The zip entry names. */
export const MANIFEST_ENTRY = 'manifest.json'
export const SIGNATURE_ENTRY = 'signature.json'
export const EVIDENCE_DIR = 'evidence/'

/**
 * Signature algorithms.
 *  - 'Ed25519': RFC 8032 pure Ed25519 over the canonical bytes.
 *  - 'SM2-SM3': GM/T 0003 SM2 with SM3 and the standard user id 1234567812345678 (the Z value),
 *    signature DER-encoded (SEQUENCE of r, s) — what `openssl pkeyutl -digest sm3` produces.
 */
export const SIGNATURE_ALGORITHMS = ['Ed25519', 'SM2-SM3'] as const
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number]

/** The SM2 user id (distinguishing identifier) used everywhere, as in GB/T 35276. */
export const SM2_USER_ID = '1234567812345678'

/** The public half of an assessor (or server) key, embedded in manifests and registrations. */
export interface PublicKeyInfo {
  /**
   * Lowercase hex SHA-256 of the public key: of the SPKI DER for Ed25519, of the 65-byte
   * uncompressed point (04‖x‖y) for SM2.
   */
  keyId: string
  algorithm: SignatureAlgorithm
  /** SubjectPublicKeyInfo PEM ('-----BEGIN PUBLIC KEY-----'), usable with openssl. */
  publicKeyPem: string
}

export interface EvidenceEntry {
  /** Lowercase hex SHA-256 of the file bytes; the file is stored at evidence/<sha256>. */
  sha256: string
  size: number
  /** Original file name, for display only — never used as a path. */
  name: string
  /**
   * The indicator item it supports (Q01…Q15, SC01…SC16), 'dossier' for a file of the acceptance
   * dossier (issue 8: contract, invoice, payment proof…, referenced by `manifest.dossier`), or
   * null for the whole assessment.
   */
  itemId: string | null
  mime: string
}

export interface SupersedesInfo {
  /** The bundle this one replaces (it must be the current version at the central service). */
  bundleId: string
  /** Why the signed result is corrected. */
  reason: string
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT_V1
  /** Unique per bundle (UUID); one bundle id = one immutable signed content. */
  bundleId: string
  /** Stable across corrections: the logical assessment record (UUID). */
  recordId: string
  /** 1 for the first bundle of a record, +1 for each correction. */
  version: number
  supersedes: SupersedesInfo | null
  /** ISO-8601 UTC. */
  createdAt: string
  catalogue: { id: string; hash: string }
  assessorKey: PublicKeyInfo
  /** The `sme-dl-assessment/v1` object, verbatim. */
  assessment: Record<string, unknown>
  evidence: EvidenceEntry[]
  /**
   * Additive (issue 6), only in a panel lead's consolidated bundle: the `sme-dl-panel/v1` record
   * and, per expert, the bundle id, manifest SHA-256 and signature of the expert's own bundle
   * (carried as evidence files). Absent in every other bundle.
   */
  panel?: Record<string, unknown>
  /**
   * Additive (issue 8), only in a bundle of an acceptance assessment whose enterprise keeps a
   * dossier: the `sme-dl-dossier/v1` manifest (checklist, investment ledger, totals, evidence
   * hashes). Every file it references travels as evidence with itemId 'dossier'.
   */
  dossier?: Record<string, unknown>
  /**
   * Additive (issue 7 §4): the head of the signing device's audit chain when it signed — the
   * newest audit_log row id and its link hash. `audit verify` on that device checks the chain
   * still holds this link, so rewriting the log (even with every later hash recomputed) shows.
   */
  audit?: AuditAnchor
  /**
   * Additive (issue 13), only in a diagnosis whose assessor recorded findings or accepted a plan:
   * the `sme-dl-advice/v1` record (findings per scene, the accepted plan with measures, products
   * and investment estimates, the score and level after it — recomputed on verify).
   */
  advice?: AdviceRecord
  /**
   * Additive (issue 13 item 7), with `advice`: how alike this diagnosis's findings and plan text
   * is to the most similar other enterprise's diagnosis on the signing device (character-trigram
   * Jaccard, policy named), and that record's id, for the central service.
   */
  homogeneity?: HomogeneityRecord
  /**
   * Additive (issue 16 §2): when each item of the assessment was recorded, from the signing
   * device's audit log (one event per audit row about this assessment, in row order, without the
   * values). The central service reads it for the integrity signals (items judged within
   * seconds, an assessor at two enterprises at once). Absent in bundles signed before it.
   */
  timeline?: TimelineEvent[]
  /**
   * Additive (issue 11 item 8): the formal reports made from this assessment before it was
   * signed — number, kind, report hash (SHA-256 of the PDF's report.json) and 出具日期. Central
   * records them for `GET /v1/reports/:number`; an acceptance cites its diagnosis by this number.
   */
  reports?: ReportRef[]
  /**
   * Additive (issue 11 item 1), required in a bundle of an acceptance assessment: the signed
   * diagnosis it compares against — its bundle id, the SHA-256 of its canonical manifest.json and
   * the diagnosis report number that bundle carries (null when it carries none). Central refuses
   * an acceptance that names no diagnosis it holds, one of another enterprise, or one assessed
   * on or after the acceptance. Absent in every other bundle.
   */
  diagnosis?: DiagnosisCitation
}

export interface DiagnosisCitation {
  bundleId: string
  manifestSha256: string
  reportNumber: string | null
}

export interface ReportRef {
  number: string
  kind: 'diagnosis' | 'acceptance' | 'recheck'
  sha256: string
  issuedOn: string
}

/** The audit-log actions a timeline carries (the writes an assessment goes through). */
export const TIMELINE_ACTIONS = [
  'assessment.create',
  'assessment.correct',
  'assessment.updateInfo',
  'answer.set',
  'scene.set',
  'note.set',
  'survey.update',
  'evidence.add',
  'evidence.remove',
  'assessment.complete',
] as const
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number]

export interface TimelineEvent {
  /** audit_log id on the signing device (strictly increasing along the timeline) */
  row: number
  /** ISO-8601 UTC, the device clock when the row was written */
  at: string
  action: TimelineAction
  /** Q01…Q15, SC01…SC16, 'survey' (evidence of the site survey), or null */
  itemId: string | null
}

export interface AuditAnchor {
  /** audit_log id of the chain head (0 for an empty log) */
  row: number
  /** its link hash (64 zeros for an empty log) */
  head: string
}

export interface SignatureEnvelope {
  algorithm: SignatureAlgorithm
  keyId: string
  /** Base64 signature over the canonical bytes (Ed25519: 64 raw bytes; SM2: DER). */
  signature: string
  /** Hex SHA-256 of the signed canonical bytes (a quick check that names a changed manifest). */
  signedBytesSha256: string
}

/** What the central service signs when it accepts a bundle. */
export interface ReceiptBody {
  format: typeof RECEIPT_FORMAT_V1
  bundleId: string
  recordId: string
  version: number
  /** SHA-256 of the canonical manifest bytes that were accepted. */
  manifestSha256: string
  assessorKeyId: string
  evidence: string[]
  acceptedAt: string
  serverKeyId: string
}

export interface SignedReceipt {
  receipt: ReceiptBody
  signature: SignatureEnvelope
}
