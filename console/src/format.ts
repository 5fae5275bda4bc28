import { formatYuan } from '../../shared/domain/money'
import { ASSESSMENT_KIND_LABELS } from '../../shared/domain/assessment-file/schema'

export const LEVELS = ['无等级', '一级', '二级', '三级', '四级'] as const

export function levelText(level: number | null | undefined): string {
  return level === null || level === undefined ? '—' : (LEVELS[level] ?? String(level))
}

export function yuan(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `${formatYuan(fen)} 元`
}

export function kindText(kind: string): string {
  return ASSESSMENT_KIND_LABELS[kind as keyof typeof ASSESSMENT_KIND_LABELS] ?? kind
}

/** ISO instant → Beijing time 2025-03-17 10:02 */
export function bj(iso: string | null | undefined): string {
  if (!iso) return '—'
  const t = Date.parse(iso)
  if (!Number.isFinite(t)) return iso
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

export const ZJTX: Record<string, string> = {
  none: '无',
  innovative: '创新型中小企业',
  provincial: '省级专精特新',
  little_giant: '国家级“小巨人”',
}
