import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseAssessmentFile } from '../assessment-file'
import { MIIT_2024 } from '../catalogue'
import { MIIT_2024_DEFAULT } from '../levels/rule-profiles'
import { MIIT_2024_MEASURES } from './measures'
import { formatYuanRange, planText } from './plan-text'
import { planImprovement } from './planner'

const file = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'examples',
  'diagnosis-level1-qixian-shipin.json',
)
const parsed = parseAssessmentFile(readFileSync(file, 'utf8'))
if (!parsed.ok) throw new Error(parsed.error)
const a = parsed.value
const input = {
  pinned: MIIT_2024,
  profile: MIIT_2024_DEFAULT,
  library: MIIT_2024_MEASURES.library,
  answers: a.answers,
  scenes: a.scenes,
}

describe('planText', () => {
  it('formats ranges of 元', () => {
    expect(formatYuanRange({ min: 140000, max: 730000 })).toBe('140,000–730,000 元')
    expect(formatYuanRange({ min: 0, max: 0 })).toBe('0 元')
  })

  it('a reachable plan: before, after, totals, one block per step with its measures', () => {
    const plan = planImprovement({ ...input, target: 2 })
    const t = planText(plan, MIIT_2024.catalogue, { enterprise: a.enterprise.name })
    const lines = t.split('\n')
    expect(lines[0]).toBe('一企一策改造方案：淇县淇河源食品有限公司（虚构示例）')
    expect(t).toContain('现状：27.8 分，一级')
    expect(t).toMatch(
      /方案实施后：4\d(\.\d+)? 分，二级（按评分规则重新计分验证；去掉任一步骤都达不到二级）/,
    )
    expect(t).toContain(`改造步骤（共 ${plan.steps.length} 项）：`)
    expect(t).toContain('参考值，不构成报价')
    expect(t).toContain(
      'Q07 数据安全：「无」 → B（+1.25 分；工作量 2；参考费用 0–20,000 元；参考工期 1–3 周）',
    )
    expect(t).toMatch(/SC03 营销管理（约束性）：一级 → 二级/)
    for (const s of plan.steps) for (const m of s.measures) expect(t).toContain(m.title)
  })

  it('nothing to do, and unreachable with its reasons', () => {
    const met = planImprovement({ ...input, target: 1 })
    expect(planText(met, MIIT_2024.catalogue)).toContain('已达到一级，无需改造步骤。')
    const no = planImprovement({
      ...input,
      target: 2,
      exclude: MIIT_2024.catalogue.questions.map((q) => q.id),
    })
    const t = planText(no, MIIT_2024.catalogue)
    expect(t).toContain('按现有条件无法达到二级：')
    expect(t).toContain('  · 总分最多可达 27.8 分，二级需 40 分')
  })
})
