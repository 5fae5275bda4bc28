export type * from './types'
export {
  validatePanel,
  validateScorings,
  answerProblem,
  sceneLevelName,
  memberLabel,
  expertName,
  shortKeyId,
} from './validate'
export {
  findDivergences,
  divergencesFrom,
  questionDivergence,
  sceneDivergence,
  levelDivergence,
  answerKey,
  answerText,
} from './divergence'
export { consolidate, majorityForQuestion, medianForScene } from './consolidate'
export {
  diffAssessments,
  diffSummaryLines,
  type AssessmentDiff,
  type AssessmentSide,
  type QuestionChange,
  type SceneChange,
} from './diff'
export {
  panelRecord,
  verifyPanelRecord,
  scoringDigest,
  PANEL_RECORD_FORMAT_V1,
  type PanelRecord,
} from './record'
