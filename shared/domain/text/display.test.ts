import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeForDisplay, hasUnsafeDisplayChars } from './display'

describe('text shown to a person', () => {
  it('finds and escapes controls, bidi overrides/isolates, zero-width and separators', () => {
    for (const c of [
      '\u001b',
      '\r',
      '\n',
      '\u007f',
      '\u0085',
      '\u202e',
      '\u2066',
      '\u200b',
      '\u2028',
      '\ufeff',
    ])
      expect(hasUnsafeDisplayChars(`王${c}评估`), JSON.stringify(c)).toBe(true)
    expect(hasUnsafeDisplayChars('王评估（鹤壁某服务商） Zhang-San 3')).toBe(false)
    expect(escapeForDisplay('a\u001b[2Kb\u202ec\\')).toBe('a\\u{001b}[2Kb\\u{202e}c\\\\')
  })

  it('the escaped text never holds an unsafe character and is unchanged when there is none', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const e = escapeForDisplay(s)
        expect(hasUnsafeDisplayChars(e)).toBe(false)
        if (!hasUnsafeDisplayChars(s) && !s.includes('\\')) expect(e).toBe(s)
      }),
      { seed: 1216, numRuns: 500 },
    )
  })
})
