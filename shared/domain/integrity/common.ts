/** Small helpers the detectors share. */
import type { SignalRecord, SignalRef } from './types'

export function refOf(r: SignalRecord): SignalRef {
  return { bundleId: r.bundleId, enterpriseKey: r.enterpriseKey, enterpriseName: r.enterpriseName }
}

/** An ISO-8601 UTC instant as Beijing time (UTC+8, no daylight saving): 2025-03-17 10:02:05. */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso)
  if (!Number.isFinite(t)) return iso
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}

/** First 12 hex characters of a SHA-256, for texts. */
export function short(sha: string): string {
  return `${sha.slice(0, 12)}…`
}

/** 「甲」、「乙」等 3 家 — names for a summary, at most `max` listed. */
export function nameList(names: string[], max = 5): string {
  const uniq = [...new Set(names)]
  const shown = uniq.slice(0, max).map((n) => `「${n}」`)
  return uniq.length > max ? `${shown.join('、')}等 ${uniq.length} 家` : shown.join('、')
}

/** Whole days from date a to date b (YYYY-MM-DD), b − a. */
export function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}
