/**
 * Public report verification (issue 11 item 8): `GET /v1/reports/:number[?sha256=…]`, no login.
 * The JSON shape is fixed in docs/architecture.md ("Reports a city can pay on"); the city
 * console renders it, keep it stable.
 */
import type { Kysely } from 'kysely'
import { formatMilli } from '../shared/domain/scoring/points'
import type { CentralDB } from './db/schema'

export interface ReportStatus {
  protocolVersion: 1
  number: string
  status: 'valid' | 'superseded' | 'unknown'
  reportSha256: string | null
  hashMatches: boolean | null
  kind: 'diagnosis' | 'acceptance' | 'recheck' | null
  issuedOn: string | null
  enterprise: { name: string; uscc: string | null } | null
  level: number | null
  total: string | null
  bundleId: string | null
  recordId: string | null
  recordVersion: number | null
  signerKeyId: string | null
  recordedAt: string | null
  supersededBy: { number: string; reportSha256: string; bundleId: string } | null
}

const NUMBER = /^[\x21-\x7e\u4e00-\u9fff]{1,80}$/

export async function reportStatus(
  db: Kysely<CentralDB>,
  number: string,
  sha256?: string,
): Promise<ReportStatus> {
  const unknown: ReportStatus = {
    protocolVersion: 1,
    number,
    status: 'unknown',
    reportSha256: null,
    hashMatches: null,
    kind: null,
    issuedOn: null,
    enterprise: null,
    level: null,
    total: null,
    bundleId: null,
    recordId: null,
    recordVersion: null,
    signerKeyId: null,
    recordedAt: null,
    supersededBy: null,
  }
  if (!NUMBER.test(number)) return unknown
  const r = await db
    .selectFrom('reports')
    .selectAll()
    .where('number', '=', number)
    .executeTakeFirst()
  if (!r) return unknown
  const b = await db
    .selectFrom('bundles')
    .select(['enterprise_name', 'enterprise_uscc', 'level', 'total_milli'])
    .where('bundle_id', '=', r.bundle_id)
    .executeTakeFirst()
  const later = await db
    .selectFrom('bundles')
    .select(['bundle_id', 'version'])
    .where('record_id', '=', r.record_id)
    .where('version', '>', Number(r.record_version))
    .orderBy('version', 'desc')
    .execute()
  let supersededBy: ReportStatus['supersededBy'] = null
  for (const l of later) {
    const n = await db
      .selectFrom('reports')
      .select(['number', 'sha256', 'bundle_id'])
      .where('bundle_id', '=', l.bundle_id)
      .where('kind', '=', r.kind)
      .orderBy('issued_on', 'desc')
      .executeTakeFirst()
    if (n) {
      supersededBy = { number: n.number, reportSha256: n.sha256, bundleId: n.bundle_id }
      break
    }
  }
  return {
    protocolVersion: 1,
    number: r.number,
    status: later.length ? 'superseded' : 'valid',
    reportSha256: r.sha256,
    hashMatches: sha256 === undefined ? null : sha256.toLowerCase() === r.sha256,
    kind: r.kind as ReportStatus['kind'],
    issuedOn: r.issued_on,
    enterprise: b ? { name: b.enterprise_name, uscc: b.enterprise_uscc } : null,
    level: b ? Number(b.level) : null,
    total: b ? formatMilli(Number(b.total_milli)) : null,
    bundleId: r.bundle_id,
    recordId: r.record_id,
    recordVersion: Number(r.record_version),
    signerKeyId: r.signer_key_id,
    recordedAt: r.recorded_at,
    supersededBy,
  }
}
