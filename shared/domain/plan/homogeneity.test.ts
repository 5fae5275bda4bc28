import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  HOMOGENEITY_POLICY,
  jaccard,
  nearIdentical,
  normalizeForSimilarity,
  trigramSimilarity,
  trigrams,
} from './homogeneity'

describe('trigrams', () => {
  it('are the distinct runs of three letters or digits after normalisation (the central function)', () => {
    expect([...trigrams('数字化改造')]).toEqual(['数字化', '字化改', '化改造'])
    // shorter than three characters: the text itself is its one gram
    expect([...trigrams('ab')]).toEqual(['ab'])
    expect([...trigrams('')]).toEqual([])
    expect([...trigrams('aaaa')]).toEqual(['aaa'])
    // punctuation, spaces, line breaks and case do not count; full-width folds to ASCII (NFKC)
    expect(trigrams('ＭＥＳ，系统！\n上线')).toEqual(trigrams('mes系统上线'))
    expect(normalizeForSimilarity('A b，c')).toBe('abc')
    // a character outside the BMP is one character, not two halves
    expect([...trigrams('𠀀𠀁𠀂')]).toEqual(['𠀀𠀁𠀂'])
  })
})

describe('trigramSimilarity', () => {
  it('known values', () => {
    expect(trigramSimilarity('数字化改造', '数字化改造')).toBe(1)
    expect(trigramSimilarity('数字化改造', '质量追溯系统')).toBe(0)
    // {数字化, 字化改, 化改造} vs {数字化, 字化转, 化转型}: 1 shared of 5
    expect(trigramSimilarity('数字化改造', '数字化转型')).toBeCloseTo(1 / 5, 12)
    expect(trigramSimilarity('', '')).toBe(0)
    expect(trigramSimilarity('ab', 'ab')).toBe(1)
    expect(trigramSimilarity('ab', '')).toBe(0)
    expect(trigramSimilarity('上线MES系统。', '上线 mes 系统')).toBe(1)
  })

  it('is symmetric, within [0, 1], 1 on itself (when long enough) and exact as a set ratio', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        (a, b) => {
          const s = trigramSimilarity(a, b)
          expect(s).toBe(trigramSimilarity(b, a))
          expect(s).toBeGreaterThanOrEqual(0)
          expect(s).toBeLessThanOrEqual(1)
          const ta = trigrams(a)
          const tb = trigrams(b)
          const inter = [...ta].filter((t) => tb.has(t)).length
          const union = new Set([...ta, ...tb]).size
          expect(s).toBe(union ? inter / union : 0)
          if (ta.size) expect(trigramSimilarity(a, a)).toBe(1)
        },
      ),
      { seed: 7, numRuns: 500 },
    )
  })

  it('jaccard on sets', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3, 12)
    expect(jaccard(new Set(), new Set(['x']))).toBe(0)
  })
})

describe('nearIdentical', () => {
  const base =
    '企业生产工单仍以纸质记录为主，质量检验结果用电子表格登记，设备点检没有形成台账。' +
    '建议上线MES系统实现工单报工与物料领用跟踪，建立质量追溯，部署设备管理系统。'
  const copy = base.replace('纸质记录', '纸质单据')
  const other =
    '企业已有ERP，但仓库出入库靠手工登记，采购与财务对账每月需两天。建议部署WMS并与ERP集成，' +
    '上线SRM规范询比价。'

  it('flags a near-copy above the threshold, not a different text, most similar first', () => {
    const r = nearIdentical(base, [
      { id: 'e-other', text: other },
      { id: 'e-copy', text: copy },
      { id: 'e-same', text: base },
    ])
    expect(r.map((x) => x.id)).toEqual(['e-same', 'e-copy'])
    expect(r[0]!.similarity).toBe(1)
    expect(r[1]!.similarity).toBeGreaterThanOrEqual(HOMOGENEITY_POLICY.threshold)
    expect(trigramSimilarity(base, other)).toBeLessThan(HOMOGENEITY_POLICY.threshold)
  })

  it('the threshold and the minimum length are data', () => {
    expect(
      nearIdentical(base, [{ id: 'x', text: other }], { ...HOMOGENEITY_POLICY, threshold: 0 }),
    ).toHaveLength(1)
    expect(nearIdentical('很短的文字', [{ id: 'x', text: '很短的文字' }])).toEqual([])
    expect(
      nearIdentical('很短的文字', [{ id: 'x', text: '很短的文字' }], {
        ...HOMOGENEITY_POLICY,
        minTrigrams: 1,
      }),
    ).toEqual([{ id: 'x', similarity: 1 }])
  })

  it('ties sort by id', () => {
    const r = nearIdentical(base, [
      { id: 'b', text: base },
      { id: 'a', text: base },
    ])
    expect(r.map((x) => x.id)).toEqual(['a', 'b'])
  })
})
