import { describe, expect, it } from 'vitest'
import { applyRateFloor, formatBasisPoints, formatYuan, yuan } from '../money'
import { estimateSubsidy } from './estimate-subsidy'
import { HEBI_2024, getPolicyProfile } from './policy-profiles'

const est = (
  batch: 1 | 2 | 3,
  level: 0 | 1 | 2 | 3 | 4,
  investmentFen: number,
  diagnosisCostFen?: number,
) =>
  estimateSubsidy(
    HEBI_2024,
    diagnosisCostFen === undefined
      ? { batch, level, investmentFen }
      : { batch, level, investmentFen, diagnosisCostFen },
  )

describe('money', () => {
  it('formats fen as yuan with grouping, decimals only when needed', () => {
    expect(formatYuan(123456789)).toBe('1,234,567.89')
    expect(formatYuan(50000000)).toBe('500,000')
    expect(formatYuan(0)).toBe('0')
    expect(formatYuan(5)).toBe('0.05')
    expect(formatYuan(100050)).toBe('1,000.50')
    expect(formatYuan(-123456)).toBe('-1,234.56')
    expect(() => formatYuan(1.5)).toThrow(RangeError)
  })
  it('rates in basis points, rounding down to the fen, exact for big amounts', () => {
    expect(formatBasisPoints(5000)).toBe('50%')
    expect(formatBasisPoints(3500)).toBe('35%')
    expect(formatBasisPoints(1250)).toBe('12.5%')
    expect(applyRateFloor(123456789, 5000)).toBe(61728394) // 61,728,394.5 → down
    expect(applyRateFloor(1, 3500)).toBe(0)
    expect(applyRateFloor(Number.MAX_SAFE_INTEGER, 4000)).toBe(
      Number((BigInt(Number.MAX_SAFE_INTEGER) * 4000n) / 10000n),
    )
    expect(yuan(500_000)).toBe(50_000_000)
  })
})

describe('Hebi-2024 profile data', () => {
  it('is the plan §18–19 in fen and basis points', () => {
    expect(getPolicyProfile('Hebi-2024')).toBe(HEBI_2024)
    expect(HEBI_2024.diagnosis).toMatchObject({ minLevel: 2, capFen: 500_000 })
    expect(HEBI_2024.budgetLines).toEqual([
      expect.objectContaining({ id: 'hebi-2024/diagnosis-total', capFen: 200_000_000 }),
    ])
    expect(HEBI_2024.retrofit.map((r) => [r.levels, r.batch, r.rateBp, r.capFen])).toEqual([
      [[4], null, 5000, 120_000_000],
      [[2, 3], 1, 5000, 50_000_000],
      [[2, 3], 2, 4000, 40_000_000],
      [[2, 3], 3, 3500, 30_000_000],
    ])
    // the 三级 reading is explicit and documented in the data
    for (const r of HEBI_2024.retrofit.filter((x) => x.levels.includes(3)))
      expect(r.interpretation).toMatch(/三级按二级标准/)
    for (const r of HEBI_2024.retrofit) expect(Number.isSafeInteger(r.capFen)).toBe(true)
  })
})

