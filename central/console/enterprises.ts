/** enterprises.list and enterprises.chain: the enterprises with results, and one's whole chain. */
import type { Kysely } from 'kysely'
import type { ConsoleInput, ConsoleOutput } from '../../shared/console/api'
import { consoleFail } from '../../shared/console/errors'
import type { ChainBundle } from '../../shared/console/schemas/enterprises'
import type { CentralDB } from '../db/schema'
import type { CentralContext } from '../ingest'
import { currentHeads, ensureBundleFacts, enterpriseStates } from './state'

const KIND_ORDER = { diagnosis: 0, acceptance: 1, recheck: 2 } as const

/** Open (active, not cleared) signals per enterprise key. */
export async function openSignalCounts(db: Kysely<CentralDB>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('integrity_signal_refs as r')
    .innerJoin('integrity_signals as s', 's.id', 'r.signal_id')
    .leftJoin('signal_reviews as v', 'v.signal_id', 's.id')
    .select(['r.enterprise_key', 's.id'])
    .where('s.active', '=', 1)
    .where('v.id', 'is', null)
    .execute()
  const m = new Map<string, Set<string>>()
  for (const r of rows) m.set(r.enterprise_key, (m.get(r.enterprise_key) ?? new Set()).add(r.id))
  return new Map([...m].map(([k, v]) => [k, v.size]))
}

function distinct(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) =>
    a.localeCompare(b, 'zh-CN'),
  )
}

export async function listEnterprises(
  ctx: CentralContext,
  f: ConsoleInput<'enterprises.list'>,
): Promise<ConsoleOutput<'enterprises.list'>> {
  const all = enterpriseStates(await currentHeads(ctx.db))
  const open = await openSignalCounts(ctx.db)
  const q = f.query?.toLowerCase()
  const hits = all
    .filter(
      (e) =>
        (!q || e.name.toLowerCase().includes(q) || (e.uscc ?? '').toLowerCase().includes(q)) &&
        (f.county === undefined || e.county === f.county) &&
        (f.industry === undefined || e.industry === f.industry) &&
        (f.batch === undefined || e.batch === f.batch) &&
        (f.provider === undefined || e.provider === f.provider) &&
        (!f.flagged || (open.get(e.key) ?? 0) > 0),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a.key < b.key ? -1 : 1))
  return {
    total: hits.length,
    items: hits.slice(f.offset, f.offset + f.limit).map((e) => ({
      key: e.key,
      name: e.name,
      uscc: e.uscc,
      county: e.county,
      industry: e.industry,
      batch: e.batch,
      provider: e.provider,
      diagnosisLevel: e.diagnosisLevel,
      acceptanceLevel: e.acceptanceLevel,
      openSignals: open.get(e.key) ?? 0,
    })),
    counties: distinct(all.map((e) => e.county)),
    industries: distinct(all.map((e) => e.industry)),
    providers: distinct(all.map((e) => e.provider)),
  }
}

/** `manifest.reports` (issue 11: [{number, kind, sha256, issuedOn}]), read leniently. */
export function reportsOf(manifest: Record<string, unknown>): ChainBundle['reports'] {
  const list = manifest['reports']
  if (!Array.isArray(list)) return []
  return list
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .filter((r) => typeof r['number'] === 'string')
    .map((r) => ({
      number: r['number'] as string,
      kind: typeof r['kind'] === 'string' ? r['kind'] : null,
      sha256: typeof r['sha256'] === 'string' ? r['sha256'] : null,
      issuedOn: typeof r['issuedOn'] === 'string' ? r['issuedOn'] : null,
    }))
}

/**
 * The diagnosis an acceptance compares against, by manifest SHA-256 (issue 11 item 1):
 * `manifest.diagnosis.manifestSha256`, which central checked at ingest against the diagnosis it
 * holds. Null for other kinds and for acceptances stored before the field existed.
 */
export function citedDiagnosisOf(manifest: Record<string, unknown>): string | null {
  const d = manifest['diagnosis']
  const sha =
    typeof d === 'object' && d !== null ? (d as Record<string, unknown>)['manifestSha256'] : null
  return typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? sha : null
}

