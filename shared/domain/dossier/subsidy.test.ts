import { describe, expect, it } from 'vitest'
import { AppException } from '../../contract/errors'
import { HEBI_2024 } from '../subsidy'
import { batchBudgetView, dossierSubsidy, HEBI_2024_BUDGET } from './subsidy'
import { HEBI_2024_DOSSIER_TEMPLATE } from './template'
import { LEDGER } from './test-fixtures'
import type { LedgerCategory, LedgerRow } from './types'

const H = (c: string) => c.repeat(64)
const YUAN = 100

/** A ledger of rows (category, yuan), all with invoice and payment evidence. */
function ledger(...rows: [LedgerCategory, number][]): LedgerRow[] {
  return rows.map(([category, y], i) => ({
    invoiceNo: `INV-${i + 1}`,
    date: '2025-08-01',
    supplier: `供应商${i + 1}`,
    amountFen: y * YUAN,
    category,
    invoiceEvidence: H('a'),
    paymentEvidence: H('b'),
  }))
}

function thrown(fn: () => unknown): AppException {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppException)
    return e as AppException
  }
  throw new Error('expected an AppException')
}

describe('dossierSubsidy: retrofit caps by batch and level (plan §19)', () => {
  // [batch, level, eligible yuan, expected retrofit yuan, cap hit]
  const cases: [1 | 2 | 3, 2 | 3 | 4, number, number, boolean][] = [
    [1, 2, 800_000, 400_000, false], // 50 %
    [1, 2, 1_200_000, 500_000, true], // 600,000 → cap 500,000
    [2, 2, 800_000, 320_000, false], // 40 %
    [2, 2, 1_200_000, 400_000, true], // 480,000 → cap 400,000
    [3, 2, 800_000, 280_000, false], // 35 %
    [3, 2, 1_200_000, 300_000, true], // 420,000 → cap 300,000
    [2, 4, 2_000_000, 1_000_000, false], // 50 % at 四级, any batch
    [3, 4, 3_000_000, 1_200_000, true], // 1,500,000 → cap 1,200,000
    [1, 3, 800_000, 400_000, false], // 三级 by the 二级 rule (profile's documented reading)
  ]
  for (const [batch, level, eligibleYuan, retrofitYuan, capHit] of cases)
    it(`batch ${batch}, level ${level}, eligible ${eligibleYuan} yuan → ${retrofitYuan} yuan${capHit ? ' (cap)' : ''}`, () => {
      const s = dossierSubsidy(HEBI_2024, {
        batch,
        level,
        ledger: ledger(
          ['software', eligibleYuan / 2],
          ['cloud', eligibleYuan / 2],
          ['other', 100_000],
        ),
        diagnosisCostFen: 4_000 * YUAN,
      })
      expect(s.investmentFen).toBe(eligibleYuan * YUAN)
      expect(s.retrofitFen).toBe(retrofitYuan * YUAN)
      expect(s.diagnosisFen).toBe(4_000 * YUAN)
      expect(s.totalFen).toBe((retrofitYuan + 4_000) * YUAN)
      const retrofitStep = s.steps[2]
      expect(retrofitStep?.kind).toBe('subsidy')
      expect(retrofitStep?.capHit).toBe(capHit)
      expect(s.capsHit.length).toBe(capHit ? 1 : 0)
      if (capHit) expect(retrofitStep?.text).toContain('封顶')
    })

  it('below 二级: no subsidy at all', () => {
    const s = dossierSubsidy(HEBI_2024, {
      batch: 1,
      level: 1,
      ledger: ledger(['software', 500_000]),
    })
    expect(s.diagnosisFen).toBe(0)
    expect(s.retrofitFen).toBe(0)
    expect(s.totalFen).toBe(0)
    expect(s.investmentFen).toBe(50_000_000)
  })
})

describe('dossierSubsidy: diagnosis ≤ 5,000 yuan (plan §18)', () => {
  it('a cost above 5,000 yuan is capped; below it is paid in full; none given is 待核定', () => {
    const rows = ledger(['consulting', 100_000])
    const over = dossierSubsidy(HEBI_2024, {
      batch: 2,
      level: 2,
      ledger: rows,
      diagnosisCostFen: 800_000,
    })
    expect(over.diagnosisFen).toBe(500_000)
    expect(over.steps[1]).toMatchObject({
      kind: 'subsidy',
      ruleId: 'hebi-2024/diagnosis',
      capHit: true,
    })
    expect(over.capsHit).toEqual(['hebi-2024/diagnosis'])
    const under = dossierSubsidy(HEBI_2024, {
      batch: 2,
      level: 2,
      ledger: rows,
      diagnosisCostFen: 300_000,
    })
    expect(under.diagnosisFen).toBe(300_000)
    expect(under.steps[1]?.capHit).toBe(false)
    const exact = dossierSubsidy(HEBI_2024, {
      batch: 2,
      level: 2,
      ledger: rows,
      diagnosisCostFen: 500_000,
    })
    expect(exact.diagnosisFen).toBe(500_000)
    expect(exact.steps[1]?.capHit).toBe(false)
    const pending = dossierSubsidy(HEBI_2024, { batch: 2, level: 2, ledger: rows })
    expect(pending.diagnosisFen).toBe(0)
    expect(pending.estimate.diagnosisPending).toBe(true)
    expect(pending.totalFen).toBe(pending.retrofitFen)
  })
})

