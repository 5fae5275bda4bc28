/**
 * The subsidy the dossier supports (issue 8): the actual eligible investment from the ledger,
 * fed into the policy's `estimateSubsidy` (never re-implemented here), with every rule applied
 * and every cap hit as steps; and the batch-wide view of estimates against the plan's budget
 * lines (e.g. diagnosis subsidies ≤ 2,000,000 yuan in all, plan §18). Integer fen throughout.
 */
import { fail } from '../../contract/errors'
import { formatYuan } from '../money'
import type { OverallLevel } from '../scoring/types'
import { estimateSubsidy } from '../subsidy/estimate-subsidy'
import { HEBI_2024, type PolicyProfile } from '../subsidy/policy-profiles'
import type { SubsidyEstimate, SubsidyStep } from '../subsidy/estimate-subsidy'
import { ledgerTotals } from './ledger'
import { HEBI_2024_DOSSIER_TEMPLATE } from './template'
import type { DossierTemplate, LedgerCategory, LedgerRow, LedgerTotals } from './types'
import { LEDGER_CATEGORIES } from './types'

export interface DossierSubsidyInput {
  batch: 1 | 2 | 3
  /** The consolidated acceptance level (after the retrofit). */
  level: OverallLevel
  ledger: readonly LedgerRow[]
  /** Actual diagnosis cost in fen; without it the policy assumes its cap. */
  diagnosisCostFen?: number
}

/** A step of the computation: the investment line from the ledger, then the policy's rules. */
export interface DossierSubsidyStep extends SubsidyStep {
  kind: 'investment' | 'subsidy'
}

export interface DossierSubsidy {
  policyId: string
  templateId: string
  templateVersion: string
  batch: 1 | 2 | 3
  level: OverallLevel
  /** = totals.eligibleFen, the 实际投入 the retrofit subsidy is a share of. */
  investmentFen: number
  totals: LedgerTotals
  estimate: SubsidyEstimate
  diagnosisFen: number
  retrofitFen: number
  totalFen: number
  steps: DossierSubsidyStep[]
  /** Ids of the rules whose cap limited the amount. */
  capsHit: string[]
  /** Chinese warnings, e.g. eligible rows still without invoice or payment evidence. */
  warnings: string[]
}

function investmentText(t: LedgerTotals): string {
  const part = (ids: LedgerCategory[]) =>
    ids
      .filter((id) => t.byCategory[id].count > 0)
      .map((id) => `${t.byCategory[id].label} ${formatYuan(t.byCategory[id].amountFen)} 元`)
  const eligible = LEDGER_CATEGORIES.filter((id) => t.byCategory[id].eligible)
  const ineligible = LEDGER_CATEGORIES.filter((id) => !t.byCategory[id].eligible)
  const inc = part(eligible)
  const exc = part(ineligible)
  return (
    `实际投入（可补助支出，实施方案第17条）：${inc.length ? inc.join(' + ') : '无'} = ${formatYuan(t.eligibleFen)} 元` +
    (exc.length ? `；不计入：${exc.join('、')}，合计 ${formatYuan(t.ineligibleFen)} 元` : '')
  )
}

/**
 * The subsidy estimate from the ledger, batch and level. Throws a VALIDATION AppException naming
 * the field for a bad batch, level or diagnosis cost, or naming row and field for a bad ledger.
 */
