/**
 * What the console knows about each enterprise, from the accepted signed results: the current
 * version of each record (a correction replaces what it supersedes), grouped by enterprise
 * (统一社会信用代码, or `name:<name>` without one). Facts that only the manifest holds (专精特新,
 * service provider, dates) are read once per bundle into bundle_facts.
 */
import type { Kysely } from 'kysely'
import type { EnterpriseProgressState } from '../../shared/domain/pilot/progress'
import type { CentralDB } from '../db/schema'

export function enterpriseKeyOf(uscc: string | null, name: string): string {
  return uscc ?? `name:${name}`
}

/** Reads the manifest facts of accepted bundles that have none yet (idempotent, any instance). */
export async function ensureBundleFacts(db: Kysely<CentralDB>): Promise<number> {
  let added = 0
  for (;;) {
    const rows = await db
      .selectFrom('bundles as b')
      .leftJoin('bundle_facts as f', 'f.bundle_id', 'b.bundle_id')
      .select(['b.bundle_id', 'b.manifest_json'])
      .where('f.bundle_id', 'is', null)
      .where('b.status', '=', 'accepted')
      .limit(500)
      .execute()
    if (!rows.length) return added
    const values = rows.map((r) => {
      const m = JSON.parse(r.manifest_json) as { assessment?: Record<string, unknown> }
      const a = m.assessment ?? {}
      const ent = (a['enterprise'] ?? {}) as Record<string, unknown>
      const who = (a['assessor'] ?? {}) as Record<string, unknown>
      const survey = (a['survey'] ?? null) as Record<string, unknown> | null
      const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null)
      return {
        bundle_id: r.bundle_id,
        zjtx: str(ent['zjtx']),
        provider: str(who['agency']),
        assessor_name: str(who['name']),
        assessed_on: str(a['assessedOn']),
        survey_date: survey ? str(survey['date']) : null,
      }
    })
    await db
      .insertInto('bundle_facts')
      .values(values)
      .onConflict((oc) => oc.column('bundle_id').doNothing())
      .execute()
    added += values.length
  }
}

export interface HeadRow {
  bundle_id: string
  record_id: string
  version: number
  kind: string
  enterprise_name: string
  enterprise_uscc: string | null
  county: string | null
  industry: string | null
  batch: number | null
  level: number
  total_milli: number
  accepted_at: string
  assessor_key_id: string
  dossier_eligible_fen: number | null
  dossier_complete: number | null
  zjtx: string | null
  provider: string | null
  assessor_name: string | null
  assessed_on: string | null
}

/** The accepted current version of every record, with its facts. */
export async function currentHeads(db: Kysely<CentralDB>): Promise<HeadRow[]> {
  await ensureBundleFacts(db)
  const rows = await db
    .selectFrom('bundles as b')
    .leftJoin('bundle_facts as f', 'f.bundle_id', 'b.bundle_id')
    .select([
      'b.bundle_id',
      'b.record_id',
      'b.version',
      'b.kind',
      'b.enterprise_name',
      'b.enterprise_uscc',
      'b.county',
      'b.industry',
      'b.batch',
      'b.level',
      'b.total_milli',
      'b.accepted_at',
      'b.assessor_key_id',
      'b.dossier_eligible_fen',
      'b.dossier_complete',
      'f.zjtx',
      'f.provider',
      'f.assessor_name',
      'f.assessed_on',
    ])
    .where('b.status', '=', 'accepted')
    .execute()
  const heads = new Map<string, HeadRow>()
  for (const r of rows) {
    const row: HeadRow = {
      ...r,
      version: Number(r.version),
      batch: r.batch === null ? null : Number(r.batch),
      level: Number(r.level),
      total_milli: Number(r.total_milli),
      accepted_at: r.accepted_at ?? '',
      dossier_eligible_fen: r.dossier_eligible_fen === null ? null : Number(r.dossier_eligible_fen),
      dossier_complete: r.dossier_complete === null ? null : Number(r.dossier_complete),
    }
    const h = heads.get(r.record_id)
    if (!h || row.version > h.version) heads.set(r.record_id, row)
  }
  return [...heads.values()]
}

export interface EnterpriseState extends EnterpriseProgressState {
  name: string
  uscc: string | null
  /** the latest acceptance or recheck head (budget, exports) */
  acceptance: HeadRow | null
  diagnosis: HeadRow | null
  heads: HeadRow[]
}

export function enterpriseStates(heads: readonly HeadRow[]): EnterpriseState[] {
  const ents = new Map<string, EnterpriseState>()
  const sorted = [...heads].sort((a, b) => (a.accepted_at < b.accepted_at ? -1 : 1))
  for (const r of sorted) {
    const key = enterpriseKeyOf(r.enterprise_uscc, r.enterprise_name)
    let e = ents.get(key)
    if (!e) {
      e = {
        key,
        name: r.enterprise_name,
        uscc: r.enterprise_uscc,
        county: null,
        industry: null,
        batch: null,
        zjtx: null,
        provider: null,
        diagnosisLevel: null,
        acceptanceLevel: null,
        acceptance: null,
        diagnosis: null,
        heads: [],
      }
      ents.set(key, e)
    }
    // the latest result describes the enterprise
    e.name = r.enterprise_name
    e.county = r.county ?? e.county
    e.industry = r.industry ?? e.industry
    e.batch = r.batch === 1 || r.batch === 2 || r.batch === 3 ? r.batch : e.batch
    e.zjtx = r.zjtx ?? e.zjtx
    e.provider = r.provider ?? e.provider
    e.heads.push(r)
    if (r.kind === 'diagnosis') {
      e.diagnosis = r
      e.diagnosisLevel = r.level
    } else {
      e.acceptance = r
      e.acceptanceLevel = r.level
    }
  }
  return [...ents.values()]
}