describe('dossierSubsidy: the ledger decides the investment', () => {
  it('an ineligible row is not part of the investment; steps show each category', () => {
    const s = dossierSubsidy(HEBI_2024, { batch: 3, level: 2, ledger: LEDGER })
    expect(s.investmentFen).toBe(55_000_050)
    expect(s.totals.ineligibleFen).toBe(20_000_000)
    // 55,000,050 × 35 % = 19,250,017.5 → floor to whole fen; with the 'other' row it would be 26,250,017
    expect(s.retrofitFen).toBe(19_250_017)
    expect(s.steps.map((x) => [x.kind, x.ruleId])).toEqual([
      ['investment', 'Hebi-2024-dossier/eligible-investment'],
      ['subsidy', 'hebi-2024/diagnosis'],
      ['subsidy', 'hebi-2024/retrofit-l2-batch3'],
    ])
    expect(s.steps[0]?.text).toBe(
      '实际投入（可补助支出，实施方案第17条）：软件 300,000 元 + 云服务 120,000.50 元 + 数据采集传输设备（网关、路由等） 80,000 元 + 咨询诊断等服务 50,000 元 = 550,000.50 元；不计入：其他 200,000 元，合计 200,000 元',
    )
    expect(s.steps[0]?.amountFen).toBe(55_000_050)
    expect(s.warnings).toEqual([
      '投入清单第 3 行可补助支出尚缺发票或付款凭证附件（合计 80,000 元），验收前须补齐',
    ])
  })

  it('a ledger of only ineligible spending gives no retrofit subsidy', () => {
    const s = dossierSubsidy(HEBI_2024, { batch: 1, level: 2, ledger: ledger(['other', 900_000]) })
    expect(s.investmentFen).toBe(0)
    expect(s.retrofitFen).toBe(0)
    expect(s.steps[0]?.text).toBe(
      '实际投入（可补助支出，实施方案第17条）：无 = 0 元；不计入：其他 900,000 元，合计 900,000 元',
    )
  })

  it('each eligible category alone supports the subsidy', () => {
    for (const c of ['software', 'cloud', 'data_equipment', 'consulting'] as const) {
      const s = dossierSubsidy(HEBI_2024, { batch: 1, level: 2, ledger: ledger([c, 100_000]) })
      expect(s.retrofitFen).toBe(5_000_000)
    }
  })

  it('an empty ledger warns', () => {
    const s = dossierSubsidy(HEBI_2024, { batch: 1, level: 2, ledger: [] })
    expect(s.retrofitFen).toBe(0)
    expect(s.warnings).toEqual(['投入清单为空，实际投入按 0 元计算'])
  })

  it('refuses bad input naming the field, and a duplicate invoice naming the row', () => {
    const rows = ledger(['software', 1])
    expect(
      thrown(() => dossierSubsidy(HEBI_2024, { batch: 4 as 1, level: 2, ledger: rows })).field,
    ).toBe('batch')
    expect(
      thrown(() => dossierSubsidy(HEBI_2024, { batch: 1, level: 5 as 4, ledger: rows })).field,
    ).toBe('level')
    expect(
      thrown(() =>
        dossierSubsidy(HEBI_2024, { batch: 1, level: 2, ledger: rows, diagnosisCostFen: 1.5 }),
      ).field,
    ).toBe('diagnosisCostFen')
    const dup = [...rows, { ...rows[0]! }]
    const e = thrown(() => dossierSubsidy(HEBI_2024, { batch: 1, level: 2, ledger: dup }))
    expect(e.message).toBe('第 2 行 发票号：INV-1 与第 1 行重复，同一张发票只能登记一次')
    expect(e.field).toBe('ledger.2.invoiceNo')
    const other = { ...HEBI_2024_DOSSIER_TEMPLATE, policyId: 'Other-2025' }
    expect(
      thrown(() => dossierSubsidy(HEBI_2024, { batch: 1, level: 2, ledger: rows }, other)).field,
    ).toBe('policy')
  })
})

