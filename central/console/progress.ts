/** progress.get and budget.get: pilot progress against the plan, subsidy commitments vs budget. */
import type { ConsoleOutput } from '../../shared/console/api'
import { formatBasisPoints, formatYuan } from '../../shared/domain/money'
import { batchBudgetView, type EnterpriseEstimate } from '../../shared/domain/dossier/subsidy'
import { groupCounts, groupsBy, targetProgress } from '../../shared/domain/pilot/progress'
import { HEBI_2024_PLAN } from '../../shared/domain/pilot/targets'
import { estimateSubsidy } from '../../shared/domain/subsidy/estimate-subsidy'
import { HEBI_2024 } from '../../shared/domain/subsidy/policy-profiles'
import type { CentralContext } from '../ingest'
import { currentHeads, enterpriseStates, type EnterpriseState } from './state'

export async function progressView(ctx: CentralContext): Promise<ConsoleOutput<'progress.get'>> {
  const heads = await currentHeads(ctx.db)
  const all = enterpriseStates(heads)
  const bundles = await ctx.db
    .selectFrom('bundles')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'accepted')
    .executeTakeFirstOrThrow()
  return {
    planTitle: HEBI_2024_PLAN.title,
    dataAt: ctx.now().toISOString(),
    bundles: Number(bundles.n),
    records: heads.length,
    targets: targetProgress(HEBI_2024_PLAN, all),
    total: groupCounts('合计', all),
    byCounty: groupsBy(all, 'county'),
    byIndustry: groupsBy(all, 'industry'),
    byBatch: groupsBy(all, 'batch'),
    byProvider: groupsBy(all, 'provider'),
  }
}

export interface Commitment {
  e: EnterpriseState
  investmentFen: number | null
  diagnosisFen: number
  retrofitFen: number
  problem: string | null
}

/**
 * The subsidy each enterprise with an accepted acceptance can claim under Hebi-2024 (the shared
 * estimateSubsidy): batch + acceptance level + the eligible investment of the acceptance's dossier.
 */
export function commitmentOf(e: EnterpriseState): Commitment | null {
  const a = e.acceptance
  if (!a) return null
  if (e.batch === null)
    return {
      e,
      investmentFen: null,
      diagnosisFen: 0,
      retrofitFen: 0,
      problem: '未填试点批次，无法计算',
    }
  const investment = a.dossier_eligible_fen
  const est = estimateSubsidy(HEBI_2024, {
    batch: e.batch,
    level: Math.max(0, Math.min(4, a.level)) as 0 | 1 | 2 | 3 | 4,
    investmentFen: investment ?? 0,
  })
  return {
    e,
    investmentFen: investment,
    diagnosisFen: est.diagnosisFen,
    retrofitFen: est.retrofitFen,
    problem: investment === null ? '验收结果未附投入清单，改造补助按 0 元计' : null,
  }
}

export async function budgetView(
  ctx: CentralContext,
  batch?: 1 | 2 | 3,
): Promise<ConsoleOutput<'budget.get'>> {
  const all = enterpriseStates(await currentHeads(ctx.db))
  const commitments = all
    .map(commitmentOf)
    .filter((c): c is Commitment => c !== null)
    .filter((c) => batch === undefined || c.e.batch === batch)
    .sort(
      (a, b) => (a.e.batch ?? 9) - (b.e.batch ?? 9) || a.e.name.localeCompare(b.e.name, 'zh-CN'),
    )
  const estimates: EnterpriseEstimate[] = commitments.map((c) => ({
    enterpriseId: c.e.key,
    name: c.e.name,
    ...(c.e.batch ? { batch: c.e.batch } : {}),
    ...(c.e.acceptanceLevel !== null
      ? { level: Math.max(0, Math.min(4, c.e.acceptanceLevel)) as 0 | 1 | 2 | 3 | 4 }
      : {}),
    diagnosisFen: c.diagnosisFen,
    retrofitFen: c.retrofitFen,
  }))
  const v = batchBudgetView(estimates)
  // central holds no actual diagnosis costs: money only from facts (issue 11 item 5)
  const pendingDiagnoses = commitments.filter((c) => c.e.batch !== null).length
  const sources: Record<string, string> = Object.fromEntries(
    HEBI_2024.budgetLines.map((l) => [l.id, `${l.source}：${l.text}`]),
  )
  const ruleText = (b: 1 | 2 | 3): string => {
    const r = HEBI_2024.retrofit.find((x) => x.batch === b)
    const l4 = HEBI_2024.retrofit.find((x) => x.levels.includes(4))
    return r
      ? `二级/三级：不超过实际投入 ${formatBasisPoints(r.rateBp)}，最高 ${formatYuan(r.capFen)} 元${l4 ? `；四级：${formatBasisPoints(l4.rateBp)}，最高 ${formatYuan(l4.capFen)} 元` : ''}`
      : ''
  }
  return {
    policyTitle: HEBI_2024.title,
    notes: [...HEBI_2024.notes],
    lines: v.lines.map((l) => ({
      id: l.id,
      title: l.title,
      estimatedFen: l.estimatedFen,
      capFen: l.capFen,
      remainingFen: l.remainingFen,
      over: l.over,
      message:
        l.id === 'diagnosis' && pendingDiagnoses > 0
          ? `${l.message}；${pendingDiagnoses} 家的咨询诊断补助待核定（未提供实际诊断费用，不计入）`
          : l.message,
      source: l.id === 'diagnosis' ? (sources['hebi-2024/diagnosis-total'] ?? '') : '',
    })),
    byBatch: ([1, 2, 3] as const)
      .filter((b) => batch === undefined || b === batch)
      .map((b) => ({
        batch: `第${b}批`,
        enterprises: v.byBatch[b].count,
        diagnosisFen: v.byBatch[b].diagnosisFen,
        retrofitFen: v.byBatch[b].retrofitFen,
        totalFen: v.byBatch[b].totalFen,
        rule: ruleText(b),
      })),
    rows: commitments.map((c) => ({
      key: c.e.key,
      name: c.e.name,
      batch: c.e.batch,
      level: c.e.acceptanceLevel,
      investmentFen: c.investmentFen,
      diagnosisFen: c.diagnosisFen,
      retrofitFen: c.retrofitFen,
      problem: c.problem,
    })),
    anyOver: v.anyOver,
  }
}
