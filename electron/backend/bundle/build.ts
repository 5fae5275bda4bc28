/**
 * Builds and verifies `.dlbundle` files (design.md §5) from a `sme-dl-assessment/v1` object and
 * evidence files, with the node:crypto / sm-crypto signer of ../crypto.
 */
import { randomUUID } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { AdviceRecord, HomogeneityRecord } from '../../../shared/domain/advice'
import { parseAssessmentFile } from '../../../shared/domain/assessment-file'
import { BUILT_IN, type ReferenceRegistry } from '../../../shared/domain/reference'
import { canonicalJson } from '../../../shared/domain/canonical-json'
import { fromUtf8, toBase64 } from '../../../shared/domain/bundle/codec'
import { packBundle, unpackBundle } from '../../../shared/domain/bundle/container'
import { buildManifest, canonicalBytes } from '../../../shared/domain/bundle/manifest'
import {
  MANIFEST_ENTRY,
  type AuditAnchor,
  type BundleManifest,
  type DiagnosisCitation,
  type EvidenceEntry,
  type PublicKeyInfo,
  type ReportRef,
  type SignatureEnvelope,
  type TimelineEvent,
} from '../../../shared/domain/bundle/types'
import {
  checkDossier,
  verifyBundle,
  type BundleVerification,
} from '../../../shared/domain/bundle/verify'
import type { Signer } from '../crypto/keys'
import { nodeBundleCrypto, sha256Hex } from '../crypto/node-crypto'

export class BundleError extends Error {}

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.mp4': 'video/mp4',
  '.zip': 'application/zip',
}

export function mimeOf(name: string): string {
  return MIME[extname(name).toLowerCase()] ?? 'application/octet-stream'
}

/** `Q01-产线照片.jpg`, `SC06_mes.pdf` or a file inside a `Q01/` folder is evidence for that item. */
export function itemIdOf(name: string, parentDir?: string): string | null {
  const re = /^(Q(?:0[1-9]|1[0-5])|SC(?:0[1-9]|1[0-6]))(?=$|[^0-9A-Za-z])/i
  const m = re.exec(name) ?? (parentDir ? re.exec(parentDir) : null)
  return m ? m[1]!.toUpperCase() : null
}

export interface EvidenceFile {
  bytes: Uint8Array
  name: string
  itemId: string | null
  mime: string
}

/** Reads evidence from files and directories (recursively, in name order). */
export function readEvidencePaths(paths: string[]): EvidenceFile[] {
  const out: EvidenceFile[] = []
  const visit = (p: string, parent?: string): void => {
    let st
    try {
      st = lstatSync(p)
    } catch {
      throw new BundleError(`--evidence: ${p}: no such file or directory`)
    }
    // Issue 12 §6: only regular files and directories are read — a symbolic link could pull in
    // any file of the machine, a FIFO or device would block or never end.
    if (st.isSymbolicLink())
      throw new BundleError(
        `--evidence: ${p}: is a symbolic link; give the file it points to, not the link`,
      )
    if (!st.isDirectory() && !st.isFile())
      throw new BundleError(
        `--evidence: ${p}: not a regular file (device, FIFO or socket); only files and folders are signed`,
      )
    if (st.isDirectory()) {
      for (const n of readdirSync(p).sort()) if (!n.startsWith('.')) visit(join(p, n), basename(p))
      return
    }
    const name = basename(p)
    out.push({ bytes: readFileSync(p), name, itemId: itemIdOf(name, parent), mime: mimeOf(name) })
  }
  for (const p of paths) visit(p)
  return out
}

export function signManifest(manifest: BundleManifest, signer: Signer): SignatureEnvelope {
  const bytes = canonicalBytes(manifest)
  return {
    algorithm: signer.info.algorithm,
    keyId: signer.info.keyId,
    signature: toBase64(signer.sign(bytes)),
    signedBytesSha256: sha256Hex(bytes),
  }
}

export interface BuildBundleInput {
  /** The assessment as parsed JSON (kept verbatim in the manifest). */
  assessment: Record<string, unknown>
  evidence: EvidenceFile[]
  signer: Signer
  now: Date
  bundleId?: string
  recordId?: string
  /** A correction: the manifest of the bundle it replaces, and why. */
  supersedes?: { manifest: BundleManifest; reason: string }
  /** A panel lead's consolidated bundle: the panel record (manifest.panel, issue 6). */
  panel?: Record<string, unknown>
  /** Where the assessment's catalogue and rule profile are looked up (default BUILT_IN; the app
   * passes ctx.registry() so a profile published by the central service is known). */
  registry?: ReferenceRegistry
  /**
   * An acceptance with a dossier (issue 8): the `sme-dl-dossier/v1` manifest (manifest.dossier).
   * Every file it references must be among `evidence` (itemId 'dossier'); checked before signing.
   */
  dossier?: Record<string, unknown>
  /** The signing device's audit chain head at signing (manifest.audit, issue 7 §4). */
  audit?: AuditAnchor
  /** A diagnosis's findings and accepted plan (manifest.advice, issue 13). */
  advice?: AdviceRecord
  /** Its similarity to the most alike other enterprise's diagnosis here (manifest.homogeneity). */
  homogeneity?: HomogeneityRecord
  /** When each item was recorded, from the device's audit log (manifest.timeline, issue 16 §2). */
  timeline?: TimelineEvent[]
  /** Formal reports of this assessment (manifest.reports, issue 11 item 8). */
  reports?: ReportRef[]
  /** An acceptance: the signed diagnosis it compares against (manifest.diagnosis, issue 11). */
  diagnosis?: DiagnosisCitation
}