describe('batchBudgetView', () => {
  it('the Hebi diagnosis budget line is 2,000,000 yuan', () => {
    expect(HEBI_2024_BUDGET.diagnosisTotalCapFen).toBe(200_000_000)
  })

  const est = (n: number, diagnosisFen = 500_000, retrofitFen = 0) =>
    Array.from({ length: n }, (_, i) => ({
      enterpriseId: `E${i + 1}`,
      batch: ((i % 3) + 1) as 1 | 2 | 3,
      level: 2 as const,
      diagnosisFen,
      retrofitFen,
    }))

  it('400 enterprises at 5,000 yuan use the diagnosis budget exactly; 401 exceed it', () => {
    const at = batchBudgetView(est(400))
    expect(at.diagnosisFen).toBe(200_000_000)
    expect(at.lines).toEqual([
      {
        id: 'diagnosis',
        title: '咨询诊断补助合计',
        estimatedFen: 200_000_000,
        capFen: 200_000_000,
        remainingFen: 0,
        over: false,
        overByFen: 0,
        message: '咨询诊断补助合计 2,000,000 元，预算 2,000,000 元，剩余 0 元',
      },
    ])
    expect(at.anyOver).toBe(false)
    const over = batchBudgetView(est(401))
    expect(over.anyOver).toBe(true)
    expect(over.lines[0]).toMatchObject({ over: true, overByFen: 500_000, remainingFen: 0 })
    expect(over.lines[0]?.message).toBe(
      '咨询诊断补助合计 2,005,000 元，超出预算 2,000,000 元共 5,000 元',
    )
  })

  it('sums per batch and level, and checks optional retrofit and total lines', () => {
    const v = batchBudgetView(
      [
        ...est(3, 500_000, 40_000_000),
        { enterpriseId: 'X', diagnosisFen: 0, retrofitFen: 0, level: 1 },
      ],
      {
        diagnosisTotalCapFen: 200_000_000,
        retrofitTotalCapFen: 100_000_000,
        totalCapFen: 150_000_000,
      },
    )
    expect(v.enterprises).toBe(4)
    expect(v.byBatch[1]).toEqual({
      count: 1,
      diagnosisFen: 500_000,
      retrofitFen: 40_000_000,
      totalFen: 40_500_000,
    })
    expect(v.byBatch.unknown.count).toBe(1)
    expect(v.byLevel).toEqual({ 0: 0, 1: 1, 2: 3, 3: 0, 4: 0, unknown: 0 })
    expect(v.retrofitFen).toBe(120_000_000)
    expect(v.totalFen).toBe(121_500_000)
    expect(v.lines.map((l) => [l.id, l.over, l.overByFen, l.remainingFen])).toEqual([
      ['diagnosis', false, 0, 198_500_000],
      ['retrofit', true, 20_000_000, 0],
      ['total', false, 0, 28_500_000],
    ])
  })

  it('takes dossierSubsidy results directly', () => {
    const a = dossierSubsidy(HEBI_2024, {
      batch: 1,
      level: 2,
      ledger: LEDGER,
      diagnosisCostFen: 500_000,
    })
    const b = dossierSubsidy(HEBI_2024, {
      batch: 2,
      level: 4,
      ledger: ledger(['software', 3_000_000]),
      diagnosisCostFen: 500_000,
    })
    const v = batchBudgetView([
      { enterpriseId: 'A', ...a },
      { enterpriseId: 'B', ...b },
    ])
    expect(v.diagnosisFen).toBe(1_000_000)
    expect(v.retrofitFen).toBe(27_500_025 + 120_000_000)
    expect(v.byBatch[2].retrofitFen).toBe(120_000_000)
    expect(v.byLevel[4]).toBe(1)
  })

  it('refuses duplicates and amounts that are not whole fen', () => {
    expect(thrown(() => batchBudgetView([...est(2), ...est(1)])).field).toBe(
      'estimates.2.enterpriseId',
    )
    const e = thrown(() =>
      batchBudgetView([{ enterpriseId: 'A', diagnosisFen: 10.5, retrofitFen: 0 }]),
    )
    expect(e.message).toBe('企业 A 的咨询诊断补助须为不小于 0 的整数（单位：分），实际为 10.5')
    expect(e.field).toBe('estimates.0.diagnosisFen')
    expect(thrown(() => batchBudgetView([], { diagnosisTotalCapFen: -1 })).field).toBe(
      'budget.diagnosisTotalCapFen',
    )
  })
})
