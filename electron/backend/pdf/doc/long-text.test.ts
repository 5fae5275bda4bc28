import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { longText, PARAGRAPH_CHUNK, paragraphChunks } from './long-text'

const ENDS = '。！？；!?;'
const cp = (s: string): number => Array.from(s).length

describe('paragraphChunks', () => {
  it('cuts after the last sentence end within the limit', () => {
    expect(paragraphChunks('一二。三四。五六七八', 7)).toEqual(['一二。三四。', '五六七八'])
    expect(paragraphChunks('一二三四。五六七八九十', 5)).toEqual(['一二三四。', '五六七八九', '十'])
  })

  it('cuts hard at the limit when the last sentence end is in the first quarter', () => {
    // '。' at index 0 of an 8-character chunk is before max / 4 = 2: a hard cut at 8
    expect(paragraphChunks('。一二三四五六七八九', 8)).toEqual(['。一二三四五六七', '八九'])
    expect(paragraphChunks('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十'])
  })

  it('splits at line breaks (\\n and \\r\\n) and keeps empty lines', () => {
    expect(paragraphChunks('甲\r\n\n乙')).toEqual(['甲', '', '乙'])
    expect(paragraphChunks('')).toEqual([''])
  })

  it('counts code points: a surrogate pair is never split', () => {
    const s = '𠮷'.repeat(5)
    expect(paragraphChunks(s, 2)).toEqual(['𠮷𠮷', '𠮷𠮷', '𠮷'])
  })

  it('refuses a limit that is not a positive integer', () => {
    expect(() => paragraphChunks('甲', 0)).toThrow(RangeError)
    expect(() => paragraphChunks('甲', 1.5)).toThrow(RangeError)
  })

  it('keeps every character in order, bounds every chunk, and cuts at a sentence end when it can (seeded)', () => {
    const char = fc.constantFrom(...'调研发现企业已上线系统ERP 数据𠮷\n\r', ...ENDS)
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 3000 }).map((a) => a.join('')),
        fc.integer({ min: 1, max: 600 }),
        (text, max) => {
          const chunks = paragraphChunks(text, max)
          // nothing lost, nothing duplicated, nothing reordered: only the line breaks go
          expect(chunks.join('')).toBe(text.replace(/\r?\n/g, ''))
          for (const c of chunks) {
            expect(cp(c)).toBeLessThanOrEqual(max)
            expect(c).not.toContain('\n')
          }
          // a chunk followed by one from the same paragraph was cut: after the last sentence
          // end at or past a quarter of the limit, or hard at the limit when there is none
          const minCut = Math.ceil(max / 4)
          const paras = text.split(/\r?\n/)
          let i = 0
          for (const p of paras) {
            const own: string[] = []
            let got = ''
            while (got.length < p.length || own.length === 0) {
              own.push(chunks[i]!)
              got += chunks[i++]!
            }
            expect(got).toBe(p)
            const pChars = Array.from(p)
            let at = 0
            for (const c of own.slice(0, -1)) {
              const window = pChars.slice(at, at + max)
              const lastEnd = window.findLastIndex((x, k) => k >= minCut && ENDS.includes(x))
              // after the last sentence end in the window when there is one, else hard at max
              expect(cp(c)).toBe(lastEnd >= 0 ? lastEnd + 1 : max)
              at += cp(c)
            }
          }
          expect(i).toBe(chunks.length)
        },
      ),
      { seed: 812, numRuns: 300 },
    )
  })

  it('a 300,000-character note: chunks of at most PARAGRAPH_CHUNK characters, all of them cut at a sentence end', () => {
    const sentence = '现场调研发现，企业已上线ERP系统；设备联网率约六成，质量检验仍以纸质记录为主。'
    const text = sentence.repeat(Math.ceil(300_000 / sentence.length)).slice(0, 300_000)
    const chunks = paragraphChunks(text)
    expect(chunks.join('')).toBe(text)
    expect(chunks.length).toBeGreaterThanOrEqual(300_000 / PARAGRAPH_CHUNK)
    for (const c of chunks.slice(0, -1)) {
      expect(cp(c)).toBeLessThanOrEqual(PARAGRAPH_CHUNK)
      expect(ENDS).toContain(c.at(-1))
    }
  })
})

describe('longText', () => {
  it('one styled paragraph per chunk; an empty line is a space so that it keeps its height', () => {
    expect(longText('甲\n\n乙', { fontSize: 10 })).toEqual({
      stack: [
        { text: '甲', fontSize: 10 },
        { text: ' ', fontSize: 10 },
        { text: '乙', fontSize: 10 },
      ],
    })
  })
})
