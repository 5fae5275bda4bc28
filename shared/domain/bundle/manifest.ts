/**
 * The bytes that are signed: RFC 8785 canonical JSON of the manifest (and of receipts and
 * registration proofs), UTF-8 encoded. `manifest.json` in the zip holds exactly these bytes, so
 * `openssl pkeyutl -verify -rawin -in manifest.json` checks an Ed25519 bundle directly.
 */
import type { AdviceRecord } from '../advice/schema'
import type { HomogeneityRecord } from '../advice/text'
import { canonicalJson } from '../canonical-json'
import { sha256Hex } from '../hash'
import { utf8 } from './codec'
import {
  BUNDLE_FORMAT_V1,
  type AuditAnchor,
  type BundleManifest,
  type DiagnosisCitation,
  type EvidenceEntry,
  type PublicKeyInfo,
  type ReportRef,
  type TimelineEvent,
} from './types'

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value))
}

export function manifestSha256(manifest: BundleManifest): string {
  return sha256Hex(canonicalBytes(manifest))
}

export interface ManifestInput {
  bundleId: string
  recordId: string
  version?: number
  supersedes?: { bundleId: string; reason: string } | null
  createdAt: string
  catalogue: { id: string; hash: string }
  assessorKey: PublicKeyInfo
  assessment: Record<string, unknown>
  evidence: EvidenceEntry[]
  /** Only for a panel lead's consolidated bundle (issue 6). */
  panel?: Record<string, unknown>
  /** Only for an acceptance with a dossier (issue 8): the `sme-dl-dossier/v1` manifest. */
  dossier?: Record<string, unknown>
  /** The signing device's audit chain head (issue 7 §4). */
  audit?: AuditAnchor
  /** Only for a diagnosis with findings or an accepted plan (issue 13). */
  advice?: AdviceRecord
  homogeneity?: HomogeneityRecord
  /** When each item was recorded, from the signing device's audit log (issue 16 §2). */
  timeline?: TimelineEvent[]
  /** Formal reports of this assessment (issue 11 item 8). */
  reports?: ReportRef[]
  /** Only for an acceptance: the signed diagnosis it compares against (issue 11 item 1). */
  diagnosis?: DiagnosisCitation
}

/**
 * Builds a manifest. Evidence is listed once per hash (the same file attached twice is stored
 * once), sorted by hash so that the same inputs give the same bytes. A correction (version > 1)
 * must name the bundle it replaces and a reason; a first version must not.
 */
export function buildManifest(input: ManifestInput): BundleManifest {
  const version = input.version ?? 1
  const supersedes = input.supersedes ?? null
  if (!Number.isInteger(version) || version < 1) throw new Error('version: must be an integer ≥ 1')
  if (version > 1 && !supersedes)
    throw new Error('supersedes: a correction (version > 1) must name the bundle it replaces')
  if (version === 1 && supersedes)
    throw new Error('supersedes: version 1 cannot replace another bundle; use version ≥ 2')
  if (supersedes && !supersedes.reason.trim())
    throw new Error('supersedes.reason: a correction must give a reason')
  const seen = new Map<string, EvidenceEntry>()
  for (const e of input.evidence) {
    const prev = seen.get(e.sha256)
    if (prev && prev.size !== e.size)
      throw new Error(`evidence ${e.sha256}: listed twice with different sizes`)
    if (!prev) seen.set(e.sha256, e)
  }
  const evidence = [...seen.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1))
  return {
    format: BUNDLE_FORMAT_V1,
    bundleId: input.bundleId,
    recordId: input.recordId,
    version,
    supersedes: supersedes ? { bundleId: supersedes.bundleId, reason: supersedes.reason } : null,
    createdAt: input.createdAt,
    catalogue: { id: input.catalogue.id, hash: input.catalogue.hash },
    assessorKey: { ...input.assessorKey },
    assessment: input.assessment,
    evidence,
    ...(input.panel ? { panel: input.panel } : {}),
    ...(input.dossier ? { dossier: input.dossier } : {}),
    ...(input.audit ? { audit: { row: input.audit.row, head: input.audit.head } } : {}),
    ...(input.advice ? { advice: input.advice } : {}),
    ...(input.homogeneity ? { homogeneity: input.homogeneity } : {}),
    ...(input.timeline
      ? {
          timeline: input.timeline.map((e) => ({
            row: e.row,
            at: e.at,
            action: e.action,
            itemId: e.itemId,
          })),
        }
      : {}),
    ...(input.reports?.length
      ? {
          reports: input.reports.map((r) => ({
            number: r.number,
            kind: r.kind,
            sha256: r.sha256,
            issuedOn: r.issuedOn,
          })),
        }
      : {}),
    ...(input.diagnosis
      ? {
          diagnosis: {
            bundleId: input.diagnosis.bundleId,
            manifestSha256: input.diagnosis.manifestSha256,
            reportNumber: input.diagnosis.reportNumber,
          },
        }
      : {}),
  }
}
