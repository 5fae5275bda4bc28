/**
 * Rule profiles: the level thresholds and the 约束性 scene set, as versioned data (design.md §4).
 * A pilot city may configure its own per 细分行业; each profile names the catalogue it is for.
 */
import type { OverallLevel, RuleProfile } from '../scoring/types'

const LADDER_2024: RuleProfile['rules'] = [
  { level: 4, minScore: 80, minScenes: 10, minConstrainedScenes: 6 },
  { level: 3, minScore: 60, minScenes: 8, minConstrainedScenes: 5 },
  { level: 2, minScore: 40, minScenes: 6, minConstrainedScenes: 3 },
  { level: 1, minScore: 20, minScenes: 6, minConstrainedScenes: 3 },
]

/**
 * design.md §4: 80/10/6, 60/8/5, 40/6/3, 20/6/3, checked from 四级 down; 约束性 = the 10 scenes
 * the platform flags sceneType=1 (S6; the third-party tool S7 flags the same 10). Where these
 * come from and what is still unverified is recorded in ../shared/reference/indicators-2024.md,
 * never in `title` or `note`: both are printed in reports and shown to assessors (issue 14).
 */
export const MIIT_2024_DEFAULT: RuleProfile = {
  id: 'MIIT-2024-default',
  catalogueId: 'MIIT-2024',
  title: '评测指标（2024年版）默认等级规则',
  version: '1',
  rules: LADDER_2024,
  constrainedScenes: [
    'SC01',
    'SC03',
    'SC06',
    'SC07',
    'SC08',
    'SC09',
    'SC10',
    'SC11',
    'SC12',
    'SC13',
  ],
  note:
    '某一级别需总分达到该级门槛，且不少于规定数量的场景（其中不少于规定数量的约束性场景）达到该级别及以上；' +
    '约束性场景共 10 个：产品设计、营销管理、生产管控、质量管理、设备管理、安全生产、能耗管理、采购管理、仓储物流、财务管理。',
  recheckTolerance: { maxTotalDeviation: 5 },
}

/**
 * Example of a per-industry variant: the same ladder with the 9-scene 约束性 set of source S9
 * (without SC12 仓储物流), e.g. for a 细分行业 with no warehouse of its own. The id keeps its
 * historical name (assessments name it); what users see is the title.
 */
export const MIIT_2024_S9: RuleProfile = {
  id: 'MIIT-2024-s9',
  catalogueId: 'MIIT-2024',
  title: '细分行业配置：9 个约束性场景（不含仓储物流）',
  version: '1',
  rules: LADDER_2024,
  constrainedScenes: ['SC01', 'SC03', 'SC06', 'SC07', 'SC08', 'SC09', 'SC10', 'SC11', 'SC13'],
  note: '适用于没有自有仓储的细分行业：约束性场景不含仓储物流，其余 9 个约束性场景和各级门槛与默认规则相同。',
  recheckTolerance: { maxTotalDeviation: 5 },
}

export const RULE_PROFILES: readonly RuleProfile[] = [MIIT_2024_DEFAULT, MIIT_2024_S9]

export const DEFAULT_RULE_PROFILE_ID = MIIT_2024_DEFAULT.id

export function getRuleProfile(id: string): RuleProfile | undefined {
  return RULE_PROFILES.find((p) => p.id === id)
}

const LEVEL_NAMES = ['无等级', '一级', '二级', '三级', '四级'] as const

/** 0 → 无等级, 1 → 一级 … 4 → 四级. */
export function levelName(level: OverallLevel): string {
  return LEVEL_NAMES[level]
}
