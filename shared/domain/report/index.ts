export type * from './types'
export {
  buildDiagnosisReport,
  orderRecommendations,
  firstMilestone,
  RECOMMENDATION_ORDER_TEXT,
  type DiagnosisReportInput,
} from './diagnosis'
export { buildAcceptanceReport, type AcceptanceReportInput } from './acceptance'
export {
  verifyReportHash,
  sceneLevelName,
  formatBytes,
  assessmentAttachment,
  type EvidenceInput,
  type IdentityChangeInput,
} from './common'
export * from './report-data'
export { formality, checkDates, checkKind, sameUscc, type Formality } from './gates'
export { buildRecheckReport, type RecheckReportInput } from './recheck'
