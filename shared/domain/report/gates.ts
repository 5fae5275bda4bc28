/**
 * What a report may claim (issue 11 items 2–4): formal or draft, dates that cannot lie, the
 * report kind that follows the assessment kind. Every refusal begins with the input field it is
 * about ('issuedOn: …', 'assessedOn: …', 'kind: …', 'before…: …') so callers can name their flag or
 * request field. Pure.
 */
import { ReportInputError } from './errors'
import type { AssessmentFileV1 } from '../assessment-file'
import type { AssessmentResult } from '../scoring/types'
import { isIsoDate } from './common'
import type { ReportKindName } from './report-data'

const KIND_NAMES: Record<ReportKindName, string> = {
  diagnosis: '诊断报告',
  acceptance: '验收评价',
  recheck: '复核报告',
}
const FILE_KIND_NAMES = { diagnosis: '诊断评测', acceptance: '验收评测', recheck: '复核' } as const

export interface Formality {
  formal: boolean
  /** Why it is a draft (Chinese, one line each); empty when formal. */
  reasons: string[]
}

/**
 * Formal only when the assessment is complete: `completed` (the app: status completed or signed;
 * a file: true), every question answered and scene judged, and an assessment date given; and
 * nothing else the report builder found missing (`more`, e.g. a diagnosis's 诊断建议 without
 * findings or plan, issue 13).
 */
export function formality(
  file: AssessmentFileV1,
  result: AssessmentResult,
  completed: boolean,
  more: readonly string[] = [],
): Formality {
  const reasons: string[] = []
  if (!completed) reasons.push('评测尚未完成（仍为草稿状态）')
  const open = [...result.unanswered.questions, ...result.unanswered.scenes]
  if (open.length) reasons.push(`尚有 ${open.length} 项未作答：${open.join('、')}`)
  if (!file.assessedOn) reasons.push('未填写评测日期')
  reasons.push(...more)
  return { formal: reasons.length === 0, reasons }
}

/** The report kind must be the assessment's kind. */
export function checkKind(kind: ReportKindName, file: AssessmentFileV1): void {
  if (file.kind !== kind)
    throw new ReportInputError(
      'kind',
      `kind: ${KIND_NAMES[kind]}只能由${FILE_KIND_NAMES[kind]}出具，该评测是${FILE_KIND_NAMES[file.kind]}（kind ${file.kind}）`,
    )
}

/**
 * 出具日期 between the assessment date and today (both inclusive); the assessment date not after
 * today. `today` is the caller's local date (kept out for determinism).
 */
export function checkDates(file: AssessmentFileV1, issuedOn: string, today: string): void {
  if (!isIsoDate(issuedOn))
    throw new ReportInputError('issuedOn', `issuedOn: must be YYYY-MM-DD, got '${issuedOn}'`)
  if (!isIsoDate(today))
    throw new ReportInputError('today', `today: must be YYYY-MM-DD, got '${today}'`)
  if (issuedOn > today)
    throw new ReportInputError(
      'issuedOn',
      `issuedOn: 出具日期 ${issuedOn} 晚于今天 ${today}，不能预填出具日期`,
    )
  const a = file.assessedOn
  if (a && a > today)
    throw new ReportInputError('assessedOn', `assessedOn: 评测日期 ${a} 晚于今天 ${today}`)
  if (a && issuedOn < a)
    throw new ReportInputError(
      'issuedOn',
      `issuedOn: 出具日期 ${issuedOn} 早于评测日期 ${a}，报告不能在评测之前出具`,
    )
}

/** Two files of one enterprise: both carry a USCC and it is the same. */
export function sameUscc(
  field: string,
  a: AssessmentFileV1,
  b: AssessmentFileV1,
  what: string,
): void {
  const x = a.enterprise.uscc
  const y = b.enterprise.uscc
  if (!x || !y)
    throw new ReportInputError(
      `${field}`,
      `${field}: ${what}须载明统一社会信用代码（enterprise.uscc）才能确认是同一企业`,
    )
  if (x !== y)
    throw new ReportInputError(
      `${field}`,
      `${field}: ${what}属于另一家企业（${a.enterprise.name} ${x}），本次评测是 ${b.enterprise.name} ${y}`,
    )
}
