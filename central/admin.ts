/**
 * Administrator operations of the central service (run from `npm run central -- …`):
 * approve / revoke keys, list keys, load assignments from CSV or JSON, import bundle files that
 * came without network (same verification as a push), publish / list / export rule profiles
 * (issue 5 §3).
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { parseAssessmentFile } from '../shared/domain/assessment-file'
import { getCatalogue } from '../shared/domain/catalogue'
import { canonicalJson } from '../shared/domain/canonical-json'
import { PROTOCOL_VERSION, type PushBundleResponse } from '../shared/domain/bundle/protocol'
import { verifyBundle } from '../shared/domain/bundle/verify'
import {
  BUILT_IN,
  RULE_PROFILE_FORMAT_V1,
  RULE_PROFILE_ID,
  checkRuleProfile,
  type PublishedRuleProfileBody,
  type SignedRuleProfile,
} from '../shared/domain/reference'
import { centralBundleCrypto } from './crypto'
import { appendConsoleAudit } from './console/audit'
import { pendingExpiry } from './upkeep'
import { fail, ingestBundle, type CentralContext, type Outcome } from './ingest'
import {
  builtInRuleProfiles,
  centralRegistry,
  publishedRuleProfile,
  publishedRuleProfileRows,
  signedFromRow,
} from './rule-profiles'

export class AdminError extends Error {}

/** The holder of evidence and pusher of bundles that came as files (`import`). */
export const FILE_IMPORT = 'file-import'

export async function setKeyStatus(
  ctx: CentralContext,
  keyIdPrefix: string,
  status: 'approved' | 'revoked',
): Promise<{ keyId: string; name: string; previous: string }> {
  if (!/^[0-9a-f]{8,64}$/.test(keyIdPrefix))
    throw new AdminError(`KEYID: '${keyIdPrefix}' is not a key id (8–64 hex characters)`)
  const rows = await ctx.db
    .selectFrom('assessor_keys')
    .select(['key_id', 'status', 'assessor_name', 'registered_at'])
    .where('key_id', 'like', `${keyIdPrefix}%`)
    .execute()
  if (rows.length === 0) throw new AdminError(`KEYID: no registered key starts with ${keyIdPrefix}`)
  if (rows.length > 1)
    throw new AdminError(
      `KEYID: ${rows.length} keys start with ${keyIdPrefix}; give more characters`,
    )
  const row = rows[0]!
  if (
    status === 'approved' &&
    row.status === 'pending' &&
    row.registered_at < pendingExpiry(ctx, ctx.now().getTime())
  )
    throw new AdminError(
      `KEYID: the registration of ${row.key_id.slice(0, 12)}… (${row.registered_at}) expired unapproved; the assessor registers again`,
    )
  await ctx.db
    .updateTable('assessor_keys')
    .set({ status, approved_at: status === 'approved' ? ctx.now().toISOString() : null })
    .where('key_id', '=', row.key_id)
    .execute()
  return { keyId: row.key_id, name: row.assessor_name, previous: row.status }
}

export async function listKeys(ctx: CentralContext): Promise<
  {
    keyId: string
    algorithm: string
    name: string
    agency: string | null
    status: string
    registeredAt: string
  }[]
> {
  const rows = await ctx.db
    .selectFrom('assessor_keys')
    .selectAll()
    .orderBy('registered_at')
    .execute()
  return rows.map((r) => ({
    keyId: r.key_id,
    algorithm: r.algorithm,
    name: r.assessor_name,
    agency: r.agency,
    status: r.status,
    registeredAt: r.registered_at,
  }))
}

const assignmentRow = z.object({
  assessorKeyId: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a 64-hex key id' }),
  enterpriseId: z.string().trim().min(1),
  enterpriseName: z.string().trim().min(1),
  uscc: z.string().trim().min(1).nullish(),
  county: z.string().trim().min(1).nullish(),
  industry: z.string().trim().min(1).nullish(),
  batch: z.coerce.number().int().min(1).max(3).nullish(),
  kind: z.enum(['diagnosis', 'acceptance', 'recheck']).nullish(),
})

/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let q = false
  const s = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (q) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') q = false
      else field += c
    } else if (c === '"') q = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++
      row.push(field)
      if (row.some((f) => f !== '')) rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  row.push(field)
  if (row.some((f) => f !== '')) rows.push(row)
  return rows
}

