/**
 * 诊断建议 (issue 13 items 5–7): what the assessor records and accepts on top of the computed
 * improvement plan (shared/domain/plan), as plain data.
 *
 * - Findings: per scene, 现状, 痛点问题 and 需求 from the interview.
 * - The accepted plan: the target level, the planner's steps the assessor kept (each the item's
 *   complete value after the change), per step the measures (suggested from the measures library,
 *   possibly edited, or the assessor's own) with the assessor's investment estimate, and the
 *   products (suggested from the city's 小快轻准 catalogue or the assessor's own).
 */
import type { IntRange } from '../plan/types'
import type { OverallLevel, SceneLevel } from '../scoring/types'

export interface SceneFinding {
  sceneId: string
  /** 现状 */
  statusQuo: string
  /** 痛点问题 */
  painPoints: string
  /** 需求 */
  needs: string
}

export type AdviceSource = 'suggested' | 'own'

export interface AdviceMeasure {
  id: string
  source: AdviceSource
  /** The library entry it came from ('Q04:G', 'SC06:2'); null for the assessor's own. */
  entryKey: string | null
  title: string
  /** What to build or change (the library's actions joined, as edited by the assessor). */
  text: string
  /** The library's indicative cost (参考); null for the assessor's own. */
  costYuan: IntRange | null
  /** Duration in weeks (library's, or the assessor's estimate); null = not estimated. */
  weeks: IntRange | null
  /** The assessor's investment estimate for this measure, fen; null = not estimated yet. */
  investmentFen: number | null
}

export interface AdviceProduct {
  source: AdviceSource
  /** Product code in the city's catalogue; null for the assessor's own. */
  code: string | null
  name: string
  provider: string
  priceYuan: IntRange | null
}

export interface AdviceStep {
  item: string
  kind: 'question' | 'scene'
  /** Questions: the complete answer after the change. */
  answer?: string | string[]
  /** Scenes: the level after the change. */
  level?: SceneLevel
  /** The value before (null = unanswered / not judged). */
  before: string | string[] | SceneLevel | null
  /** Points the step adds (questions; 0 for scenes), as planned. */
  gain: number
  constrained?: boolean
  measures: AdviceMeasure[]
  products: AdviceProduct[]
}

export interface AcceptedPlan {
  target: 1 | 2 | 3 | 4
  /** The measures library the suggestions came from. */
  measures: { id: string; version: string; hash: string }
  /** The product catalogue the suggestions came from (null = none on this device). */
  products: { id: string; sha256: string } | null
  acceptedAt: string
  steps: AdviceStep[]
}

export interface DiagnosisAdvice {
  findings: SceneFinding[]
  plan: AcceptedPlan | null
}

export interface ScoreAfter {
  total: number
  level: OverallLevel
}