export function dossierSubsidy(
  policy: PolicyProfile,
  input: DossierSubsidyInput,
  template: DossierTemplate = HEBI_2024_DOSSIER_TEMPLATE,
): DossierSubsidy {
  if (template.policyId !== policy.id)
    throw fail.validation(
      `档案模板 ${template.id} 对应补助政策 ${template.policyId}，与 ${policy.id} 不符`,
      'policy',
    )
  if (input.batch !== 1 && input.batch !== 2 && input.batch !== 3)
    throw fail.validation(`试点批次须为 1、2 或 3，实际为 ${String(input.batch)}`, 'batch')
  if (!Number.isInteger(input.level) || input.level < 0 || input.level > 4)
    throw fail.validation(`数字化水平等级须为 0–4 的整数，实际为 ${String(input.level)}`, 'level')
  const d = input.diagnosisCostFen
  if (d !== undefined && (!Number.isSafeInteger(d) || d < 0))
    throw fail.validation(
      `诊断费用须为不小于 0 的整数（单位：分），实际为 ${String(d)}`,
      'diagnosisCostFen',
    )

  const totals = ledgerTotals(input.ledger, template)
  const estimate = estimateSubsidy(policy, {
    batch: input.batch,
    level: input.level,
    investmentFen: totals.eligibleFen,
    ...(d === undefined ? {} : { diagnosisCostFen: d }),
  })
  const steps: DossierSubsidyStep[] = [
    {
      kind: 'investment',
      ruleId: `${template.id}/eligible-investment`,
      text: investmentText(totals),
      amountFen: totals.eligibleFen,
      capHit: false,
    },
    ...estimate.steps.map((s) => ({ ...s, kind: 'subsidy' as const })),
  ]
  const warnings: string[] = []
  if (totals.unevidenced.rows.length > 0)
    warnings.push(
      `投入清单第 ${totals.unevidenced.rows.join('、')} 行可补助支出尚缺发票或付款凭证附件（合计 ${formatYuan(totals.unevidenced.amountFen)} 元），验收前须补齐`,
    )
  if (totals.rowCount === 0) warnings.push('投入清单为空，实际投入按 0 元计算')
  return {
    policyId: policy.id,
    templateId: template.id,
    templateVersion: template.version,
    batch: input.batch,
    level: input.level,
    investmentFen: totals.eligibleFen,
    totals,
    estimate,
    diagnosisFen: estimate.diagnosisFen,
    retrofitFen: estimate.retrofitFen,
    totalFen: estimate.totalFen,
    steps,
    capsHit: estimate.steps.filter((s) => s.capHit).map((s) => s.ruleId),
    warnings,
  }
}

/** City-wide budget lines the batch view compares against; each is optional. */
export interface BatchBudget {
  /** All diagnosis subsidies together (plan §18: ≤ 2,000,000 yuan). */
  diagnosisTotalCapFen?: number
  /** All retrofit subsidies together, when the city sets one. */
  retrofitTotalCapFen?: number
  /** Diagnosis + retrofit together, when the city sets one. */
  totalCapFen?: number
}

/** Hebi 2024: the diagnosis budget line of the policy profile (§18). */
export const HEBI_2024_BUDGET: BatchBudget = {
  diagnosisTotalCapFen: HEBI_2024.budgetLines.find((l) => l.id === 'hebi-2024/diagnosis-total')
    ?.capFen,
}

/** One enterprise's estimate, e.g. a `DossierSubsidy` or a `SubsidyEstimate` plus its id. */
export interface EnterpriseEstimate {
  enterpriseId: string
  name?: string
  batch?: 1 | 2 | 3
  level?: OverallLevel
  diagnosisFen: number
  retrofitFen: number
}

export interface BudgetLineView {
  id: 'diagnosis' | 'retrofit' | 'total'
  title: string
  estimatedFen: number
  capFen: number
  /** cap − estimated, ≥ 0 */
  remainingFen: number
  over: boolean
  /** estimated − cap when over, else 0 */
  overByFen: number
  /** Chinese, e.g. 「咨询诊断补助合计 1,900,000 元，预算 2,000,000 元，剩余 100,000 元」 */
  message: string
}

export interface BatchTotals {
  count: number
  diagnosisFen: number
  retrofitFen: number
  totalFen: number
}

export interface BatchBudgetView {
  enterprises: number
  diagnosisFen: number
  retrofitFen: number
  totalFen: number
  /** Per pilot batch; 'unknown' for estimates without a batch. */
  byBatch: Record<'1' | '2' | '3' | 'unknown', BatchTotals>
  /** Per level reached (0–4), counting enterprises. */
  byLevel: Record<'0' | '1' | '2' | '3' | '4' | 'unknown', number>
  lines: BudgetLineView[]
  anyOver: boolean
}

const LINE_TITLES = {
  diagnosis: '咨询诊断补助合计',
  retrofit: '数字化改造补助合计',
  total: '补助总计',
} as const

/**
 * Sums the estimates of a whole pilot and compares them with the budget lines. Throws a
 * VALIDATION AppException for an amount that is not a non-negative whole number of fen, a
 * duplicate enterprise, or a bad budget cap.
 */
