/** Display names for the enterprise enums (the ids are the contract's). */
import {
  ENTERPRISE_SIZES,
  PILOT_INDUSTRIES,
  ZJTX_STATUSES,
  type AssessmentKind,
  type AssessmentStatus,
} from '../../../../shared/contract'

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
/** Kind and status names (zh-CN). */
export function useAssessmentLabels(): {
  kind(k: AssessmentKind): string
  status(s: AssessmentStatus): string
} {
  return { kind: (k) => KIND_NAMES[k], status: (s) => STATUS_NAMES[s] }
}
export const STATUS_COLORS: Record<AssessmentStatus, string> = {
  draft: 'processing',
  completed: 'success',
  signed: 'purple',
}
export const LEVEL_COLORS = ['default', 'orange', 'gold', 'green', 'blue'] as const
