/**
 * An improvement plan as readable Chinese text (the CLI without --json, and the plan part of the
 * text the homogeneity guard compares). Figures from the measures library are marked 参考.
 */
import type { Catalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { formatYuan } from '../money'
import { formatPoints } from '../scoring/points'
import type { Product } from './products'
import type { ImprovementPlan, IntRange, PlanStep } from './types'

/** {min: 140000, max: 730000} → '140,000–730,000 元'. */
export function formatYuanRange(r: IntRange): string {
  return r.min === r.max
    ? `${formatYuan(r.min * 100)} 元`
    : `${formatYuan(r.min * 100)}–${formatYuan(r.max * 100)} 元`
}

function weeks(r: IntRange): string {
  return r.min === r.max ? `${r.min} 周` : `${r.min}–${r.max} 周`
}

/** How the value of an item reads: option keys, 「无」, 未作答, 一级 …. */
function valueText(c: Catalogue, step: PlanStep, v: PlanStep['before'] | undefined): string {
  if (v === null || v === undefined) return step.kind === 'scene' ? '未判定' : '未作答'
  if (typeof v === 'number') return v === 0 ? '未达一级' : levelName(v as 1)
  const keys = typeof v === 'string' ? [v] : v
  const q = c.questions.find((x) => x.id === step.item)
  return keys
    .map((k) => {
      const o = q?.options.find((x) => x.key === k)
      return o?.exclusive ? `「${o.text}」` : k
    })
    .join('、')
}

/** The item's name: 「Q07 数据安全」, 「SC03 营销管理（约束性）」. */
export function stepItemName(c: Catalogue, step: PlanStep): string {
  if (step.kind === 'scene') {
    const s = c.scenes.find((x) => x.id === step.item)
    return `${step.item} ${s?.name ?? ''}${step.constrained ? '（约束性）' : ''}`
  }
  const q = c.questions.find((x) => x.id === step.item)
  return `${step.item} ${q?.tertiary.name ?? ''}`
}

/** One line per step head: 「Q07 数据安全：「无」 → B（+1.25 分；工作量 2；参考费用 …；…）」 */
export function stepHeadline(c: Catalogue, step: PlanStep): string {
  const after = step.kind === 'scene' ? (step.level ?? null) : (step.answer ?? null)
  const parts = [
    ...(step.kind === 'question' ? [`+${formatPoints(step.gain)} 分`] : []),
    `工作量 ${step.effort}`,
    `参考费用 ${formatYuanRange(step.costYuan)}`,
    `参考工期 ${weeks(step.weeks)}`,
  ]
  return `${stepItemName(c, step)}：${valueText(c, step, step.before)} → ${valueText(c, step, after)}（${parts.join('；')}）`
}

export function planText(
  plan: ImprovementPlan,
  c: Catalogue,
  opts: { enterprise?: string; products?: (step: PlanStep) => Product[]; note?: string } = {},
): string {
  const L: string[] = []
  const target = levelName(plan.target)
  L.push(`一企一策改造方案${opts.enterprise ? `：${opts.enterprise}` : ''}`)
  L.push(
    `目标：${target}（等级规则 ${plan.ruleProfileId}）；措施库：${plan.measures.id}（第 ${plan.measures.version} 版，${plan.measures.hash.slice(0, 12)}…）`,
  )
  L.push(
    `现状：${formatPoints(plan.before.total)} 分，${levelName(plan.before.level)}${plan.provisional ? '（评测尚未完成，未作答的题目和未判定的场景按最低计）' : ''}`,
  )
  if (!plan.reachable) {
    L.push(`按现有条件无法达到${target}：`)
    for (const o of plan.obstacles) L.push(`  · ${o.text}`)
    if (plan.excluded.length) L.push(`  （不改动的项目：${plan.excluded.join('、')}）`)
    return L.join('\n') + '\n'
  }
  if (!plan.steps.length) {
    L.push(`已达到${target}，无需改造步骤。`)
    return L.join('\n') + '\n'
  }
  L.push(
    `方案实施后：${formatPoints(plan.after.total)} 分，${levelName(plan.after.level)}（按评分规则重新计分验证；去掉任一步骤都达不到${target}）`,
  )
  L.push(
    `工作量合计 ${plan.effort}；参考费用合计 ${formatYuanRange(plan.costYuan)}（参考值，不构成报价）`,
  )
  if (plan.excluded.length) L.push(`不改动的项目：${plan.excluded.join('、')}`)
  L.push('')
  L.push(`改造步骤（共 ${plan.steps.length} 项）：`)
  for (const [i, s] of plan.steps.entries()) {
    L.push(`${String(i + 1).padStart(2)}. ${stepHeadline(c, s)}`)
    for (const m of s.measures) {
      const reach = m.option !== undefined ? `选项 ${m.option}` : `${levelName(m.level ?? 1)}`
      L.push(`    · ${m.title}（${reach}）：${m.actions.join('；')}`)
      if (m.systems.length) L.push(`      典型系统：${m.systems.join('、')}`)
      L.push(`      需采集/留存：${m.data.join('、')}`)
    }
    const products = opts.products?.(s) ?? []
    if (products.length)
      L.push(
        `    推荐产品：${products
          .slice(0, 3)
          .map((p) => `${p.name}（${p.provider}，参考价 ${formatYuanRange(p.priceYuan)}）`)
          .join('；')}`,
      )
  }
  if (opts.note) {
    L.push('')
    L.push(`说明：${opts.note}`)
  }
  return L.join('\n') + '\n'
}