export function batchBudgetView(
  estimates: readonly EnterpriseEstimate[],
  budget: BatchBudget = HEBI_2024_BUDGET,
): BatchBudgetView {
  const empty = (): BatchTotals => ({ count: 0, diagnosisFen: 0, retrofitFen: 0, totalFen: 0 })
  const byBatch: BatchBudgetView['byBatch'] = {
    1: empty(),
    2: empty(),
    3: empty(),
    unknown: empty(),
  }
  const byLevel: BatchBudgetView['byLevel'] = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0, unknown: 0 }
  const seen = new Set<string>()
  let diagnosisFen = 0
  let retrofitFen = 0
  const add = (a: number, b: number) => {
    const s = a + b
    if (!Number.isSafeInteger(s)) throw fail.validation('补助合计超出可计算范围', 'estimates')
    return s
  }
  estimates.forEach((e, i) => {
    if (typeof e.enterpriseId !== 'string' || e.enterpriseId === '')
      throw fail.validation(`第 ${i + 1} 条估算缺少企业标识`, `estimates.${i}.enterpriseId`)
    if (seen.has(e.enterpriseId))
      throw fail.validation(`企业 ${e.enterpriseId} 的估算重复出现`, `estimates.${i}.enterpriseId`)
    seen.add(e.enterpriseId)
    for (const f of ['diagnosisFen', 'retrofitFen'] as const)
      if (!Number.isSafeInteger(e[f]) || e[f] < 0)
        throw fail.validation(
          `企业 ${e.enterpriseId} 的${f === 'diagnosisFen' ? '咨询诊断补助' : '改造补助'}须为不小于 0 的整数（单位：分），实际为 ${String(e[f])}`,
          `estimates.${i}.${f}`,
        )
    const b = byBatch[e.batch === 1 || e.batch === 2 || e.batch === 3 ? e.batch : 'unknown']
    b.count++
    b.diagnosisFen = add(b.diagnosisFen, e.diagnosisFen)
    b.retrofitFen = add(b.retrofitFen, e.retrofitFen)
    b.totalFen = add(b.diagnosisFen, b.retrofitFen)
    const lv = e.level
    byLevel[lv === 0 || lv === 1 || lv === 2 || lv === 3 || lv === 4 ? lv : 'unknown']++
    diagnosisFen = add(diagnosisFen, e.diagnosisFen)
    retrofitFen = add(retrofitFen, e.retrofitFen)
  })
  const totalFen = add(diagnosisFen, retrofitFen)
  const lines: BudgetLineView[] = []
  const line = (id: BudgetLineView['id'], estimatedFen: number, capFen: number | undefined) => {
    if (capFen === undefined) return
    const field = `${id}${id === 'total' ? 'CapFen' : 'TotalCapFen'}`
    if (!Number.isSafeInteger(capFen) || capFen < 0)
      throw fail.validation(
        `预算上限须为不小于 0 的整数（单位：分），实际为 ${String(capFen)}`,
        `budget.${field}`,
      )
    const over = estimatedFen > capFen
    const title = LINE_TITLES[id]
    lines.push({
      id,
      title,
      estimatedFen,
      capFen,
      remainingFen: over ? 0 : capFen - estimatedFen,
      over,
      overByFen: over ? estimatedFen - capFen : 0,
      message: over
        ? `${title} ${formatYuan(estimatedFen)} 元，超出预算 ${formatYuan(capFen)} 元共 ${formatYuan(estimatedFen - capFen)} 元`
        : `${title} ${formatYuan(estimatedFen)} 元，预算 ${formatYuan(capFen)} 元，剩余 ${formatYuan(capFen - estimatedFen)} 元`,
    })
  }
  line('diagnosis', diagnosisFen, budget.diagnosisTotalCapFen)
  line('retrofit', retrofitFen, budget.retrofitTotalCapFen)
  line('total', totalFen, budget.totalCapFen)
  return {
    enterprises: estimates.length,
    diagnosisFen,
    retrofitFen,
    totalFen,
    byBatch,
    byLevel,
    lines,
    anyOver: lines.some((l) => l.over),
  }
}
