export type * from './types'
export { scoreAssessment, questionMilli, countScenes } from './score-assessment'
export { validateAnswer } from './validate-answer'
export { toMilli, fromMilli, formatMilli, formatPoints } from './points'
