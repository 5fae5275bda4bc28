import type { Generated, Selectable } from 'kysely'

/** 诊断建议 (migration 0014): the assessor's findings per scene. */
export interface AdviceFindingTable {
  assessmentId: string
  sceneId: string
  statusQuo: Generated<string>
  painPoints: Generated<string>
  needs: Generated<string>
  updatedAt: string
}
export type AdviceFindingRow = Selectable<AdviceFindingTable>

/** The accepted improvement plan of an assessment (one per assessment). */
export interface AdvicePlanTable {
  assessmentId: string
  target: number
  measuresId: string
  measuresVersion: string
  measuresHash: string
  productsId: string | null
  productsSha256: string | null
  acceptedAt: string
  updatedAt: string
}
export type AdvicePlanRow = Selectable<AdvicePlanTable>

/** One item change of the accepted plan. */
export interface AdviceStepTable {
  assessmentId: string
  item: string
  position: number
  kind: 'question' | 'scene'
  /** The answer (string / string[]) or the scene level after the change, JSON */
  valueJson: string
  /** The value when the plan was computed (null = unanswered / not judged), JSON */
  beforeJson: string
  gainMilli: number
  /** Scenes: 1 = 约束性 (0/NULL otherwise) */
  constrained: number | null
  /** AdviceProduct[] as JSON */
  productsJson: Generated<string>
}
export type AdviceStepRow = Selectable<AdviceStepTable>

/** One measure of a step: suggested from the library (maybe edited) or the assessor's own. */
export interface AdviceMeasureTable {
  id: string
  assessmentId: string
  item: string
  position: number
  source: 'suggested' | 'own'
  entryKey: string | null
  title: string
  text: Generated<string>
  costMinYuan: number | null
  costMaxYuan: number | null
  weeksMin: number | null
  weeksMax: number | null
  investmentFen: number | null
  updatedAt: string
}
export type AdviceMeasureRow = Selectable<AdviceMeasureTable>
