/** Display names for the enterprise enums (the ids are the contract's). */
import {
  ENTERPRISE_SIZES,
  PILOT_INDUSTRIES,
  ZJTX_STATUSES,
  type AssessmentKind,
  type AssessmentStatus,
} from '../../../../shared/contract'
import { useLocale } from '../../i18n/locale.store'

export const industryName = (id: string): string =>
  PILOT_INDUSTRIES.find((i) => i.id === id)?.name ?? id
export const zjtxName = (id: string): string => ZJTX_STATUSES.find((i) => i.id === id)?.name ?? id
export const sizeName = (id: string): string =>
  ENTERPRISE_SIZES.find((i) => i.id === id)?.name ?? id

export const KIND_NAMES: Record<AssessmentKind, string> = {
  diagnosis: '诊断评测',
  acceptance: '验收评价',
  recheck: '复核',
}
export const STATUS_NAMES: Record<AssessmentStatus, string> = {
  draft: '评测中',
  completed: '已完成',
  signed: '已签名',
}
export const KIND_NAMES_EN: Record<AssessmentKind, string> = {
  diagnosis: 'Diagnosis',
  acceptance: 'Acceptance',
  recheck: 'Re-check',
}
export const STATUS_NAMES_EN: Record<AssessmentStatus, string> = {
  draft: 'In progress',
  completed: 'Completed',
  signed: 'Signed',
}
/** Kind and status names in the current UI language (the tags switch with the header button). */
export function useAssessmentLabels(): {
  kind(k: AssessmentKind): string
  status(s: AssessmentStatus): string
} {
  const en = useLocale((s) => s.locale) === 'en'
  return {
    kind: (k) => (en ? KIND_NAMES_EN : KIND_NAMES)[k],
    status: (s) => (en ? STATUS_NAMES_EN : STATUS_NAMES)[s],
  }
}
export const STATUS_COLORS: Record<AssessmentStatus, string> = {
  draft: 'processing',
  completed: 'success',
  signed: 'purple',
}
export const LEVEL_COLORS = ['default', 'orange', 'gold', 'green', 'blue'] as const
