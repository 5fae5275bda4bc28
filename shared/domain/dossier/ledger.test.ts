import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppException } from '../../contract/errors'
import {
  isIsoDate,
  ledgerRowsFromRecords,
  ledgerSummaryLines,
  ledgerTotals,
  parseCategory,
  validateLedger,
  yuanToFen,
} from './ledger'
import { LEDGER } from './test-fixtures'
import type { LedgerRow } from './types'

const H = (c: string) => c.repeat(64)

describe('validateLedger', () => {
  it('accepts a valid ledger, and an empty one', () => {
    expect(validateLedger(LEDGER)).toEqual([])
    expect(validateLedger([])).toEqual([])
  })

  it('refuses a duplicate invoice number, naming both rows (spaces and case ignored)', () => {
    const rows = [...LEDGER, { ...LEDGER[0]!, invoiceNo: ' 4100 1234 ' }]
    expect(validateLedger(rows)).toEqual([
      {
        row: 6,
        field: 'invoiceNo',
        message: '第 6 行 发票号：4100 1234 与第 1 行重复，同一张发票只能登记一次',
      },
    ])
    const lower = [
      { ...LEDGER[0]!, invoiceNo: 'ab12' },
      { ...LEDGER[1]!, invoiceNo: 'AB12' },
    ]
    expect(validateLedger(lower).map((e) => e.row)).toEqual([2])
  })

  it('refuses non-integer, zero, negative, non-number and unsafe amounts', () => {
    for (const amount of [12.5, 0, -100, Number.NaN, 2 ** 53, '100' as unknown as number]) {
      const errors = validateLedger([{ ...LEDGER[0]!, amountFen: amount }])
      expect(errors).toHaveLength(1)
      expect(errors[0]?.field).toBe('amountFen')
      expect(errors[0]?.message).toMatch(/^第 1 行 金额：须为大于 0 的整数（单位：分），实际为 /)
    }
    expect(validateLedger([{ ...LEDGER[0]!, amountFen: 12.5 }])[0]?.message).toBe(
      '第 1 行 金额：须为大于 0 的整数（单位：分），实际为 12.5',
    )
  })

  it('refuses bad dates', () => {
    for (const date of ['2025-02-29', '2025/03/01', '2025-3-1', '', '2025-13-01', '20250301']) {
      const errors = validateLedger([{ ...LEDGER[0]!, date }])
      expect(errors.map((e) => e.field)).toEqual(['date'])
    }
    expect(validateLedger([{ ...LEDGER[0]!, date: '2024-02-29' }])).toEqual([])
    expect(validateLedger([{ ...LEDGER[0]!, date: '2025-02-30' }])[0]?.message).toBe(
      '第 1 行 开票日期：须为有效日期，格式 YYYY-MM-DD，实际为 “2025-02-30”',
    )
  })

  it('refuses empty invoice number or supplier, unknown category, bad evidence — all at once', () => {
    const bad = {
      invoiceNo: ' ',
      date: '2025-01-01',
      supplier: '',
      amountFen: 100,
      category: 'hardware',
      invoiceEvidence: 'not-a-hash',
      paymentEvidence: H('A'),
    } as unknown as LedgerRow
    const errors = validateLedger([LEDGER[0]!, bad])
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'invoiceNo'],
      [2, 'supplier'],
      [2, 'category'],
      [2, 'invoiceEvidence'],
      [2, 'paymentEvidence'],
    ])
    expect(errors[2]?.message).toContain('实际为 “hardware”')
    expect(errors[2]?.message).toContain('software（软件）')
    expect(validateLedger([null as unknown as LedgerRow])[0]).toEqual({
      row: 1,
      field: 'row',
      message: '第 1 行：不是一条发票记录',
    })
  })
})

