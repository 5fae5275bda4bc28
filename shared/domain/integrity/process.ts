/**
 * The assessment process as the signed timeline and contents show it: many items judged within
 * seconds (manifest.timeline), or a completed assessment without any evidence or site-survey record.
 */
import { beijingTime, refOf } from './common'
import type { IntegrityThresholds } from './thresholds'
import type { IntegritySignal, SignalRecord } from './types'

const JUDGING = new Set(['answer.set', 'scene.set'])

/** The densest window: most distinct items judged within `windowSeconds`. */
export function densestJudging(
  r: SignalRecord,
  windowSeconds: number,
): { items: number; from: string; to: string } | null {
  const ev = (r.timeline ?? [])
    .filter((e) => JUDGING.has(e.action) && e.itemId !== null)
    .map((e) => ({ t: Date.parse(e.at), at: e.at, item: e.itemId! }))
    .filter((e) => Number.isFinite(e.t))
    .sort((a, b) => a.t - b.t)
  let best: { items: number; from: string; to: string } | null = null
  let j = 0
  const count = new Map<string, number>()
  for (let i = 0; i < ev.length; i++) {
    while (j < ev.length && ev[j]!.t - ev[i]!.t <= windowSeconds * 1000) {
      count.set(ev[j]!.item, (count.get(ev[j]!.item) ?? 0) + 1)
      j++
    }
    if (!best || count.size > best.items)
      best = { items: count.size, from: ev[i]!.at, to: ev[j - 1]!.at }
    const c = count.get(ev[i]!.item)! - 1
    if (c === 0) count.delete(ev[i]!.item)
    else count.set(ev[i]!.item, c)
  }
  return best
}

export function rapidJudging(
  records: readonly SignalRecord[],
  t: IntegrityThresholds,
): IntegritySignal[] {
  const out: IntegritySignal[] = []
  for (const r of records) {
    const d = densestJudging(r, t.rapidJudging.windowSeconds)
    if (!d || d.items < t.rapidJudging.minItems) continue
    const seconds = Math.round((Date.parse(d.to) - Date.parse(d.from)) / 1000)
    out.push({
      type: 'rapid-judging',
      key: `rapid-judging:${r.bundleId}`,
      summary: `「${r.enterpriseName}」的评测在 ${seconds} 秒内判定了 ${d.items} 个条目（${beijingTime(d.from)} 至 ${beijingTime(d.to).slice(11)}，北京时间），阈值为 ${t.rapidJudging.windowSeconds} 秒内 ${t.rapidJudging.minItems} 个。`,
      refs: [refOf(r)],
      facts: {
        items: d.items,
        from: d.from,
        to: d.to,
        seconds,
        minItems: t.rapidJudging.minItems,
        windowSeconds: t.rapidJudging.windowSeconds,
        assessor: r.assessorLabel,
      },
    })
  }
  return out
}

export function noSiteRecord(records: readonly SignalRecord[]): IntegritySignal[] {
  const out: IntegritySignal[] = []
  for (const r of records) {
    const evidence = r.evidence.filter((e) => e.itemId !== 'dossier').length
    const surveyed =
      r.survey !== null && (r.survey.people > 0 || r.survey.observations.trim() !== '')
    if (evidence > 0 && surveyed) continue
    const missing = [...(evidence === 0 ? ['佐证材料'] : []), ...(surveyed ? [] : ['现场调研记录'])]
    out.push({
      type: 'no-site-record',
      key: `no-site-record:${r.bundleId}:${missing.join('+')}`,
      summary: `「${r.enterpriseName}」的${r.kind === 'acceptance' ? '验收评价' : r.kind === 'recheck' ? '复核' : '诊断评测'}已签名提交，但没有任何${missing.join('，也没有')}。`,
      refs: [refOf(r)],
      facts: { evidence, survey: r.survey, assessor: r.assessorLabel },
    })
  }
  return out
}