/** Loads assignments (upsert by assessor key + enterprise id). Every row is checked first. */
export async function loadAssignments(ctx: CentralContext, file: string): Promise<number> {
  const text = readFileSync(file, 'utf8')
  let raw: unknown[]
  if (file.toLowerCase().endsWith('.json')) {
    const j = JSON.parse(text) as unknown
    raw = Array.isArray(j) ? j : ((j as { assignments?: unknown[] }).assignments ?? [])
  } else {
    const [header, ...rows] = parseCsv(text)
    if (!header) throw new AdminError(`${file}: empty`)
    raw = rows.map((r) =>
      Object.fromEntries(
        header.map((h, i) => [h.trim(), r[i]?.trim() === '' ? null : r[i]?.trim()]),
      ),
    )
  }
  const parsed = raw.map((r, i) => {
    const p = assignmentRow.safeParse(r)
    if (!p.success) {
      const is = p.error.issues[0]
      throw new AdminError(`${file} row ${i + 1} ${is?.path.join('.')}: ${is?.message}`)
    }
    return p.data
  })
  const at = ctx.now().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    for (const a of parsed) {
      const values = {
        enterprise_name: a.enterpriseName,
        uscc: a.uscc ?? null,
        county: a.county ?? null,
        industry: a.industry ?? null,
        batch: a.batch ?? null,
        kind: a.kind ?? null,
        assigned_at: at,
      }
      await trx
        .insertInto('assignments')
        .values({ assessor_key_id: a.assessorKeyId, enterprise_id: a.enterpriseId, ...values })
        .onConflict((oc) => oc.columns(['assessor_key_id', 'enterprise_id']).doUpdateSet(values))
        .execute()
    }
  })
  return parsed.length
}

/** Imports a `.dlbundle` file (USB): full verification, evidence stored, then the push rules. */
export async function importBundleFile(
  ctx: CentralContext,
  bytes: Uint8Array,
): Promise<Outcome<PushBundleResponse>> {
  const registry = await centralRegistry(ctx.db)
  // The assessment is checked below against the built-in and published rule profiles, before any
  // evidence is stored.
  const v = verifyBundle(bytes, {
    crypto: centralBundleCrypto,
    catalogueHash: (id) => getCatalogue(id)?.hash,
    checkAssessment: false,
  })
  if (!v.ok) return fail(422, 'invalid-bundle', v.problems[0] ?? 'invalid bundle')
  const parsed = parseAssessmentFile(JSON.stringify(v.manifest.assessment), registry)
  if (!parsed.ok) return fail(422, 'invalid-bundle', `manifest.json assessment: ${parsed.error}`)
  for (const [sha, data] of v.evidence) await ctx.store.putWhole(FILE_IMPORT, sha, data)
  return ingestBundle(
    ctx,
    { protocolVersion: PROTOCOL_VERSION, manifest: v.manifest, signature: v.signature },
    FILE_IMPORT,
    registry,
  )
}

/** A free id to suggest instead of `id`: `…-v2`, or the next version after `…-vN`. */
function nextFreeId(id: string, taken: (id: string) => boolean): string {
  const m = /^(.*)-v(\d+)$/.exec(id)
  const base = m ? m[1]! : id
  for (let n = m ? Number(m[2]) + 1 : 2; ; n++) {
    const suffix = `-v${n}`
    const candidate = base.slice(0, 64 - suffix.length) + suffix
    if (!taken(candidate) && RULE_PROFILE_ID.test(candidate)) return candidate
  }
}

export interface PublishRuleProfileResult {
  /** 'published' = new; 'unchanged' = the same content was published before (nothing done). */
  status: 'published' | 'unchanged'
  signed: SignedRuleProfile
}

/**
 * Publishes a rule profile (issue 5 §3): checked with checkRuleProfile (errors name the field,
 * prefixed with `source`), refused when the id is a built-in or was published with other
 * content (published profiles are immutable), a no-op when the same content was published
 * before; otherwise signed with the server key and stored.
 */
export async function publishRuleProfile(
  ctx: CentralContext,
  raw: unknown,
  source = 'profile',
): Promise<PublishRuleProfileResult> {
  const c = checkRuleProfile(raw, BUILT_IN.catalogue)
  if (!c.ok) throw new AdminError(`${source}: ${c.field}: ${c.message}`)
  const id = c.profile.id
  const rows = await publishedRuleProfileRows(ctx.db)
  const taken = (x: string): boolean => !!BUILT_IN.ruleProfile(x) || rows.some((r) => r.id === x)
  const immutable = `published profiles are immutable: publish a new id, e.g. ${nextFreeId(id, taken)}`
  if (BUILT_IN.ruleProfile(id))
    throw new AdminError(
      `${source}: id: '${id}' is a built-in rule profile of this version; ${immutable}`,
    )
  const check = async (): Promise<PublishRuleProfileResult | null> => {
    const row = await ctx.db
      .selectFrom('published_rule_profiles')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) return null
    if (row.profile_sha256 === c.hash) return { status: 'unchanged', signed: signedFromRow(row) }
    throw new AdminError(
      `${source}: id: '${id}' was published on ${row.published_at} with other content (SHA-256 ${row.profile_sha256.slice(0, 12)}…, this file ${c.hash.slice(0, 12)}…); ${immutable}`,
    )
  }
  const before = await check()
  if (before) return before
  const body: PublishedRuleProfileBody = {
    format: RULE_PROFILE_FORMAT_V1,
    profile: c.profile,
    profileSha256: c.hash,
    publishedAt: ctx.now().toISOString(),
    serverKeyId: ctx.serverKey.info.keyId,
  }
  const signed: SignedRuleProfile = { body, signature: ctx.serverKey.signCanonical(body) }
  const ins = await ctx.db
    .insertInto('published_rule_profiles')
    .values({
      id,
      catalogue_id: c.profile.catalogueId,
      profile_sha256: c.hash,
      published_at: body.publishedAt,
      body_json: canonicalJson(body),
      signature_json: JSON.stringify(signed.signature),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst()
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 1) return { status: 'published', signed }
  // Published concurrently by another administrator: the same content is a no-op, other refused.
  const raced = await check()
  if (!raced) throw new Error(`rule profile '${id}': insert neither stored nor found`)
  return raced
}

