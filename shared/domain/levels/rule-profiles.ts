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
 * the platform flags sceneType=1 (S6; the third-party tool S7 flags the same 10).
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
    '阈值与约束性场景集合来自第三方工具（S7、S10）与平台 sceneType=1（S6），官方评测指南原文未核对；' +
    '某一级别需总分达到阈值，且不少于规定数量的场景（其中不少于规定数量的约束性场景）达到该级别及以上。',
  recheckTolerance: { maxTotalDeviation: 5 },
}

/**
 * Example of a per-industry variant: the same ladder with the 9-scene 约束性 set of source S9
 * (without SC12 仓储物流), e.g. for a 细分行业 with no warehouse of its own.
 */
export const MIIT_2024_S9: RuleProfile = {
  id: 'MIIT-2024-s9',
  catalogueId: 'MIIT-2024',
  title: '示例配置：9 个约束性场景（不含仓储物流，来源 S9）',
  version: '1',
  rules: LADDER_2024,
  constrainedScenes: ['SC01', 'SC03', 'SC06', 'SC07', 'SC08', 'SC09', 'SC10', 'SC11', 'SC13'],
  note: '按细分行业配置的示例：约束性场景采用第三方来源 S9 的 9 个场景（不含 SC12 仓储物流），阈值同默认规则。',
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