export async function enterpriseChain(
  ctx: CentralContext,
  key: string,
): Promise<ConsoleOutput<'enterprises.chain'>> {
  await ensureBundleFacts(ctx.db)
  let q = ctx.db
    .selectFrom('bundles as b')
    .leftJoin('bundle_facts as f', 'f.bundle_id', 'b.bundle_id')
    .selectAll('b')
    .select(['f.zjtx', 'f.provider', 'f.assessor_name', 'f.assessed_on', 'f.survey_date'])
  q = key.startsWith('name:')
    ? q.where('b.enterprise_uscc', 'is', null).where('b.enterprise_name', '=', key.slice(5))
    : q.where('b.enterprise_uscc', '=', key)
  const rows = await q.execute()
  if (!rows.length) throw consoleFail.notFound(`没有该企业的评测结果（${key.slice(0, 60)}）`, 'key')
  const signals = await ctx.db
    .selectFrom('integrity_signal_refs as r')
    .innerJoin('integrity_signals as s', 's.id', 'r.signal_id')
    .leftJoin('signal_reviews as v', 'v.signal_id', 's.id')
    .select(['s.id', 's.type', 's.summary', 'r.bundle_id', 'v.id as review'])
    .where('r.enterprise_key', '=', key)
    .where('s.active', '=', 1)
    .execute()
  const keyNames = await ctx.db
    .selectFrom('assessor_keys')
    .select(['key_id', 'assessor_name', 'agency'])
    .where('key_id', 'in', [...new Set(rows.map((r) => r.assessor_key_id))])
    .execute()
  const names = new Map(keyNames.map((k) => [k.key_id, k]))
  const headVersion = new Map<string, number>()
  for (const r of rows)
    if (r.status === 'accepted')
      headVersion.set(r.record_id, Math.max(headVersion.get(r.record_id) ?? 0, Number(r.version)))
  const bundles: ChainBundle[] = rows.map((r) => {
    const m = JSON.parse(r.manifest_json) as Record<string, unknown>
    const receipt = r.receipt_json
      ? (JSON.parse(r.receipt_json) as {
          receipt: { acceptedAt: string; serverKeyId: string; manifestSha256: string }
          signature: { signature: string }
        })
      : null
    const k = names.get(r.assessor_key_id)
    const kind = r.kind as ChainBundle['kind']
    return {
      bundleId: r.bundle_id,
      recordId: r.record_id,
      version: Number(r.version),
      current: r.status === 'accepted' && headVersion.get(r.record_id) === Number(r.version),
      supersedes: r.supersedes_bundle_id
        ? { bundleId: r.supersedes_bundle_id, reason: r.supersede_reason ?? '' }
        : null,
      kind,
      level: Number(r.level),
      total: (Number(r.total_milli) / 1000).toFixed(1),
      assessedOn: r.assessed_on,
      surveyDate: r.survey_date,
      assessor: r.assessor_name ?? k?.assessor_name ?? r.assessor_key_id.slice(0, 12),
      provider: r.provider ?? k?.agency ?? null,
      assessorKeyId: r.assessor_key_id,
      evidence: Array.isArray(m['evidence']) ? m['evidence'].length : 0,
      status: r.status,
      receivedAt: r.received_at,
      manifestSha256: r.manifest_sha256,
      receipt: receipt
        ? {
            acceptedAt: receipt.receipt.acceptedAt,
            serverKeyId: receipt.receipt.serverKeyId,
            manifestSha256: receipt.receipt.manifestSha256,
            signature: receipt.signature.signature,
          }
        : null,
      reports: reportsOf(m),
      citesDiagnosis: kind === 'acceptance' ? citedDiagnosisOf(m) : null,
      dossier:
        r.dossier_eligible_fen === null && r.dossier_complete === null
          ? null
          : {
              eligibleFen: r.dossier_eligible_fen === null ? null : Number(r.dossier_eligible_fen),
              complete: r.dossier_complete === null ? null : r.dossier_complete === 1,
            },
      openSignals: new Set(
        signals.filter((s) => s.bundle_id === r.bundle_id && s.review === null).map((s) => s.id),
      ).size,
    }
  })
  bundles.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.assessedOn ?? '').localeCompare(b.assessedOn ?? '') ||
      a.recordId.localeCompare(b.recordId) ||
      a.version - b.version,
  )
  const state = enterpriseStates(
    (await currentHeads(ctx.db)).filter((h) =>
      key.startsWith('name:')
        ? h.enterprise_uscc === null && h.enterprise_name === key.slice(5)
        : h.enterprise_uscc === key,
    ),
  )[0]
  const latest = rows.reduce((a, b) => (a.received_at >= b.received_at ? a : b))
  const bySignal = new Map<string, { id: string; type: string; summary: string; status: string }>()
  for (const s of signals)
    bySignal.set(s.id, {
      id: s.id,
      type: s.type,
      summary: s.summary,
      status: s.review === null ? 'open' : 'cleared',
    })
  return {
    key,
    name: state?.name ?? latest.enterprise_name,
    uscc: latest.enterprise_uscc,
    county: state?.county ?? latest.county,
    industry: state?.industry ?? latest.industry,
    batch: state?.batch ?? (latest.batch === null ? null : Number(latest.batch)),
    zjtx: state?.zjtx ?? latest.zjtx,
    provider: state?.provider ?? latest.provider,
    steps: bundles
      .filter((b) => b.current)
      .map((b) => ({ kind: b.kind, bundleId: b.bundleId, level: b.level, date: b.assessedOn })),
    bundles,
    signals: [...bySignal.values()],
  }
}
