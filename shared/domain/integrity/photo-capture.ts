/**
 * Photos whose capture time (EXIF DateTimeOriginal, the camera's wall clock, read centrally with
 * exifr) falls outside the site visit: more than `toleranceDays` from the survey date (else the
 * assessment date). Photos without a capture time are not judged.
 */
import { dayDiff, refOf, short } from './common'
import type { IntegrityThresholds } from './thresholds'
import type { IntegritySignal, SignalRecord } from './types'

export function photoOutsideVisit(
  records: readonly SignalRecord[],
  t: IntegrityThresholds,
): IntegritySignal[] {
  const out: IntegritySignal[] = []
  for (const r of records) {
    const visit = r.survey?.date ?? r.assessedOn
    if (!visit) continue
    const outside = r.evidence
      .filter((e) => r.photoCaptures[e.sha256] !== undefined)
      .map((e) => ({ e, taken: r.photoCaptures[e.sha256]! }))
      .map((x) => ({ ...x, days: dayDiff(visit, x.taken.slice(0, 10)) }))
      .filter(
        (x) => Number.isFinite(x.days) && Math.abs(x.days) > t.photoOutsideVisit.toleranceDays,
      )
      .sort((a, b) => (a.e.sha256 < b.e.sha256 ? -1 : 1))
    if (!outside.length) continue
    const first = outside[0]!
    out.push({
      type: 'photo-outside-visit',
      key: `photo-outside-visit:${r.bundleId}:${outside.map((x) => x.e.sha256).join(',')}`,
      summary: `「${r.enterpriseName}」的 ${outside.length} 张照片拍摄时间不在现场调研日期 ${visit} 内，如「${first.e.name}」拍摄于 ${first.taken}（相差 ${Math.abs(first.days)} 天）。`,
      refs: [refOf(r)],
      facts: {
        visitDate: visit,
        visitSource: r.survey ? 'survey.date' : 'assessedOn',
        photos: outside.map((x) => ({
          sha256: x.e.sha256,
          short: short(x.e.sha256),
          name: x.e.name,
          itemId: x.e.itemId,
          takenAt: x.taken,
          daysFromVisit: x.days,
        })),
        toleranceDays: t.photoOutsideVisit.toleranceDays,
      },
    })
  }
  return out
}
