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
  type EvidenceInput,
  type IdentityChangeInput,
} from './common'
export { buildRecheckReport, type RecheckReportInput } from './recheck'
