/**
 * The pilot plan's targets as data (seed/hebi-pilot-plan.txt, 一、总体目标). Each target names
 * the measure the console computes for it; a target without a data source yet has measure null
 * and is shown as 「暂无数据来源」 rather than as a number.
 */
export const PILOT_MEASURES = [
  /** Enterprises with at least one accepted signed result (开展数字化改造). */
  'enterprises',
  /** Accepted at 二级 or above, over all enterprises with an acceptance (达二级及以上). */
  'acceptedAtLeast2Share',
  /** 专精特新 enterprises (provincial or 小巨人) of the pilot industries with an acceptance, over all with a result. */
  'zjtxCoverage',
  /** Enterprises whose acceptance level is 四级. */
  'level4',
] as const
export type PilotMeasure = (typeof PILOT_MEASURES)[number]

export interface PilotTarget {
  id: string
  title: string
  /** The plan's words. */
  clause: string
  target: number
  unit: '家' | '%'
  measure: PilotMeasure | null
  /** Why the measure is what it is, or why there is none. */
  note: string
}

export interface PilotPlan {
  id: string
  title: string
  source: string
  /** 试点行业 */
  industries: readonly string[]
  targets: readonly PilotTarget[]
}

export const HEBI_2024_PLAN: PilotPlan = {
  id: 'Hebi-2024-plan',
  title: '鹤壁市中小企业数字化转型城市试点工作方案',
  source: '一、总体目标',
  industries: ['智能电器电子信息制造', '新材料制品制造', '绿色食品加工制造'],
  targets: [
    {
      id: 'transformed',
      title: '开展数字化改造的中小企业',
      clause: '推动不少于600家中小企业开展数字化改造',
      target: 600,
      unit: '家',
      measure: 'enterprises',
      note: '计入已有经签名并被接收的评测结果（诊断或验收）的企业',
    },
    {
      id: 'at-least-level-2',
      title: '改造企业数字化水平达二级及以上',
      clause: '改造企业数字化水平达二级及以上',
      target: 100,
      unit: '%',
      measure: 'acceptedAtLeast2Share',
      note: '验收评价达二级及以上的企业 ÷ 已验收企业',
    },
    {
      id: 'zjtx-coverage',
      title: '试点行业专精特新中小企业全覆盖',
      clause: '实现试点行业专精特新中小企业100%全覆盖',
      target: 100,
      unit: '%',
      measure: 'zjtxCoverage',
      note: '试点行业中省级专精特新及国家级“小巨人”企业：已完成验收评价 ÷ 已有评测结果（本系统尚无全市专精特新名录，分母为已评测的此类企业）',
    },
    {
      id: 'level-4',
      title: '数字化水平四级企业',
      clause: '数字化水平四级企业30家',
      target: 30,
      unit: '家',
      measure: 'level4',
      note: '验收评价为四级的企业',
    },
    {
      id: 'smart-factories',
      title: '数字化车间及智能工厂',
      clause: '打造数字化车间及智能工厂40家',
      target: 40,
      unit: '家',
      measure: null,
      note: '评测结果不含数字化车间/智能工厂认定，暂无数据来源',
    },
  ],
}