describe('ledgerTotals', () => {
  it('sums each category; other is ineligible', () => {
    const t = ledgerTotals(LEDGER)
    expect(t.eligibleFen).toBe(55_000_050)
    expect(t.ineligibleFen).toBe(20_000_000)
    expect(t.totalFen).toBe(75_000_050)
    expect(t.rowCount).toBe(5)
    expect(t.byCategory).toEqual({
      software: { label: '软件', eligible: true, count: 1, amountFen: 30_000_000 },
      cloud: { label: '云服务', eligible: true, count: 1, amountFen: 12_000_050 },
      data_equipment: {
        label: '数据采集传输设备（网关、路由等）',
        eligible: true,
        count: 1,
        amountFen: 8_000_000,
      },
      consulting: { label: '咨询诊断等服务', eligible: true, count: 1, amountFen: 5_000_000 },
      other: { label: '其他', eligible: false, count: 1, amountFen: 20_000_000 },
    })
    // row 3 has no payment proof; row 5 is ineligible and not counted
    expect(t.unevidenced).toEqual({ rows: [3], amountFen: 8_000_000 })
    expect(ledgerSummaryLines(t)).toEqual([
      '软件 1 张 300,000 元（计入实际投入）',
      '云服务 1 张 120,000.50 元（计入实际投入）',
      '数据采集传输设备（网关、路由等） 1 张 80,000 元（计入实际投入）',
      '咨询诊断等服务 1 张 50,000 元（计入实际投入）',
      '其他 1 张 200,000 元（不计入）',
    ])
  })

  it('each eligible category on its own counts fully; other alone gives 0 eligible', () => {
    for (const row of LEDGER) {
      const t = ledgerTotals([row])
      const eligible = row.category !== 'other'
      expect(t.eligibleFen).toBe(eligible ? row.amountFen : 0)
      expect(t.ineligibleFen).toBe(eligible ? 0 : row.amountFen)
    }
  })

  it('refuses to total an invalid ledger, naming the first error and the count', () => {
    const rows = [...LEDGER, { ...LEDGER[1]! }, { ...LEDGER[2]!, invoiceNo: 'X1', amountFen: -5 }]
    try {
      ledgerTotals(rows)
      throw new Error('not thrown')
    } catch (e) {
      expect(e).toBeInstanceOf(AppException)
      const err = e as AppException
      expect(err.message).toBe(
        '第 6 行 发票号：41001235 与第 2 行重复，同一张发票只能登记一次（共 2 处错误）',
      )
      expect(err.field).toBe('ledger.6.invoiceNo')
    }
  })

  it('property: eligible + ineligible = total = sum of amounts, exact in fen', () => {
    const rowArb = fc.record({
      amountFen: fc.integer({ min: 1, max: 10_000_000_000 }),
      category: fc.constantFrom(
        'software',
        'cloud',
        'data_equipment',
        'consulting',
        'other' as const,
      ),
    })
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (parts) => {
        const rows: LedgerRow[] = parts.map((p, i) => ({
          invoiceNo: `N${i}`,
          date: '2025-05-05',
          supplier: 's',
          amountFen: p.amountFen,
          category: p.category,
        }))
        const t = ledgerTotals(rows)
        const sum = parts.reduce((s, p) => s + p.amountFen, 0)
        const other = parts
          .filter((p) => p.category === 'other')
          .reduce((s, p) => s + p.amountFen, 0)
        expect(t.totalFen).toBe(sum)
        expect(t.ineligibleFen).toBe(other)
        expect(t.eligibleFen + t.ineligibleFen).toBe(t.totalFen)
        expect(Number.isSafeInteger(t.eligibleFen)).toBe(true)
      }),
    )
  })
})

describe('spreadsheet import helpers', () => {
  it('yuanToFen converts yuan text and spreadsheet numbers without float error', () => {
    expect(yuanToFen('12345.67')).toBe(1_234_567)
    expect(yuanToFen('12,345.6')).toBe(1_234_560)
    expect(yuanToFen('¥1,000')).toBe(100_000)
    expect(yuanToFen('1000元')).toBe(100_000)
    expect(yuanToFen(0.1 + 0.2)).toBe(30)
    expect(yuanToFen(19.99)).toBe(1999)
    expect(yuanToFen(1_234_567.89)).toBe(123_456_789)
    expect(yuanToFen('-5')).toBe(-500)
    for (const bad of ['12.345', '1,23', 'abc', '', 12.345, Number.NaN, null, undefined, {}])
      expect(yuanToFen(bad)).toBeNull()
  })

  it('parseCategory takes ids and Chinese labels', () => {
    expect(parseCategory('软件')).toBe('software')
    expect(parseCategory('cloud')).toBe('cloud')
    expect(parseCategory(' 网关 ')).toBe('data_equipment')
    expect(parseCategory('咨询诊断等服务')).toBe('consulting')
    expect(parseCategory('其他')).toBe('other')
    expect(parseCategory('硬件')).toBeNull()
  })

  it('isIsoDate', () => {
    expect(isIsoDate('2025-12-31')).toBe(true)
    expect(isIsoDate('2025-04-31')).toBe(false)
    expect(isIsoDate(20250101)).toBe(false)
  })

  it('ledgerRowsFromRecords converts rows and reports per-row errors', () => {
    const { rows, errors } = ledgerRowsFromRecords([
      {
        发票号: 41009999,
        开票日期: '2025/6/3',
        供应商: ' 某软件公司 ',
        '金额（元）': 1234.5,
        类别: '软件',
      },
      {
        发票号: '41009999',
        开票日期: new Date(Date.UTC(2025, 5, 4)),
        供应商: '某云',
        金额: '2,000',
        类别: '云服务',
      },
      { 发票号: 'A3', 开票日期: '2025-06-05', 供应商: 'x', 金额: '12.345', 类别: '设备' },
    ])
    expect(rows[0]).toEqual({
      invoiceNo: '41009999',
      date: '2025-06-03',
      supplier: '某软件公司',
      amountFen: 123_450,
      category: 'software',
    })
    expect(rows[1]?.date).toBe('2025-06-04')
    expect(rows[1]?.amountFen).toBe(200_000)
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'invoiceNo'],
      [3, 'amountFen'],
      [3, 'category'],
    ])
    expect(errors[1]?.message).toBe(
      '第 3 行 金额：须为以元为单位、最多两位小数的金额，实际为 “12.345”',
    )
  })
})
