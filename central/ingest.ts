/**
 * Bundle ingest (design.md §6), shared by POST /v1/bundles and the admin `import` of bundle
 * files: verify against the registered key and the known catalogues, enforce immutability and
 * the version chain, store, and sign a receipt once every evidence file is present.
 *
 *  - same bundle id + same canonical manifest = no-op (fills in what is missing, same receipt);
 *  - same bundle id + other manifest = 409 conflict-same-id;
 *  - a new bundle of an existing record must be version head+1 and name the head (else 409);
 *  - version 1 of a record that exists = 409.
 *
 * The assessment is parsed and scored once, here, with the built-in rule profiles plus those the
 * administrator published (issue 5 §3): a bundle naming an unknown profile is refused (422,
 * `manifest.json assessment: ruleProfile: …`).
 */
import type { Kysely } from 'kysely'
import { parseAssessmentFile, scoreAssessmentFile } from '../shared/domain/assessment-file'
import { getCatalogue } from '../shared/domain/catalogue'
import { canonicalJson } from '../shared/domain/canonical-json'
import {
  PROTOCOL_VERSION,
  type ErrorCode,
  type ErrorResponse,
  type PushBundleRequest,
  type PushBundleResponse,
} from '../shared/domain/bundle/protocol'
import {
  RECEIPT_FORMAT_V1,
  type BundleManifest,
  type ReceiptBody,
  type SignatureAlgorithm,
  type SignedReceipt,
} from '../shared/domain/bundle/types'
import { verifySignedManifest } from '../shared/domain/bundle/verify'
import { citationProblem, type HeldDiagnosis } from '../shared/domain/bundle/diagnosis-citation'
import { hasUnsafeDisplayChars } from '../shared/domain/text/display'
import type { ReferenceRegistry } from '../shared/domain/reference'
import type { CentralLimits } from './config'
import { centralBundleCrypto, type ServerKey } from './crypto'
import type { CentralDB } from './db/schema'
import type { EvidenceStore } from './evidence-store'
import { centralRegistry } from './rule-profiles'

export interface CentralContext {
  db: Kysely<CentralDB>
  dialect: 'sqlite' | 'postgres'
  store: EvidenceStore
  serverKey: ServerKey
  now: () => Date
  limits: CentralLimits
  /** This process (host-pid-random), for /readyz and logs. */
  instanceId: string
}

export type Outcome<T> =
  { ok: true; status: number; body: T } | { ok: false; status: number; body: ErrorResponse }

export function fail(
  status: number,
  error: ErrorCode,
  reason: string,
  extra: Partial<ErrorResponse> = {},
): { ok: false; status: number; body: ErrorResponse } {
  return { ok: false, status, body: { protocolVersion: PROTOCOL_VERSION, error, reason, ...extra } }
}

/** The dossier summary columns (issue 8); the dossier was checked by verifySignedManifest. */
function dossierColumns(m: BundleManifest): {
  dossier_eligible_fen: number | null
  dossier_complete: number | null
} {
  const d = m.dossier as
    { totals?: { eligibleFen?: unknown }; checklist?: { complete?: unknown } } | undefined
  const fen = d?.totals?.eligibleFen
  const complete = d?.checklist?.complete
  return {
    dossier_eligible_fen: typeof fen === 'number' ? fen : null,
    dossier_complete: typeof complete === 'boolean' ? (complete ? 1 : 0) : null,
  }
}

/** The manifest's evidence that `pushedBy` has not sent (issue 12 §6: per key, never global). */
async function missingOf(
  ctx: CentralContext,
  m: BundleManifest,
  pushedBy: string,
): Promise<string[]> {
  return (
    await ctx.store.missing(
      pushedBy,
      m.evidence.map((e) => e.sha256),
    )
  ).map((x) => x.sha256)
}

/**
 * Issue 12 §6: evidence already stored must have the size the manifest gives it, as `verify`
 * requires of the files in a bundle (same words as checkEvidence).
 */
async function sizeProblem(ctx: CentralContext, m: BundleManifest): Promise<string | null> {
  const sizes = await ctx.store.sizes(m.evidence.map((e) => e.sha256))
  for (const e of m.evidence) {
    const have = sizes.get(e.sha256)
    if (have !== undefined && have !== e.size)
      return `evidence/${e.sha256}: size mismatch (manifest says ${e.size} bytes, file is ${have})`
  }
  return null
}

