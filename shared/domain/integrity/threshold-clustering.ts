/**
 * An assessor whose totals cluster just above a level threshold, compared with all other
 * assessors: the share of their diagnosis/acceptance totals at most `marginPoints` above a level's
 * minimum score, against the same share among everyone else.
 */
import { refOf } from './common'
import type { IntegrityThresholds } from './thresholds'
import type { IntegritySignal, SignalRecord } from './types'

/** The level threshold (milli-points) the total is just above, or null. */
export function justAbove(r: SignalRecord, marginPoints: number): number | null {
  for (const th of r.levelThresholdsMilli)
    if (r.totalMilli >= th && r.totalMilli <= th + marginPoints * 1000) return th
  return null
}

export function thresholdClustering(
  records: readonly SignalRecord[],
  t: IntegrityThresholds,
): IntegritySignal[] {
  const c = t.thresholdClustering
  const scored = records.filter((r) => r.kind !== 'recheck')
  const by = new Map<string, SignalRecord[]>()
  for (const r of scored) by.set(r.assessorIdentity, [...(by.get(r.assessorIdentity) ?? []), r])
  const above = new Map(scored.map((r) => [r.bundleId, justAbove(r, c.marginPoints)]))
  const totalAbove = scored.filter((r) => above.get(r.bundleId) !== null).length
  const out: IntegritySignal[] = []
  for (const [who, list] of by) {
    if (list.length < c.minAssessments) continue
    const mine = list.filter((r) => above.get(r.bundleId) !== null)
    const share = mine.length / list.length
    const others = scored.length - list.length
    const othersShare = others > 0 ? (totalAbove - mine.length) / others : 0
    if (share < c.minShare || share < c.minRatioToOthers * othersShare) continue
    mine.sort((a, b) => (a.bundleId < b.bundleId ? -1 : 1))
    const pct = (x: number): string => `${(x * 100).toFixed(0)}%`
    out.push({
      type: 'threshold-clustering',
      key: `threshold-clustering:${who}:${mine.map((r) => r.bundleId).join(',')}`,
      summary: `评测人员 ${list[0]!.assessorLabel} 的 ${list.length} 份评测中有 ${mine.length} 份（${pct(share)}）总分恰在等级门槛之上 ${c.marginPoints} 分以内，其他评测人员为 ${pct(othersShare)}（${others} 份）。`,
      refs: mine.map(refOf),
      facts: {
        assessor: list[0]!.assessorLabel,
        assessments: list.length,
        justAbove: mine.map((r) => ({
          bundleId: r.bundleId,
          total: r.totalMilli / 1000,
          threshold: above.get(r.bundleId)! / 1000,
        })),
        share,
        othersShare,
        others,
        marginPoints: c.marginPoints,
        minAssessments: c.minAssessments,
        minShare: c.minShare,
        minRatioToOthers: c.minRatioToOthers,
      },
    })
  }
  return out
}
