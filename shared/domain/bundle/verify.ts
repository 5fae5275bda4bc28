/**
 * Bundle verification, pure: the caller injects hashing and signature checking (node:crypto and
 * sm-crypto in the backend and the central service). Every failure is one line naming what
 * changed, e.g. `evidence/ab12…: SHA-256 mismatch (manifest says …, file is …)`.
 */
import { canonicalJson } from '../canonical-json'
import { parseAssessmentFile } from '../assessment-file/parse'
import { BUILT_IN, type ReferenceRegistry } from '../reference/registry'
import { checkAdviceRecord } from '../advice/verify'
import {
  DossierManifestSchema,
  dossierManifest,
  getDossierTemplate,
  verifyDossierManifest,
} from '../dossier'
import { fromBase64, fromUtf8, utf8 } from './codec'
import { packBundle, unpackBundle } from './container'
import { zipEntryName } from '../zip/unzip-bounded'
import { manifestSchema, parseWith, signatureEnvelopeSchema } from './schema'
import {
  EVIDENCE_DIR,
  MANIFEST_ENTRY,
  SIGNATURE_ENTRY,
  type BundleManifest,
  type PublicKeyInfo,
  type SignatureEnvelope,
} from './types'

/** Crypto the verifier needs; implemented with node:crypto + sm-crypto outside shared/. */
export interface BundleCrypto {
  sha256Hex(bytes: Uint8Array): string
  /** The key id of a public key, or an Error when the PEM is not a key of that algorithm. */
  keyIdOf(key: Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'>): string | Error
  verify(key: PublicKeyInfo, message: Uint8Array, signature: Uint8Array): boolean
}

export interface VerifyOptions {
  crypto: BundleCrypto
  /** Known catalogue hash by id (undefined = unknown catalogue). */
  catalogueHash(id: string): string | undefined
  /**
   * The key the bundle must be signed with (from --pubkey or a registry). When absent the
   * embedded key is used, which proves integrity but not identity.
   */
  trustedKey?: Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'>
  /** Check the assessment against the catalogue (default true). */
  checkAssessment?: boolean
  /** Catalogues and rule profiles the assessment may name (default BUILT_IN; a client adds the
   * rule profiles published by its central service). */
  registry?: ReferenceRegistry
}

export interface VerifiedManifest {
  manifest: BundleManifest
  signature: SignatureEnvelope
  /** The signed bytes. */
  canonical: Uint8Array
  manifestSha256: string
}

export type ManifestVerification =
  ({ ok: true } & VerifiedManifest) | { ok: false; problems: string[]; manifest?: BundleManifest }

/**
 * A name as it may appear in a one-line problem: unchanged when it holds no control or line
 * separator characters, otherwise JSON-quoted with those characters escaped (`"x\\nbundle"`), so a
 * zip entry or manifest name can never start a forged second line.
 */
export function safeName(name: string): string {
  return zipEntryName(name)
}

function short(h: string): string {
  return safeName(h.length > 16 ? `${h.slice(0, 12)}…` : h)
}

/**
 * Verifies a manifest (as parsed JSON) and its signature envelope: shape, canonical hash, key id,
 * signature, catalogue pin and the assessment itself. Evidence bytes are checked separately.
 */
export function verifySignedManifest(
  manifestValue: unknown,
  signatureValue: unknown,
  opts: VerifyOptions,
): ManifestVerification {
  const m = parseWith(manifestSchema, MANIFEST_ENTRY, manifestValue)
  if (!m.ok) return { ok: false, problems: [m.error] }
  const s = parseWith(signatureEnvelopeSchema, SIGNATURE_ENTRY, signatureValue)
  if (!s.ok) return { ok: false, problems: [s.error], manifest: m.value }
  const manifest = m.value
  const sig = s.value
  const problems: string[] = []
  let canonical: Uint8Array
  try {
    canonical = utf8(canonicalJson(manifest))
  } catch (e) {
    // e.g. a number that overflows to Infinity: not JSON that RFC 8785 can represent.
    return {
      ok: false,
      problems: [
        `${MANIFEST_ENTRY}: cannot be canonicalised (${e instanceof Error ? e.message : String(e)})`,
      ],
    }
  }
  const digest = opts.crypto.sha256Hex(canonical)
  const key = manifest.assessorKey

  const computedKeyId = opts.crypto.keyIdOf(key)
  if (computedKeyId instanceof Error)
    problems.push(`manifest.json assessorKey.publicKeyPem: ${computedKeyId.message}`)
  else if (computedKeyId !== key.keyId)
    problems.push(
      `manifest.json assessorKey.keyId: ${short(key.keyId)} is not the SHA-256 of the embedded public key (${short(computedKeyId)})`,
    )
  if (sig.keyId !== key.keyId)
    problems.push(
      `signature.json keyId: ${short(sig.keyId)} differs from manifest assessorKey.keyId ${short(key.keyId)}`,
    )
  if (sig.algorithm !== key.algorithm)
    problems.push(
      `signature.json algorithm: ${sig.algorithm} differs from manifest assessorKey.algorithm ${key.algorithm}`,
    )
  if (opts.trustedKey) {
    const trustedId = opts.crypto.keyIdOf(opts.trustedKey)
    if (trustedId instanceof Error) problems.push(`trusted key: ${trustedId.message}`)
    else if (trustedId !== key.keyId)
      problems.push(
        `manifest.json: signed with key ${short(key.keyId)}, not with the trusted key ${short(trustedId)}`,
      )
  }
  if (sig.signedBytesSha256 !== digest)
    problems.push(
      `manifest.json: changed after signing (canonical SHA-256 is ${short(digest)}, signature.json says ${short(sig.signedBytesSha256)})`,
    )
  const sigBytes = fromBase64(sig.signature)
  if (!sigBytes) problems.push('signature.json signature: not base64')
  else if (!(computedKeyId instanceof Error) && !opts.crypto.verify(key, canonical, sigBytes))
    problems.push(
      `manifest.json: signature does not verify with key ${short(key.keyId)} (${key.algorithm})`,
    )

  const known = opts.catalogueHash(manifest.catalogue.id)
  if (known === undefined)
    problems.push(
      `manifest.json catalogue.id: unknown catalogue '${safeName(manifest.catalogue.id)}'`,
    )
  else if (
    known !== manifest.catalogue.hash &&
    // a former edition of the same catalogue (identical texts) is still that catalogue
    !(opts.registry ?? BUILT_IN)
      .catalogue(manifest.catalogue.id)
      ?.formerHashes?.includes(manifest.catalogue.hash)
  )
    problems.push(
      `manifest.json catalogue.hash: ${short(manifest.catalogue.hash)} does not match the known ${safeName(manifest.catalogue.id)} catalogue (${short(known)})`,
    )
  if (manifest.assessment['catalogue'] !== manifest.catalogue.id)
    problems.push(
      `manifest.json assessment.catalogue: '${safeName(String(manifest.assessment['catalogue']))}' differs from catalogue.id '${safeName(manifest.catalogue.id)}'`,
    )
  if (opts.checkAssessment !== false) {
    const parsed = parseAssessmentFile(JSON.stringify(manifest.assessment), opts.registry)
    if (!parsed.ok) problems.push(`manifest.json assessment: ${parsed.error}`)
    else if (manifest.advice !== undefined) {
      const registry = opts.registry ?? BUILT_IN
      const pinned = registry.catalogue(parsed.value.catalogue)
      const profile = registry.ruleProfile(parsed.value.ruleProfile)
      if (pinned && profile)
        problems.push(...checkAdviceRecord(manifest.advice, parsed.value, pinned, profile))
    }
  }
  const itemIds = new Set<string>()
  for (const [i, e] of manifest.evidence.entries()) {
    if (itemIds.has(e.sha256))
      problems.push(`manifest.json evidence.${i}: ${short(e.sha256)} listed twice`)
    itemIds.add(e.sha256)
  }
  if (manifest.dossier !== undefined) problems.push(...checkDossier(manifest))
  // Issue 11 item 1: only an acceptance cites the diagnosis it compares against.
  if (manifest.diagnosis !== undefined && manifest.assessment['kind'] !== 'acceptance')
    problems.push(
      `manifest.json diagnosis: only an acceptance bundle cites a diagnosis (this assessment is kind '${safeName(String(manifest.assessment['kind']))}')`,
    )
  if (problems.length) return { ok: false, problems, manifest }
  return { ok: true, manifest, signature: sig, canonical, manifestSha256: digest }
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = 'dossier'
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`
  return out
}

/**
 * Checks `manifest.dossier` (issue 8, `sme-dl-dossier/v1`): its shape, the template it names, the
 * checklist status and ledger totals recomputed from its entries and rows, and that every evidence
 * hash it references is listed in the bundle's evidence (so the file travels and its hash and size
 * are checked). Each problem names the field, e.g. `manifest.json: dossier.ledger[2].amountFen: …`.
 */
export function checkDossier(manifest: BundleManifest): string[] {
  const where = 'manifest.json:'
  const parsed = DossierManifestSchema.safeParse(manifest.dossier)
  if (!parsed.success)
    return parsed.error.issues
      .slice(0, 5)
      .map((i) => `${where} ${safeName(fieldPath(i.path))}: ${i.message.split('\n')[0]}`)
  const d = parsed.data
  const template = getDossierTemplate(d.template.id, d.template.version)
  if (!template)
    return [
      `${where} dossier.template: unknown dossier template '${safeName(d.template.id)}' version '${safeName(d.template.version)}'`,
    ]
  const problems: string[] = []
  let again
  try {
    again = dossierManifest(template, d.checklist.entries, d.ledger)
  } catch (e) {
    // ledgerTotals names the row and field as `ledger.<row>.<field>` (row 1-based).
    const field = (e as { field?: unknown }).field
    const m = typeof field === 'string' ? /^ledger\.(\d+)\.(\w+)$/.exec(field) : null
    const name = m
      ? `dossier.ledger[${Number(m[1]) - 1}].${m[2]}`
      : typeof field === 'string' && field.startsWith('entries.')
        ? `dossier.checklist.${field}`
        : 'dossier'
    return [`${where} ${name}: ${e instanceof Error ? e.message : String(e)}`]
  }
  const compare = (name: string, have: unknown, want: unknown): void => {
    if (canonicalJson(have) !== canonicalJson(want))
      problems.push(
        `${where} dossier.${name}: ${safeName(canonicalJson(have))} differs from ${safeName(canonicalJson(want))} recomputed from the entries and ledger rows`,
      )
  }
  compare(
    'checklist.missingMandatory',
    d.checklist.missingMandatory,
    again.checklist.missingMandatory,
  )
  compare('checklist.complete', d.checklist.complete, again.checklist.complete)
  compare('totals.eligibleFen', d.totals.eligibleFen, again.totals.eligibleFen)
  compare('totals.ineligibleFen', d.totals.ineligibleFen, again.totals.ineligibleFen)
  compare('totals.totalFen', d.totals.totalFen, again.totals.totalFen)
  for (const [cat, t] of Object.entries(again.totals.byCategory))
    compare(`totals.byCategory.${cat}`, (d.totals.byCategory as Record<string, unknown>)[cat], t)
  compare('evidence', d.evidence, again.evidence)
  // Anything else the dossier's own verifier finds (catch-all, same rules).
  if (!problems.length)
    for (const p of verifyDossierManifest(manifest.dossier, template))
      problems.push(`${where} dossier: ${p}`)
  const listed = new Set(manifest.evidence.map((e) => e.sha256))
  const refs: [string, string][] = []
  d.checklist.entries.forEach((e, i) =>
    (e.evidenceSha256 ?? []).forEach((h, j) =>
      refs.push([`dossier.checklist.entries[${i}].evidenceSha256[${j}]`, h]),
    ),
  )
  d.ledger.forEach((r, i) => {
    if (r.invoiceEvidence) refs.push([`dossier.ledger[${i}].invoiceEvidence`, r.invoiceEvidence])
    if (r.paymentEvidence) refs.push([`dossier.ledger[${i}].paymentEvidence`, r.paymentEvidence])
  })
  d.evidence.forEach((h, i) => refs.push([`dossier.evidence[${i}]`, h]))
  const reported = new Set<string>()
  for (const [name, h] of refs) {
    if (listed.has(h) || reported.has(h)) continue
    reported.add(h)
    problems.push(
      `${where} ${name}: file ${short(h)} is not in the bundle's evidence list (every dossier file must travel in the bundle)`,
    )
  }
  return problems
}