/**
 * Issue 11 item 1: the bundle held under the manifest SHA-256 an acceptance cites, read as the
 * chain rule needs it (kind, USCC, assessment date, diagnosis report numbers).
 */
async function heldDiagnosis(
  ctx: CentralContext,
  manifestSha256: string,
): Promise<HeldDiagnosis | undefined> {
  const row = await ctx.db
    .selectFrom('bundles')
    .select(['bundle_id', 'kind', 'enterprise_uscc', 'manifest_json'])
    .where('manifest_sha256', '=', manifestSha256)
    .executeTakeFirst()
  if (!row) return undefined
  const m = JSON.parse(row.manifest_json) as BundleManifest
  const assessedOn = m.assessment['assessedOn']
  return {
    bundleId: row.bundle_id,
    kind: row.kind,
    uscc: row.enterprise_uscc,
    assessedOn: typeof assessedOn === 'string' ? assessedOn : null,
    reportNumbers: (m.reports ?? []).filter((r) => r.kind === 'diagnosis').map((r) => r.number),
  }
}

async function accept(ctx: CentralContext, bundleId: string): Promise<SignedReceipt> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('bundles')
      .selectAll()
      .where('bundle_id', '=', bundleId)
      .executeTakeFirstOrThrow()
    if (row.status === 'accepted' && row.receipt_json)
      return JSON.parse(row.receipt_json) as SignedReceipt
    const manifest = JSON.parse(row.manifest_json) as BundleManifest
    const at = ctx.now().toISOString()
    const body: ReceiptBody = {
      format: RECEIPT_FORMAT_V1,
      bundleId: row.bundle_id,
      recordId: row.record_id,
      version: Number(row.version),
      manifestSha256: row.manifest_sha256,
      assessorKeyId: row.assessor_key_id,
      evidence: manifest.evidence.map((e) => e.sha256),
      acceptedAt: at,
      serverKeyId: ctx.serverKey.info.keyId,
    }
    const receipt: SignedReceipt = { receipt: body, signature: ctx.serverKey.signCanonical(body) }
    const upd = await trx
      .updateTable('bundles')
      .set({ status: 'accepted', accepted_at: at, receipt_json: JSON.stringify(receipt) })
      .where('bundle_id', '=', bundleId)
      .where('status', '=', 'incomplete')
      .executeTakeFirst()
    if (Number(upd.numUpdatedRows) === 1) return receipt
    // A concurrent push (this or another instance) accepted it first: its receipt is the one.
    const won = await trx
      .selectFrom('bundles')
      .select('receipt_json')
      .where('bundle_id', '=', bundleId)
      .executeTakeFirstOrThrow()
    if (!won.receipt_json) throw new Error(`bundle ${bundleId}: accepted without a receipt`)
    return JSON.parse(won.receipt_json) as SignedReceipt
  })
}

function respond(
  status: PushBundleResponse['status'],
  bundleId: string,
  missing: string[],
  receipt: SignedReceipt | null,
): Outcome<PushBundleResponse> {
  return {
    ok: true,
    status: 200,
    body: {
      protocolVersion: PROTOCOL_VERSION,
      status,
      bundleId,
      missingEvidence: missing,
      receipt,
    },
  }
}

/** Same id seen before: no-op, fill in, or 409. */
async function existing(
  ctx: CentralContext,
  manifest: BundleManifest,
  sha: string,
  pushedBy: string,
): Promise<Outcome<PushBundleResponse> | null> {
  const row = await ctx.db
    .selectFrom('bundles')
    .select(['manifest_sha256', 'status', 'receipt_json'])
    .where('bundle_id', '=', manifest.bundleId)
    .executeTakeFirst()
  if (!row) return null
  if (row.manifest_sha256 !== sha)
    return fail(
      409,
      'conflict-same-id',
      `bundle ${manifest.bundleId}: a different bundle with this id was received before (manifest SHA-256 ${row.manifest_sha256.slice(0, 12)}…, this one ${sha.slice(0, 12)}…); signed bundles are immutable — send a correction as a new version`,
    )
  if (row.status === 'accepted' && row.receipt_json)
    return respond(
      'already-accepted',
      manifest.bundleId,
      [],
      JSON.parse(row.receipt_json) as SignedReceipt,
    )
  const missing = await missingOf(ctx, manifest, pushedBy)
  if (missing.length) return respond('incomplete', manifest.bundleId, missing, null)
  return respond('accepted', manifest.bundleId, [], await accept(ctx, manifest.bundleId))
}

