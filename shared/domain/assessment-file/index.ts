export * from './schema'
export {
  parseAssessmentFile,
  scoreAssessmentFile,
  resolveFile,
  formatIssue,
  type AssessmentFileV1,
  type ParseResult,
} from './parse'
