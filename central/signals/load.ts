/**
 * The integrity detectors' input from the central database: the accepted current version of
 * every record, its manifest (notes, survey, evidence, timeline), the assessor's registered
 * identity and the level thresholds of its rule profile, and the photos' capture times.
 */
import { adviceText } from '../../shared/domain/advice/text'
import type { BundleManifest } from '../../shared/domain/bundle/types'
import type { SignalRecord } from '../../shared/domain/integrity/types'
import { MIIT_2024_DEFAULT } from '../../shared/domain/levels/rule-profiles'
import type { CentralContext } from '../ingest'
import { centralRegistry } from '../rule-profiles'
import { currentHeads, enterpriseKeyOf } from '../console/state'
import { captureTimes, PHOTO_MIMES } from './exif'

export async function loadSignalRecords(ctx: CentralContext): Promise<SignalRecord[]> {
  const heads = await currentHeads(ctx.db)
  const registry = await centralRegistry(ctx.db)
  const keys = await ctx.db
    .selectFrom('assessor_keys')
    .select(['key_id', 'assessor_name', 'agency'])
    .execute()
  const who = new Map(keys.map((k) => [k.key_id, k]))
  const thresholds = new Map<string, number[]>()
  const thresholdsOf = (profileId: string): number[] => {
    let t = thresholds.get(profileId)
    if (!t) {
      const p = registry.ruleProfile(profileId) ?? MIIT_2024_DEFAULT
      t = p.rules.map((r) => Math.round(r.minScore * 1000)).sort((a, b) => a - b)
      thresholds.set(profileId, t)
    }
    return t
  }
  const records: SignalRecord[] = []
  for (let i = 0; i < heads.length; i += 1000) {
    const chunk = heads.slice(i, i + 1000)
    const manifests = await ctx.db
      .selectFrom('bundles')
      .select(['bundle_id', 'manifest_json'])
      .where(
        'bundle_id',
        'in',
        chunk.map((h) => h.bundle_id),
      )
      .execute()
    const byId = new Map(manifests.map((m) => [m.bundle_id, m.manifest_json]))
    for (const h of chunk) {
      const m = JSON.parse(byId.get(h.bundle_id)!) as BundleManifest
      const a = m.assessment
      const survey = a['survey'] as
        { date?: unknown; people?: unknown; observations?: unknown } | undefined
      const notes = (a['notes'] ?? {}) as Record<string, unknown>
      const k = who.get(h.assessor_key_id)
      const name = k?.assessor_name ?? h.assessor_name ?? h.assessor_key_id.slice(0, 12)
      const agency = k?.agency ?? h.provider ?? ''
      records.push({
        bundleId: h.bundle_id,
        recordId: h.record_id,
        version: h.version,
        enterpriseKey: enterpriseKeyOf(h.enterprise_uscc, h.enterprise_name),
        enterpriseName: h.enterprise_name,
        kind: h.kind as SignalRecord['kind'],
        assessorKeyId: h.assessor_key_id,
        assessorIdentity: `${name}|${agency}`,
        assessorLabel: agency ? `${name}（${agency}）` : name,
        totalMilli: h.total_milli,
        level: h.level,
        levelThresholdsMilli: thresholdsOf(
          typeof a['ruleProfile'] === 'string' ? a['ruleProfile'] : MIIT_2024_DEFAULT.id,
        ),
        assessedOn: h.assessed_on,
        survey:
          survey && typeof survey.date === 'string'
            ? {
                date: survey.date,
                people: Array.isArray(survey.people) ? survey.people.length : 0,
                observations: typeof survey.observations === 'string' ? survey.observations : '',
              }
            : null,
        notes: Object.fromEntries(
          Object.entries(notes).filter((e): e is [string, string] => typeof e[1] === 'string'),
        ),
        evidence: m.evidence.map((e) => ({
          sha256: e.sha256,
          size: e.size,
          itemId: e.itemId,
          name: e.name,
          mime: e.mime,
        })),
        timeline: m.timeline ?? null,
        adviceText: m.advice ? adviceText(m.advice) : '',
        photoCaptures: {},
      })
    }
  }
  const photos = records.flatMap((r) =>
    r.evidence
      .filter((e) => PHOTO_MIMES.has(e.mime) && e.itemId !== 'dossier')
      .map((e) => e.sha256),
  )
  const taken = await captureTimes(ctx, photos)
  for (const r of records)
    for (const e of r.evidence) {
      const t = taken.get(e.sha256)
      if (t) r.photoCaptures[e.sha256] = t
    }
  return records
}