export async function ingestBundle(
  ctx: CentralContext,
  req: PushBundleRequest,
  pushedBy: string,
  /** Built-in + published rule profiles; read from the database when not given. */
  registry?: ReferenceRegistry,
): Promise<Outcome<PushBundleResponse>> {
  const m0 = req.manifest
  const signer = await ctx.db
    .selectFrom('assessor_keys')
    .selectAll()
    .where('key_id', '=', m0.assessorKey.keyId)
    .executeTakeFirst()
  if (!signer)
    return fail(
      403,
      'auth-unknown-key',
      `bundle ${m0.bundleId}: signed by key ${m0.assessorKey.keyId.slice(0, 12)}…, which is not registered`,
    )
  if (signer.status === 'pending')
    return fail(
      403,
      'auth-key-pending',
      `bundle ${m0.bundleId}: signing key ${signer.key_id.slice(0, 12)}… is registered but not yet approved`,
    )
  if (signer.status !== 'approved')
    return fail(
      403,
      'auth-key-revoked',
      `bundle ${m0.bundleId}: signing key ${signer.key_id.slice(0, 12)}… is ${signer.status}`,
    )
  const v = verifySignedManifest(req.manifest, req.signature, {
    crypto: centralBundleCrypto,
    catalogueHash: (id) => getCatalogue(id)?.hash,
    trustedKey: {
      algorithm: signer.algorithm as SignatureAlgorithm,
      publicKeyPem: signer.public_key_pem,
    },
    // The assessment is parsed once, below, with the published rule profiles in the registry.
    checkAssessment: false,
  })
  if (!v.ok) return fail(422, 'invalid-bundle', v.problems[0] ?? 'invalid bundle')
  const manifest = v.manifest
  const sha = v.manifestSha256
  const reg = registry ?? (await centralRegistry(ctx.db))
  const parsed = parseAssessmentFile(JSON.stringify(manifest.assessment), reg)
  if (!parsed.ok) return fail(422, 'invalid-bundle', `manifest.json assessment: ${parsed.error}`)

  // Issue 12 §1/§6: names that end up in the office's lists and exports hold no control, bidi or
  // NUL characters (PostgreSQL cannot store NUL; a terminal would act on the others).
  const ent0 = parsed.value.enterprise as unknown as Record<string, unknown>
  for (const f of ['name', 'uscc', 'county', 'industry'])
    if (typeof ent0[f] === 'string' && hasUnsafeDisplayChars(ent0[f]))
      return fail(
        422,
        'invalid-bundle',
        `manifest.json assessment: enterprise.${f}: must not contain control, bidirectional or invisible format characters`,
      )
  const sizes = await sizeProblem(ctx, manifest)
  if (sizes) return fail(422, 'invalid-bundle', sizes)

  const seen = await existing(ctx, manifest, sha, pushedBy)
  if (seen) return seen

  // Issue 11 item 1: an acceptance names the signed diagnosis it compares against, held here.
  if (parsed.value.kind === 'acceptance') {
    const cited = manifest.diagnosis
    const problem = citationProblem(
      cited,
      { uscc: parsed.value.enterprise.uscc ?? null, assessedOn: parsed.value.assessedOn ?? null },
      cited ? await heldDiagnosis(ctx, cited.manifestSha256) : undefined,
    )
    if (problem) return fail(422, 'invalid-bundle', problem)
  }

  const result = scoreAssessmentFile(parsed.value, reg)
  const ent = parsed.value.enterprise
  const at = ctx.now().toISOString()

  let conflict: Outcome<PushBundleResponse> | null = null
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const head = await trx
        .selectFrom('bundles')
        .select(['bundle_id', 'version', 'assessor_key_id'])
        .where('record_id', '=', manifest.recordId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst()
      const headVersion = head ? Number(head.version) : 0
      // Issue 11 item 9: a new version only from the key that signed the current one, or from a
      // successor the administrator named for this record (transfer-record).
      const signerKey = manifest.assessorKey.keyId
      if (head && head.assessor_key_id !== signerKey) {
        const successor = await trx
          .selectFrom('record_successors')
          .select('key_id')
          .where('record_id', '=', manifest.recordId)
          .where('key_id', '=', signerKey)
          .executeTakeFirst()
        if (!successor) {
          conflict = fail(
            403,
            'forbidden-record',
            `record ${manifest.recordId}: the current version v${headVersion} was signed by key ${head.assessor_key_id.slice(0, 12)}…; a new version must be signed by that key or by a successor the administrator named (npm run central -- transfer-record); this one is signed by ${signerKey.slice(0, 12)}…`,
          )
          return
        }
      }
      const current = head ? { bundleId: head.bundle_id, version: headVersion } : undefined
      if (
        manifest.version !== headVersion + 1 ||
        (head && manifest.supersedes?.bundleId !== head.bundle_id)
      ) {
        conflict = head
          ? fail(
              409,
              'conflict-version',
              `record ${manifest.recordId}: current version is v${headVersion} (bundle ${head.bundle_id}); a correction must be v${headVersion + 1} and name it in supersedes (this is v${manifest.version}${manifest.supersedes ? ` naming ${manifest.supersedes.bundleId}` : ''})`,
              current ? { current } : {},
            )
          : fail(
              409,
              'conflict-version',
              `record ${manifest.recordId}: no earlier version here; push v1 first (this is v${manifest.version})`,
            )
        return
      }
      await trx
        .insertInto('bundles')
        .values({
          bundle_id: manifest.bundleId,
          record_id: manifest.recordId,
          version: manifest.version,
          supersedes_bundle_id: manifest.supersedes?.bundleId ?? null,
          supersede_reason: manifest.supersedes?.reason ?? null,
          manifest_sha256: sha,
          manifest_json: canonicalJson(manifest),
          signature_json: JSON.stringify(v.signature),
          assessor_key_id: manifest.assessorKey.keyId,
          pushed_by_key_id: pushedBy,
          status: 'incomplete',
          received_at: at,
          accepted_at: null,
          receipt_json: null,
          kind: parsed.value.kind,
          enterprise_name: ent.name,
          enterprise_uscc: ent.uscc ?? null,
          county: ent.county ?? null,
          industry: ent.industry ?? null,
          batch: ent.batch ?? null,
          level: result.level,
          total_milli: Math.round(result.total * 1000),
          ...dossierColumns(manifest),
        })
        .execute()
      for (const e of manifest.evidence)
        await trx
          .insertInto('bundle_evidence')
          .values({ bundle_id: manifest.bundleId, sha256: e.sha256 })
          .execute()
      // Issue 11 item 8: the reports the bundle carries, answered by GET /v1/reports/:number.
      for (const r of manifest.reports ?? [])
        await trx
          .insertInto('reports')
          .values({
            number: r.number,
            kind: r.kind,
            sha256: r.sha256,
            issued_on: r.issuedOn,
            bundle_id: manifest.bundleId,
            record_id: manifest.recordId,
            record_version: manifest.version,
            signer_key_id: manifest.assessorKey.keyId,
            recorded_at: at,
          })
          .onConflict((oc) => oc.column('number').doNothing())
          .execute()
    })
  } catch (e) {
    // A concurrent push of the same bundle or record won the race: answer as if it came first.
    const again = await existing(ctx, manifest, sha, pushedBy)
    if (again) return again
    const head = await ctx.db
      .selectFrom('bundles')
      .select(['bundle_id', 'version'])
      .where('record_id', '=', manifest.recordId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (head)
      return fail(
        409,
        'conflict-version',
        `record ${manifest.recordId}: current version is v${Number(head.version)} (bundle ${head.bundle_id})`,
        { current: { bundleId: head.bundle_id, version: Number(head.version) } },
      )
    throw e
  }
  if (conflict) {
    // The head may be this very bundle, stored by an identical push that committed in between.
    const again = await existing(ctx, manifest, sha, pushedBy)
    return again ?? conflict
  }
  const missing = await missingOf(ctx, manifest, pushedBy)
  if (missing.length) return respond('incomplete', manifest.bundleId, missing, null)
  return respond('accepted', manifest.bundleId, [], await accept(ctx, manifest.bundleId))
}
