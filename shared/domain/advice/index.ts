export type * from './types'
export {
  applyPlan,
  estimateInvestment,
  mergeStep,
  projectAdvice,
  type AdviceProjection,
  type InvestmentEstimate,
  type ProjectionInput,
  type StepState,
  type SubsidyProjection,
} from './projection'
export {
  DEFAULT_TARGET,
  findingComplete,
  findingsDraftReasons,
  scenesMissingFindings,
} from './readiness'
export {
  TIMELINE_POLICY,
  implementationTimeline,
  stepWeeks,
  type Timeline,
  type TimelinePolicy,
  type TimelineRow,
} from './timeline'
export { adviceText, hasAdvice, homogeneityRecord, type HomogeneityRecord } from './text'
export {
  ADVICE_FORMAT_V1,
  TEXT_LIMITS,
  acceptedPlanSchema,
  adviceMeasureSchema,
  adviceProductSchema,
  adviceRecordSchema,
  adviceStepSchema,
  diagnosisAdviceSchema,
  homogeneityRecordSchema,
  sceneFindingSchema,
  type AdviceRecord,
} from './schema'
export { acceptPlan } from './accept'
export { checkAdviceRecord, scoreAfterPlan } from './verify'
export { adviceRecord, adviceRecordDraftReasons } from './record'