/** Reads FILE (a RuleProfile as JSON) and publishes it; errors start with the file name. */
export async function publishRuleProfileFile(
  ctx: CentralContext,
  file: string,
): Promise<PublishRuleProfileResult> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw new AdminError(
      `${file}: cannot read (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new AdminError(
      `${file}: not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    )
  }
  return publishRuleProfile(ctx, raw, file)
}

export interface RuleProfileListing {
  id: string
  source: 'built-in' | 'published'
  catalogueId: string
  title: string
  /** ruleProfileHash(profile) */
  hash: string
  publishedAt: string | null
}

/** Built-in profiles of this version, then the published ones (oldest first). */
export async function listRuleProfiles(ctx: CentralContext): Promise<RuleProfileListing[]> {
  const hashes = new Map(builtInRuleProfiles().map((b) => [b.id, b.hash]))
  const builtIn: RuleProfileListing[] = BUILT_IN.ruleProfiles().map((p) => ({
    id: p.id,
    source: 'built-in',
    catalogueId: p.catalogueId,
    title: p.title,
    hash: hashes.get(p.id)!,
    publishedAt: null,
  }))
  const published: RuleProfileListing[] = (await publishedRuleProfileRows(ctx.db)).map((r) => {
    const s = signedFromRow(r)
    return {
      id: r.id,
      source: 'published',
      catalogueId: r.catalogue_id,
      title: s.body.profile.title,
      hash: r.profile_sha256,
      publishedAt: r.published_at,
    }
  })
  return [...builtIn, ...published]
}

/** The signed profile `{ body, signature }` for `export-rule-profile` (laptops without network). */
export async function exportRuleProfile(
  ctx: CentralContext,
  id: string,
): Promise<SignedRuleProfile> {
  if (BUILT_IN.ruleProfile(id))
    throw new AdminError(
      `ID: '${id}' is a built-in rule profile: every assessor app of this version has it; only published profiles are exported`,
    )
  const s = await publishedRuleProfile(ctx.db, id)
  if (s) return s
  const ids = (await publishedRuleProfileRows(ctx.db)).map((r) => r.id)
  throw new AdminError(
    `ID: no published rule profile '${id}' (published: ${ids.length ? ids.join(', ') : 'none'})`,
  )
}

/**
 * `npm run central -- transfer-record RECORD_ID NEW_KEY_ID --reason TEXT` (issue 11 item 9):
 * names an approved key as a successor allowed to sign new versions of a record (an assessor
 * left, a key was lost). Audited in console_audit (username null: the administrator's CLI). A key prefix is enough when it is unique.
 */
export async function transferRecord(
  ctx: CentralContext,
  recordId: string,
  keyPrefix: string,
  reason: string,
): Promise<{ recordId: string; keyId: string; from: string; version: number }> {
  if (!reason.trim()) throw new AdminError('--reason: say why the record changes hands')
  const head = await ctx.db
    .selectFrom('bundles')
    .select(['assessor_key_id', 'version'])
    .where('record_id', '=', recordId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!head) throw new AdminError(`RECORD_ID: no record ${recordId} here`)
  const keys = await ctx.db
    .selectFrom('assessor_keys')
    .select(['key_id', 'status'])
    .where('key_id', 'like', `${keyPrefix.toLowerCase().replace(/[^0-9a-f]/g, '')}%`)
    .execute()
  if (keys.length !== 1 || !/^[0-9a-f]{4,64}$/i.test(keyPrefix))
    throw new AdminError(
      `NEW_KEY_ID: ${keys.length ? 'prefix matches several keys' : `no registered key ${keyPrefix}`}`,
    )
  const key = keys[0]!
  if (key.status !== 'approved')
    throw new AdminError(
      `NEW_KEY_ID: key ${key.key_id.slice(0, 12)}… is ${key.status}, not approved`,
    )
  const at = ctx.now().toISOString()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('record_successors')
      .values({ record_id: recordId, key_id: key.key_id, reason: reason.trim(), named_at: at })
      .onConflict((oc) => oc.columns(['record_id', 'key_id']).doNothing())
      .execute()
    await appendConsoleAudit(trx, ctx.now(), {
      username: null,
      action: 'transfer-record',
      target: recordId,
      detail: {
        to: key.key_id,
        from: head.assessor_key_id,
        version: Number(head.version),
        reason: reason.trim(),
      },
    })
  })
  return { recordId, keyId: key.key_id, from: head.assessor_key_id, version: Number(head.version) }
}
