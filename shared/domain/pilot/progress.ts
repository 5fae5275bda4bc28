/**
 * Pilot progress from the enterprises' current results (issue 16 §1): counts per group (county,
 * industry, batch, service provider) and each plan target's current value. Pure.
 */
import type { PilotMeasure, PilotPlan } from './targets'

export interface EnterpriseProgressState {
  key: string
  county: string | null
  industry: string | null
  batch: 1 | 2 | 3 | null
  /** 专精特新 status from the latest result (none / innovative / provincial / little_giant). */
  zjtx: string | null
  /** Service provider (the assessor's agency) of the latest result. */
  provider: string | null
  diagnosisLevel: number | null
  acceptanceLevel: number | null
}

export interface ProgressGroupCounts {
  name: string
  enterprises: number
  diagnosed: number
  accepted: number
  acceptedAtLeast2: number
  acceptedLevel4: number
  /** 专精特新 (provincial / 小巨人) among them */
  zjtx: number
  /** Enterprises by current level 0…4 (acceptance, else diagnosis). */
  currentLevels: [number, number, number, number, number]
}

export interface TargetProgress {
  id: string
  title: string
  clause: string
  target: number
  unit: '家' | '%'
  note: string
  /** null when the target has no data source */
  current: number | null
  /** e.g. 「312 / 600」 or 「45 / 50」 */
  basis: string
  /** 0…1 of the target; null without a value */
  ratio: number | null
  met: boolean | null
}

export const GROUP_NONE = {
  county: '（未填县区）',
  industry: '（未填行业）',
  batch: '（未填批次）',
  provider: '（未填服务商）',
} as const

export function isZjtx(zjtx: string | null): boolean {
  return zjtx === 'provincial' || zjtx === 'little_giant'
}

export function groupCounts(
  name: string,
  list: readonly EnterpriseProgressState[],
): ProgressGroupCounts {
  const g: ProgressGroupCounts = {
    name,
    enterprises: list.length,
    diagnosed: 0,
    accepted: 0,
    acceptedAtLeast2: 0,
    acceptedLevel4: 0,
    zjtx: 0,
    currentLevels: [0, 0, 0, 0, 0],
  }
  for (const e of list) {
    if (e.diagnosisLevel !== null) g.diagnosed++
    if (e.acceptanceLevel !== null) {
      g.accepted++
      if (e.acceptanceLevel >= 2) g.acceptedAtLeast2++
      if (e.acceptanceLevel === 4) g.acceptedLevel4++
    }
    if (isZjtx(e.zjtx)) g.zjtx++
    const cur = e.acceptanceLevel ?? e.diagnosisLevel ?? 0
    g.currentLevels[Math.max(0, Math.min(4, cur)) as 0 | 1 | 2 | 3 | 4]++
  }
  return g
}

export type GroupBy = 'county' | 'industry' | 'batch' | 'provider'

export function groupName(e: EnterpriseProgressState, by: GroupBy): string {
  if (by === 'batch') return e.batch === null ? GROUP_NONE.batch : `第${e.batch}批`
  return e[by] ?? GROUP_NONE[by]
}

export function groupsBy(
  all: readonly EnterpriseProgressState[],
  by: GroupBy,
): ProgressGroupCounts[] {
  const m = new Map<string, EnterpriseProgressState[]>()
  for (const e of all) {
    const k = groupName(e, by)
    const l = m.get(k)
    if (l) l.push(e)
    else m.set(k, [e])
  }
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'zh-CN'))
    .map(([k, l]) => groupCounts(k, l))
}

function measure(
  m: PilotMeasure,
  all: readonly EnterpriseProgressState[],
  plan: PilotPlan,
): { current: number; basis: string; of: number | null } {
  const g = groupCounts('', all)
  switch (m) {
    case 'enterprises':
      return { current: g.enterprises, basis: `${g.enterprises}`, of: null }
    case 'level4':
      return { current: g.acceptedLevel4, basis: `${g.acceptedLevel4}`, of: null }
    case 'acceptedAtLeast2Share':
      return {
        current: g.accepted ? (g.acceptedAtLeast2 / g.accepted) * 100 : 0,
        basis: `${g.acceptedAtLeast2} / ${g.accepted}`,
        of: g.accepted,
      }
    case 'zjtxCoverage': {
      const inPilot = all.filter(
        (e) => isZjtx(e.zjtx) && e.industry !== null && plan.industries.includes(e.industry),
      )
      const covered = inPilot.filter((e) => e.acceptanceLevel !== null).length
      return {
        current: inPilot.length ? (covered / inPilot.length) * 100 : 0,
        basis: `${covered} / ${inPilot.length}`,
        of: inPilot.length,
      }
    }
  }
}

/** Each target's value now. */
export function targetProgress(
  plan: PilotPlan,
  all: readonly EnterpriseProgressState[],
): TargetProgress[] {
  return plan.targets.map((t) => {
    const base = {
      id: t.id,
      title: t.title,
      clause: t.clause,
      target: t.target,
      unit: t.unit,
      note: t.note,
    }
    if (t.measure === null)
      return { ...base, current: null, basis: '暂无数据来源', ratio: null, met: null }
    const { current, basis, of } = measure(t.measure, all, plan)
    if (t.unit === '%' && of === 0)
      return { ...base, current: null, basis: '暂无可计算的企业', ratio: null, met: null }
    const ratio = t.target ? current / t.target : 1
    return {
      ...base,
      current: Math.round(current * 10) / 10,
      basis,
      ratio,
      met: current >= t.target,
    }
  })
}