/** Checks the evidence files of a manifest: every listed file present with its size and hash. */
export function checkEvidence(
  manifest: BundleManifest,
  files: ReadonlyMap<string, Uint8Array>,
  crypto: Pick<BundleCrypto, 'sha256Hex'>,
): string[] {
  const problems: string[] = []
  for (const e of manifest.evidence) {
    const name = EVIDENCE_DIR + e.sha256
    const data = files.get(name)
    if (!data) {
      problems.push(`${name}: missing (listed in manifest as '${safeName(e.name)}')`)
      continue
    }
    if (data.length !== e.size)
      problems.push(
        `${name}: size mismatch (manifest says ${e.size} bytes, file is ${data.length})`,
      )
    const actual = crypto.sha256Hex(data)
    if (actual !== e.sha256)
      problems.push(`${name}: SHA-256 mismatch (manifest says ${e.sha256}, file is ${actual})`)
  }
  return problems
}

export type BundleVerification =
  | ({ ok: true; evidence: Map<string, Uint8Array> } & VerifiedManifest)
  | { ok: false; problems: string[]; manifest?: BundleManifest }

/** Verifies a whole `.dlbundle`: container, manifest, signature, evidence, no extra files. */
export function verifyBundle(bytes: Uint8Array, opts: VerifyOptions): BundleVerification {
  const un = unpackBundle(bytes)
  if (!un.ok) return { ok: false, problems: [un.error] }
  const files = un.files
  const problems: string[] = []
  const mBytes = files.get(MANIFEST_ENTRY)
  const sBytes = files.get(SIGNATURE_ENTRY)
  if (!mBytes) problems.push(`${MANIFEST_ENTRY}: missing from the bundle`)
  if (!sBytes) problems.push(`${SIGNATURE_ENTRY}: missing from the bundle`)
  if (!mBytes || !sBytes) return { ok: false, problems }
  let manifestValue: unknown
  let signatureValue: unknown
  try {
    manifestValue = JSON.parse(fromUtf8(mBytes))
  } catch {
    return { ok: false, problems: [`${MANIFEST_ENTRY}: not valid JSON`] }
  }
  try {
    signatureValue = JSON.parse(fromUtf8(sBytes))
  } catch {
    return { ok: false, problems: [`${SIGNATURE_ENTRY}: not valid JSON`] }
  }
  const v = verifySignedManifest(manifestValue, signatureValue, opts)
  if (!v.ok && !v.manifest) return v
  if (v.ok && firstDifference(mBytes, v.canonical) >= 0)
    problems.push(`${MANIFEST_ENTRY}: bytes are not the RFC 8785 canonical form of the manifest`)
  const manifest = v.ok ? v.manifest : v.manifest!
  if (!v.ok) problems.push(...v.problems)
  problems.push(...checkEvidence(manifest, files, opts.crypto))
  const listed = new Set(manifest.evidence.map((e) => EVIDENCE_DIR + e.sha256))
  for (const name of [...files.keys()].sort()) {
    if (name === MANIFEST_ENTRY || name === SIGNATURE_ENTRY || listed.has(name)) continue
    problems.push(`${safeName(name)}: extra file not listed in the manifest`)
  }
  if (!v.ok || problems.length) return { ok: false, problems, manifest }
  // Every byte counts: the container must be exactly what packBundle makes of these parts.
  const evidence = new Map<string, Uint8Array>()
  for (const e of manifest.evidence) evidence.set(e.sha256, files.get(EVIDENCE_DIR + e.sha256)!)
  const repacked = packBundle({ manifestBytes: v.canonical, signature: v.signature, evidence })
  const at = firstDifference(bytes, repacked)
  if (at >= 0)
    return {
      ok: false,
      problems: [
        `bundle: zip container bytes differ from the canonical packing at offset ${at} (container metadata or signature.json layout changed)`,
      ],
      manifest,
    }
  return { ...v, evidence }
}

/** Index of the first differing byte, or -1 when equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return a.length === b.length ? -1 : n
}
