/**
 * 实施计划: a timeline of the accepted plan from the measures' durations. Pure.
 *
 * A step's duration is the sum of its measures' upper duration bounds (参考工期上限; the measures
 * of one step build on each other). Steps are scheduled in plan order onto `lanes` parallel
 * tracks (an SME runs few retrofit projects at once): each step starts on the first track that
 * becomes free. The policy is data.
 */
import type { AdviceStep } from './types'

export interface TimelinePolicy {
  id: string
  /** Steps carried out at the same time. */
  lanes: number
}

export const TIMELINE_POLICY: TimelinePolicy = { id: 'lanes-2-upper-v1', lanes: 2 }

export interface TimelineRow {
  item: string
  /** Week the step starts (0-based) and ends (exclusive). */
  startWeek: number
  endWeek: number
  lane: number
  /** Measures of the step without a duration (counted as 0 weeks). */
  unestimated: number
}

export interface Timeline {
  policy: TimelinePolicy
  rows: TimelineRow[]
  totalWeeks: number
  unestimated: number
}

export function stepWeeks(s: Pick<AdviceStep, 'measures'>): { weeks: number; unestimated: number } {
  let weeks = 0
  let unestimated = 0
  for (const m of s.measures) {
    if (m.weeks) weeks += m.weeks.max
    else unestimated++
  }
  return { weeks, unestimated }
}

export function implementationTimeline(
  steps: readonly Pick<AdviceStep, 'item' | 'measures'>[],
  policy: TimelinePolicy = TIMELINE_POLICY,
): Timeline {
  if (!Number.isInteger(policy.lanes) || policy.lanes < 1)
    throw new RangeError(`lanes: must be a whole number ≥ 1, got ${policy.lanes}`)
  const free = Array.from({ length: policy.lanes }, () => 0)
  const rows: TimelineRow[] = []
  let unestimated = 0
  for (const s of steps) {
    const w = stepWeeks(s)
    unestimated += w.unestimated
    let lane = 0
    for (let i = 1; i < free.length; i++) if (free[i]! < free[lane]!) lane = i
    const startWeek = free[lane]!
    const endWeek = startWeek + w.weeks
    free[lane] = endWeek
    rows.push({ item: s.item, startWeek, endWeek, lane, unestimated: w.unestimated })
  }
  return { policy, rows, totalWeeks: Math.max(0, ...free), unestimated }
}
