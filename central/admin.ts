/**
 * Administrator operations of the central service (run from `npm run central -- …`):
 * approve / revoke keys, list keys, load assignments from CSV or JSON, import bundle files that
 * came without network (same verification as a push).
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { getCatalogue } from '../shared/domain/catalogue'
import { PROTOCOL_VERSION, type PushBundleResponse } from '../shared/domain/bundle/protocol'
import { verifyBundle } from '../shared/domain/bundle/verify'
import { centralBundleCrypto } from './crypto'
import { fail, ingestBundle, type CentralContext, type Outcome } from './ingest'

export class AdminError extends Error {}

export async function setKeyStatus(
  ctx: CentralContext,
  keyIdPrefix: string,
  status: 'approved' | 'revoked',
): Promise<{ keyId: string; name: string; previous: string }> {
  if (!/^[0-9a-f]{8,64}$/.test(keyIdPrefix))
    throw new AdminError(`KEYID: '${keyIdPrefix}' is not a key id (8–64 hex characters)`)
  const rows = await ctx.db
    .selectFrom('assessor_keys')
    .select(['key_id', 'status', 'assessor_name'])
    .where('key_id', 'like', `${keyIdPrefix}%`)
    .execute()
  if (rows.length === 0) throw new AdminError(`KEYID: no registered key starts with ${keyIdPrefix}`)
  if (rows.length > 1)
    throw new AdminError(
      `KEYID: ${rows.length} keys start with ${keyIdPrefix}; give more characters`,
    )
  const row = rows[0]!
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
  const v = verifyBundle(bytes, {
    crypto: centralBundleCrypto,
    catalogueHash: (id) => getCatalogue(id)?.hash,
  })
  if (!v.ok) return fail(422, 'invalid-bundle', v.problems[0] ?? 'invalid bundle')
  for (const [sha, data] of v.evidence) {
    const r = await ctx.store.append(sha, 0, data.length, data)
    if (r.status === 'offset-mismatch') {
      // A partial network upload of the same file exists: complete it from the file instead.
      await ctx.store.append(sha, r.received, data.length, data.subarray(r.received))
    }
  }
  return ingestBundle(
    ctx,
    { protocolVersion: PROTOCOL_VERSION, manifest: v.manifest, signature: v.signature },
    'file-import',
  )
}
