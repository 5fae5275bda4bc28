import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../../../../shared/domain/catalogue'
import { bandFor, parseBand, suggestRatio } from './ratio-band'

const q02 = MIIT_2024.catalogue.questions.find((q) => q.id === 'Q02')!
const q03 = MIIT_2024.catalogue.questions.find((q) => q.id === 'Q03')!

describe('ratio bands from the verbatim option texts', () => {
  it('parses every band of Q02 and Q03', () => {
    for (const q of [q02, q03]) {
      expect(q.options.map((o) => parseBand(o)).every((b) => b !== null)).toBe(true)
    }
  })
  it('respects open and closed ends', () => {
    expect(bandFor(q02.options, 0)).toBe('A')
    expect(bandFor(q02.options, 10)).toBe('A')
    expect(bandFor(q02.options, 10.01)).toBe('B')
    expect(bandFor(q02.options, 20)).toBe('B')
    expect(bandFor(q02.options, 40)).toBe('C')
    expect(bandFor(q02.options, 45)).toBe('D')
    expect(bandFor(q02.options, 60)).toBe('D')
    expect(bandFor(q02.options, 60.5)).toBe('E')
    expect(bandFor(q02.options, 100)).toBe('E')
    expect(bandFor(q02.options, 101)).toBeNull()
  })
  it('Q02 uses its own counts; Q03 needs the total from Q02', () => {
    expect(suggestRatio('Q02', q02.options, { f2: 100, f3: 45 }, {})).toMatchObject({
      percent: 45,
      key: 'D',
    })
    expect(suggestRatio('Q03', q03.options, { f2: 30 }, { f2: 100 })).toMatchObject({
      percent: 30,
      key: 'C',
    })
    expect(suggestRatio('Q03', q03.options, { f2: 30 }, {})).toEqual({
      error: '请先在 Q02 填写生产设备总数量（台），以计算联网率',
    })
    expect(suggestRatio('Q02', q02.options, { f2: 10, f3: 12 }, {})).toHaveProperty('error')
    expect(suggestRatio('Q02', q02.options, { f2: 0, f3: 0 }, {})).toHaveProperty('error')
    expect(suggestRatio('Q02', q02.options, { f2: 10 }, {})).toBeNull()
    expect(suggestRatio('Q05', q02.options, { f2: 10, f3: 1 }, {})).toBeNull()
  })
})