export interface BuiltBundle {
  bytes: Uint8Array
  manifest: BundleManifest
  signature: SignatureEnvelope
  manifestSha256: string
}

export function buildBundle(input: BuildBundleInput): BuiltBundle {
  const registry = input.registry ?? BUILT_IN
  const parsed = parseAssessmentFile(JSON.stringify(input.assessment), registry)
  if (!parsed.ok) throw new BundleError(`assessment: ${parsed.error}`)
  // Issue 11 item 1: an acceptance is signed only with the signed diagnosis it compares against.
  if (parsed.value.kind === 'acceptance' && !input.diagnosis)
    throw new BundleError(
      'diagnosis: an acceptance bundle must cite the signed diagnosis it compares against',
    )
  if (parsed.value.kind !== 'acceptance' && input.diagnosis)
    throw new BundleError(
      `diagnosis: only an acceptance cites a diagnosis (this assessment is kind ${parsed.value.kind})`,
    )
  const pinned = registry.catalogue(parsed.value.catalogue)
  if (!pinned)
    throw new BundleError(`assessment catalogue: unknown catalogue '${parsed.value.catalogue}'`)
  const evidence = new Map<string, Uint8Array>()
  const entries: EvidenceEntry[] = []
  for (const f of input.evidence) {
    const sha = sha256Hex(f.bytes)
    if (!evidence.has(sha)) evidence.set(sha, f.bytes)
    entries.push({
      sha256: sha,
      size: f.bytes.length,
      name: f.name,
      itemId: f.itemId,
      mime: f.mime,
    })
  }
  const prev = input.supersedes?.manifest
  if (input.recordId !== undefined && !/^[0-9A-Za-z][0-9A-Za-z_-]{7,79}$/.test(input.recordId))
    throw new BundleError('--record-id: must be an id of 8–80 characters [0-9A-Za-z_-]')
  if (prev && input.recordId && input.recordId !== prev.recordId)
    throw new BundleError('--record-id: a correction keeps the record id of the bundle it replaces')
  const manifest = buildManifest({
    bundleId: input.bundleId ?? randomUUID(),
    recordId: prev?.recordId ?? input.recordId ?? randomUUID(),
    version: prev ? prev.version + 1 : 1,
    supersedes: prev ? { bundleId: prev.bundleId, reason: input.supersedes!.reason } : null,
    createdAt: input.now.toISOString(),
    catalogue: { id: pinned.catalogue.id, hash: pinned.hash },
    assessorKey: signer(input.signer),
    assessment: input.assessment,
    evidence: entries,
    ...(input.panel ? { panel: input.panel } : {}),
    ...(input.dossier ? { dossier: input.dossier } : {}),
    ...(input.audit ? { audit: input.audit } : {}),
    ...(input.advice ? { advice: input.advice } : {}),
    ...(input.homogeneity ? { homogeneity: input.homogeneity } : {}),
    ...(input.timeline ? { timeline: input.timeline } : {}),
    ...(input.reports?.length ? { reports: input.reports } : {}),
    ...(input.diagnosis ? { diagnosis: input.diagnosis } : {}),
  })
  if (manifest.dossier !== undefined) {
    const problems = checkDossier(manifest)
    if (problems.length) throw new BundleError(problems[0]!)
  }
  const manifestBytes = canonicalBytes(manifest)
  const signature = signManifest(manifest, input.signer)
  return {
    bytes: packBundle({ manifestBytes, signature, evidence }),
    manifest,
    signature,
    manifestSha256: sha256Hex(manifestBytes),
  }
}

function signer(s: Signer): PublicKeyInfo {
  return { ...s.info }
}

/** Verifies bundle bytes with the known catalogues; `trustedKeyPem` pins the signer. */
export function verifyBundleBytes(
  bytes: Uint8Array,
  opts: {
    trustedKey?: Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'>
    /** Default BUILT_IN; the app passes ctx.registry() (published rule profiles). */
    registry?: ReferenceRegistry
  } = {},
): BundleVerification {
  const registry = opts.registry ?? BUILT_IN
  return verifyBundle(bytes, {
    crypto: nodeBundleCrypto,
    catalogueHash: (id) => registry.catalogue(id)?.hash,
    registry,
    ...(opts.trustedKey ? { trustedKey: opts.trustedKey } : {}),
  })
}

/** Reads just the manifest of a bundle (no verification), e.g. to name it in a correction. */
export function readManifest(bytes: Uint8Array): BundleManifest {
  const un = unpackBundle(bytes)
  if (!un.ok) throw new BundleError(un.error)
  const m = un.files.get(MANIFEST_ENTRY)
  if (!m) throw new BundleError('bundle: manifest.json missing')
  try {
    return JSON.parse(fromUtf8(m)) as BundleManifest
  } catch {
    throw new BundleError('manifest.json: not valid JSON')
  }
}

/** The canonical manifest bytes as written in the bundle, for outside tools (openssl). */
export function canonicalManifestText(manifest: BundleManifest): string {
  return canonicalJson(manifest)
}