describe('estimateSubsidy: retrofit by batch, level and cap', () => {
  it('batch 1, level 2, below the cap: 50 % rounded down to the fen', () => {
    const r = est(1, 2, 123456789)
    expect(r.retrofitFen).toBe(50_000_000) // 617,283.94 > 500,000 → capped
    const r2 = est(1, 2, 12345679) // 123,456.79 × 50% = 61,728.395 → 61,728.39
    expect(r2.retrofitFen).toBe(6172839)
    expect(r2.steps[1]).toEqual({
      ruleId: 'hebi-2024/retrofit-l2-batch1',
      text: '第一批试点企业改造补助（二级）：实际投入 123,456.79 元 × 50% = 61,728.39 元（上限 500,000 元），补助 61,728.39 元',
      amountFen: 6172839,
      capHit: false,
    })
  })

  it('batch 1 cap: exactly at the cap is not capped, one fen over is', () => {
    expect(est(1, 2, yuan(1_000_000))).toMatchObject({ retrofitFen: 50_000_000 })
    expect(est(1, 2, yuan(1_000_000)).steps[1]?.capHit).toBe(false)
    expect(est(1, 2, yuan(1_000_000) + 2).steps[1]?.capHit).toBe(true)
    expect(est(1, 2, yuan(1_000_000) + 2).retrofitFen).toBe(50_000_000)
    expect(est(1, 2, 123456789).steps[1]?.text).toBe(
      '第一批试点企业改造补助（二级）：实际投入 1,234,567.89 元 × 50% = 617,283.94 元，封顶 500,000 元，补助 500,000 元',
    )
  })

  it('batch 2: 40 % capped at 400,000', () => {
    expect(est(2, 2, yuan(800_000)).retrofitFen).toBe(yuan(320_000))
    expect(est(2, 2, yuan(1_000_000)).retrofitFen).toBe(yuan(400_000))
    expect(est(2, 2, yuan(1_000_000)).steps[1]).toMatchObject({
      ruleId: 'hebi-2024/retrofit-l2-batch2',
      capHit: false,
    })
    expect(est(2, 2, yuan(1_000_001)).steps[1]?.capHit).toBe(true)
  })

  it('batch 3: 35 % capped at 300,000', () => {
    expect(est(3, 2, yuan(600_000)).retrofitFen).toBe(yuan(210_000))
    expect(est(3, 2, yuan(900_000))).toMatchObject({ retrofitFen: yuan(300_000) })
    expect(est(3, 2, yuan(900_000)).steps[1]?.text).toBe(
      '第三批试点企业改造补助（二级）：实际投入 900,000 元 × 35% = 315,000 元，封顶 300,000 元，补助 300,000 元',
    )
    expect(est(3, 2, 1).retrofitFen).toBe(0)
  })

  it('level 3 uses the level-2 rule of its batch, and says so', () => {
    const r = est(2, 3, yuan(500_000))
    expect(r.retrofitFen).toBe(yuan(200_000))
    expect(r.steps[1]?.ruleId).toBe('hebi-2024/retrofit-l2-batch2')
    expect(r.steps[1]?.text).toMatch(/^第二批试点企业改造补助（三级，按二级标准）：/)
  })

  it('level 4: 50 % capped at 1,200,000 regardless of batch', () => {
    for (const batch of [1, 2, 3] as const) {
      expect(est(batch, 4, yuan(2_000_000)).retrofitFen).toBe(yuan(1_000_000))
      expect(est(batch, 4, yuan(3_000_000)).retrofitFen).toBe(yuan(1_200_000))
      expect(est(batch, 4, yuan(3_000_000)).steps[1]?.ruleId).toBe('hebi-2024/retrofit-l4')
    }
    expect(est(3, 4, yuan(3_000_000)).steps[1]?.text).toBe(
      '四级试点企业改造补助（第三批，四级）：实际投入 3,000,000 元 × 50% = 1,500,000 元，封顶 1,200,000 元，补助 1,200,000 元',
    )
  })

  it('level below 2: nothing, with the reason', () => {
    for (const level of [0, 1] as const) {
      const r = est(1, level, yuan(1_000_000), yuan(4_000))
      expect(r).toMatchObject({ diagnosisFen: 0, retrofitFen: 0, totalFen: 0 })
      expect(r.steps.map((s) => s.amountFen)).toEqual([0, 0])
    }
    expect(est(1, 1, yuan(1_000_000)).steps.map((s) => s.text)).toEqual([
      '咨询诊断补助：数字化水平为一级，未达到二级及以上，不予补助',
      '改造补助：改造后数字化水平为一级，未达到二级，不予补助',
    ])
    expect(est(2, 0, 0).steps[1]?.text).toBe(
      '改造补助：改造后数字化水平为无等级，未达到二级，不予补助',
    )
  })
})

describe('estimateSubsidy: diagnosis', () => {
  it('≤ 5,000 yuan: the actual cost below the cap, the cap above it, 待核定 (0, not in the total) when unknown', () => {
    expect(est(1, 2, 0, yuan(3_800)).steps[0]).toEqual({
      ruleId: 'hebi-2024/diagnosis',
      text: '咨询诊断补助：诊断费用 3,800 元（上限 5,000 元），补助 3,800 元',
      amountFen: 380_000,
      capHit: false,
    })
    expect(est(1, 3, 0, yuan(5_000)).diagnosisFen).toBe(500_000)
    expect(est(1, 3, 0, yuan(5_000)).steps[0]?.capHit).toBe(false)
    expect(est(1, 4, 0, yuan(8_000)).steps[0]).toMatchObject({
      amountFen: 500_000,
      capHit: true,
      text: '咨询诊断补助：诊断费用 8,000 元，封顶 5,000 元，补助 5,000 元',
    })
    const unknown = est(2, 2, yuan(100_000))
    expect(unknown.steps[0]).toMatchObject({
      amountFen: 0,
      capHit: false,
      pending: true,
      text: '咨询诊断补助：待核定（未提供实际诊断费用），每家企业不超过 5,000 元，不计入合计',
    })
    expect(unknown.diagnosisPending).toBe(true)
    expect(unknown.totalFen).toBe(unknown.retrofitFen)
    expect(est(2, 1, 0).diagnosisPending).toBe(false)
  })

  it('prints the 三级 reading only at 三级', () => {
    expect(est(1, 3, yuan(100_000), yuan(1)).footnotes).toEqual([
      HEBI_2024.retrofit[1]!.interpretation,
    ])
    expect(est(1, 2, yuan(100_000), yuan(1)).footnotes).toEqual([])
    expect(est(1, 4, yuan(100_000), yuan(1)).footnotes).toEqual([])
  })

  it('total = diagnosis + retrofit', () => {
    const r = est(1, 2, yuan(600_000), yuan(4_500))
    expect(r).toMatchObject({
      profileId: 'Hebi-2024',
      diagnosisFen: 450_000,
      retrofitFen: yuan(300_000),
      totalFen: 450_000 + yuan(300_000),
    })
  })

  it('rejects inputs that are not whole fen or out of range', () => {
    expect(() => est(1, 2, 100.5)).toThrow(
      'investmentFen: must be a non-negative whole number of fen, got 100.5',
    )
    expect(() => est(1, 2, -1)).toThrow(RangeError)
    expect(() => est(1, 2, 0, 0.1)).toThrow('diagnosisCostFen')
    expect(() => estimateSubsidy(HEBI_2024, { batch: 4 as 1, level: 2, investmentFen: 0 })).toThrow(
      'batch: must be 1, 2 or 3, got 4',
    )
    expect(() => estimateSubsidy(HEBI_2024, { batch: 1, level: 5 as 4, investmentFen: 0 })).toThrow(
      'level: must be an integer 0–4, got 5',
    )
  })
})
