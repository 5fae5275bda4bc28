/**
 * Test fixtures for the panel tests (imported by *.test.ts only): a three-expert panel and a
 * complete scoring that reaches 二级 under MIIT-2024-default (43.55 points; SC01, SC02, SC03,
 * SC05, SC06, SC07 at 二级 of which SC01, SC03, SC06, SC07 约束性).
 */
import type { Answers, SceneJudgements } from '../scoring/types'
import type { ExpertScoring, PanelReview } from './types'

export const PANEL: PanelReview = {
  lead: { keyId: 'k-lead', name: '赵组长', agency: '鹤壁市中小企业服务中心' },
  experts: [
    { keyId: 'k-a', name: '张三', agency: '河南省工业信息化研究院' },
    { keyId: 'k-b', name: '李四', agency: '鹤壁职业技术学院' },
    { keyId: 'k-c', name: '王五', agency: '某评测服务商' },
  ],
}

export const BASE_ANSWERS: Answers = {
  Q01: ['B', 'C'],
  Q02: 'C',
  Q03: 'C',
  Q04: ['B', 'G', 'H', 'I'],
  Q05: 'C',
  Q06: ['B', 'C'],
  Q07: ['B'],
  Q08: 'C',
  Q09: ['B', 'C'],
  Q10: ['B'],
  Q11: 'C',
  Q12: 'B',
  Q13: 'B',
  Q14: 'B',
  Q15: 'B',
}

export const BASE_SCENES: SceneJudgements = {
  SC01: 2,
  SC02: 2,
  SC03: 2,
  SC04: 1,
  SC05: 2,
  SC06: 2,
  SC07: 2,
  SC08: 1,
  SC09: 1,
  SC10: 1,
  SC11: 1,
  SC12: 1,
  SC13: 1,
  SC14: 1,
  SC15: 1,
  SC16: 1,
}

export function scoring(
  expertKeyId: string,
  answers: Partial<Answers> = {},
  scenes: Partial<SceneJudgements> = {},
): ExpertScoring {
  const a: Answers = { ...BASE_ANSWERS }
  for (const [k, v] of Object.entries(answers))
    if (v === undefined) delete a[k]
    else a[k] = v
  const s: SceneJudgements = { ...BASE_SCENES }
  for (const [k, v] of Object.entries(scenes))
    if (v === undefined) delete s[k]
    else s[k] = v
  return { expertKeyId, answers: a, scenes: s }
}

/** A panel of n experts k1…kn. */
export function panelOf(n: number): PanelReview {
  return {
    lead: { keyId: 'k-lead', name: '组长', agency: '鹤壁市' },
    experts: Array.from({ length: n }, (_, i) => ({
      keyId: `k${i + 1}`,
      name: `专家${i + 1}`,
      agency: `机构${i + 1}`,
    })),
  }
}
