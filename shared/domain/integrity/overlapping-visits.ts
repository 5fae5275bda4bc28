/**
 * One assessor recording at two enterprises at overlapping times. The timeline's recording
 * events (answers, scenes, notes, evidence, survey) are cut into sessions at pauses longer than
 * `sessionGapMinutes`; sessions of one assessor at different enterprises that overlap by at least
 * `minOverlapMinutes` are a signal. Needs manifest.timeline (bundles signed before it are silent).
 */
import { beijingTime, refOf } from './common'
import type { IntegrityThresholds } from './thresholds'
import type { IntegritySignal, SignalRecord } from './types'

const RECORDING = new Set(['answer.set', 'scene.set', 'note.set', 'evidence.add', 'survey.update'])

interface Session {
  record: SignalRecord
  start: number
  end: number
}

export function sessionsOf(r: SignalRecord, gapMinutes: number): Session[] {
  const times = (r.timeline ?? [])
    .filter((e) => RECORDING.has(e.action))
    .map((e) => Date.parse(e.at))
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
  const out: Session[] = []
  for (const t of times) {
    const last = out.at(-1)
    if (last && t - last.end <= gapMinutes * 60_000) last.end = t
    else out.push({ record: r, start: t, end: t })
  }
  return out
}

export function overlappingVisits(
  records: readonly SignalRecord[],
  t: IntegrityThresholds,
): IntegritySignal[] {
  const byAssessor = new Map<string, Session[]>()
  for (const r of records) {
    const s = sessionsOf(r, t.overlappingVisits.sessionGapMinutes)
    if (s.length)
      byAssessor.set(r.assessorIdentity, [...(byAssessor.get(r.assessorIdentity) ?? []), ...s])
  }
  const found = new Map<string, { a: Session; b: Session; overlap: number }>()
  const minMs = t.overlappingVisits.minOverlapMinutes * 60_000
  for (const sessions of byAssessor.values()) {
    sessions.sort((x, y) => x.start - y.start)
    for (let i = 0; i < sessions.length; i++)
      for (let j = i + 1; j < sessions.length && sessions[j]!.start < sessions[i]!.end; j++) {
        const a = sessions[i]!
        const b = sessions[j]!
        if (a.record.enterpriseKey === b.record.enterpriseKey) continue
        const overlap = Math.min(a.end, b.end) - b.start
        if (overlap < minMs) continue
        const [x, y] = a.record.bundleId < b.record.bundleId ? [a, b] : [b, a]
        const k = `${x.record.bundleId},${y.record.bundleId}`
        const prev = found.get(k)
        if (!prev || overlap > prev.overlap) found.set(k, { a: x, b: y, overlap })
      }
  }
  const iso = (ms: number): string => new Date(ms).toISOString()
  return [...found.entries()].map(([k, { a, b, overlap }]) => ({
    type: 'overlapping-visits' as const,
    key: `overlapping-visits:${k}`,
    summary: `评测人员 ${a.record.assessorLabel} 在 ${beijingTime(iso(a.start)).slice(0, 16)}–${beijingTime(iso(a.end)).slice(11, 16)} 记录「${a.record.enterpriseName}」，同时在 ${beijingTime(iso(b.start)).slice(0, 16)}–${beijingTime(iso(b.end)).slice(11, 16)} 记录「${b.record.enterpriseName}」（重叠 ${Math.round(overlap / 60_000)} 分钟，北京时间）。`,
    refs: [refOf(a.record), refOf(b.record)],
    facts: {
      assessor: a.record.assessorLabel,
      sessions: [a, b].map((s) => ({
        bundleId: s.record.bundleId,
        from: iso(s.start),
        to: iso(s.end),
      })),
      overlapMinutes: Math.round(overlap / 60_000),
      sessionGapMinutes: t.overlappingVisits.sessionGapMinutes,
      minOverlapMinutes: t.overlappingVisits.minOverlapMinutes,
    },
  }))
}
