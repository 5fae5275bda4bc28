/**
 * Subsidy policy profiles: versioned data. `Hebi-2024` is the Hebi city pilot plan
 * (鹤壁市中小企业数字化转型城市试点实施方案, seed/hebi-pilot-plan.txt §18–19).
 */
import type { OverallLevel } from '../scoring/types'
import { yuan } from '../money'

export interface DiagnosisRule {
  ruleId: string
  /** Lowest overall level that qualifies. */
  minLevel: OverallLevel
  /** Per-enterprise cap in fen. */
  capFen: number
  source: string
  /** Verbatim clause. */
  text: string
}

export interface RetrofitRule {
  ruleId: string
  /** Human name of the rule, used in the explanation. */
  name: string
  /** Overall levels (after retrofit) the rule applies to. */
  levels: OverallLevel[]
  /** Pilot batch the rule applies to; null = any batch. */
  batch: 1 | 2 | 3 | null
  /** Maximum share of the actual investment, in basis points (5000 = 50 %). */
  rateBp: number
  capFen: number
  source: string
  text: string
  /** Where the rule is our reading rather than the plan's words. */
  interpretation?: string
  /** The levels the interpretation is about (its footnote is printed only there). */
  interpretationLevels?: OverallLevel[]
}

export interface BudgetLine {
  id: string
  capFen: number
  source: string
  text: string
}

export interface PolicyProfile {
  id: string
  title: string
  source: string
  version: string
  diagnosis: DiagnosisRule
  /** Checked in order; the first rule matching level and batch applies. */
  retrofit: RetrofitRule[]
  budgetLines: BudgetLine[]
  notes: string[]
}

const CLAUSE_19 =
  '对改造后数字化水平达到二级的试点企业进行补助。其中，第一批试点企业补助比例不超过企业实际投入资金的50%，最高奖补不超过50万元；第二批试点企业补助比例不超过企业实际投入资金的40%，最高奖补不超过40万元；第三批试点企业补助比例不超过企业实际投入资金的35%，最高奖补不超过30万元。对改造后数字化水平达到四级的试点企业进行补助，补助比例不超过企业实际投入资金的50%，最高奖补不超过120万元。'
const LEVEL3_READING =
  '方案只规定“达到二级”和“达到四级”两档，未单列三级；因试点目标为“改造企业数字化水平达二级及以上”，本配置将三级按二级标准（分批次比例与封顶）计算。此为配置解释，非方案原文。'

export const HEBI_2024: PolicyProfile = {
  id: 'Hebi-2024',
  title: '鹤壁市中小企业数字化转型城市试点补助（估算）',
  source: '鹤壁市中小企业数字化转型城市试点实施方案 第18–19条',
  version: '1',
  diagnosis: {
    ruleId: 'hebi-2024/diagnosis',
    minLevel: 2,
    capFen: yuan(5_000),
    source: '第18条',
    text: '对完成改造任务并达到数字化水平二级及以上的试点企业进行咨询诊断补助，总补助金额不超过200万元，其中，每家企业咨询诊断补助金额不超过5000元。',
  },
  retrofit: [
    {
      ruleId: 'hebi-2024/retrofit-l4',
      name: '四级试点企业改造补助',
      levels: [4],
      batch: null,
      rateBp: 5000,
      capFen: yuan(1_200_000),
      source: '第19条',
      text: CLAUSE_19,
    },
    ...(
      [
        [1, '第一批', 5000, 500_000],
        [2, '第二批', 4000, 400_000],
        [3, '第三批', 3500, 300_000],
      ] as const
    ).map(([batch, batchName, rateBp, capYuan]): RetrofitRule => ({
      ruleId: `hebi-2024/retrofit-l2-batch${batch}`,
      name: `${batchName}试点企业改造补助`,
      levels: [2, 3],
      batch,
      rateBp,
      capFen: yuan(capYuan),
      source: '第19条',
      text: CLAUSE_19,
      interpretation: LEVEL3_READING,
      interpretationLevels: [3],
    })),
  ],
  budgetLines: [
    {
      id: 'hebi-2024/diagnosis-total',
      capFen: yuan(2_000_000),
      source: '第18条',
      text: '咨询诊断补助总金额不超过200万元（全市合计，非单个企业）',
    },
  ],
  notes: [
    '估算按“不超过”的上限计算，实际金额以验收评价与资金兑现结果为准。',
    '咨询诊断补助以“完成改造任务”为前提；此处的等级为改造后的数字化水平等级。',
  ],
}

export const POLICY_PROFILES: readonly PolicyProfile[] = [HEBI_2024]

export function getPolicyProfile(id: string): PolicyProfile | undefined {
  return POLICY_PROFILES.find((p) => p.id === id)
}
