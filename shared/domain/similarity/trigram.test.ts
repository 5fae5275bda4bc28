import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  jaccard,
  normalizeForSimilarity,
  similarPairs,
  trigramSimilarity,
  trigrams,
} from './trigram'

describe('trigram similarity', () => {
  it('normalises width, case, spaces and punctuation', () => {
    expect(normalizeForSimilarity('ＥＲＰ 系统，已上线！')).toBe('erp系统已上线')
    expect(trigramSimilarity('ERP系统已上线。', 'ｅｒｐ 系统 已上线')).toBe(1)
  })

  it('counts shared trigrams over all trigrams (Jaccard)', () => {
    expect([...trigrams('ABCD')]).toEqual(['abc', 'bcd'])
    expect(trigramSimilarity('abcd', 'abce')).toBeCloseTo(1 / 3)
    expect(trigramSimilarity('注塑车间设备未联网', '注塑车间设备未联网')).toBe(1)
    expect(trigramSimilarity('注塑车间设备未联网', '财务系统与银行直连')).toBe(0)
    expect(trigramSimilarity('', '')).toBe(0)
    expect([...trigrams('好')]).toEqual(['好'])
  })

  it('similarPairs finds exactly the pairs an all-pairs comparison finds', () => {
    const words = ['设备', '联网', '能耗', '台账', '质量', '闭环', 'ERP', 'MES', '纸质', '人工']
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 12 }), {
          maxLength: 25,
        }),
        fc.constantFrom(0.5, 0.7, 0.8, 0.9, 1),
        (docs, t) => {
          const sets = docs.map((d) => trigrams(d.join('')))
          const brute: string[] = []
          for (let i = 0; i < sets.length; i++)
            for (let j = i + 1; j < sets.length; j++)
              if (jaccard(sets[i]!, sets[j]!) >= t) brute.push(`${i}-${j}`)
          const fast = similarPairs(sets, t).map((p) => `${p.a}-${p.b}`)
          expect(fast.sort()).toEqual(brute.sort())
        },
      ),
      { seed: 42, numRuns: 300 },
    )
  })

  it('similarPairs leaves out the pairs the caller skips', () => {
    const sets = ['同样的文字内容', '同样的文字内容', '同样的文字内容'].map(trigrams)
    expect(similarPairs(sets, 0.9, (a, b) => a === 0 && b === 1).map((p) => [p.a, p.b])).toEqual([
      [0, 2],
      [1, 2],
    ])
    expect(() => similarPairs(sets, 0)).toThrow(/threshold/)
  })
})
