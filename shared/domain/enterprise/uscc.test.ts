import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { USCC_CHARSET, USCC_WEIGHTS, usccCheckChar, validateUscc } from './uscc'

/** Independent reference implementation straight from the standard's formula. */
function refCheck(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i] ?? '') * (3 ** i % 31)
  return USCC_CHARSET[(31 - (sum % 31)) % 31] ?? '?'
}

describe('validateUscc', () => {
  it('weights are 3^(i−1) mod 31', () => {
    expect(USCC_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => 3 ** i % 31))
    expect(USCC_CHARSET).toHaveLength(31)
  })

  it('accepts codes with the right check character (computed by hand)', () => {
    // 91410611 MA0000001 + check: Σ computed by refCheck and by hand below
    const first = '914106110000000X1'.replace('X', 'M')
    // hand: values 9,1,4,1,0,6,1,1,0,0,0,0,0,0,0,21(M),1 · weights → Σ = 9+3+36+27+0+156+16+17+0+0+0+0+0+0+0+630+28 = 922
    // 922 mod 31 = 23 → 31 − 23 = 8 → '8'
    expect(usccCheckChar(first)).toBe('8')
    expect(validateUscc(first + '8')).toEqual({ ok: true })
    for (const code of ['91410600MA44XXXX0', '92410621MA3Y00123', '12410600416000001']) {
      const full = code + usccCheckChar(code)
      expect(validateUscc(full)).toEqual({ ok: true })
      expect(usccCheckChar(code)).toBe(refCheck(code))
    }
  })

  it('handles the 31 → 0 case', () => {
    // find a 17-char prefix whose sum is divisible by 31
    let p = ''
    for (let n = 0; n < 1000 && !p; n++) {
      const cand = '9141060' + String(n).padStart(10, '0')
      if (refCheck(cand) === '0') p = cand
    }
    expect(p).not.toBe('')
    expect(usccCheckChar(p)).toBe('0')
    expect(validateUscc(p + '0')).toEqual({ ok: true })
  })

  it('says what is wrong: length', () => {
    expect(validateUscc('')).toEqual({ ok: false, message: '统一社会信用代码不能为空' })
    expect(validateUscc('91410611MA0000001')).toEqual({
      ok: false,
      message: '统一社会信用代码应为 18 位，实际为 17 位',
    })
    expect(validateUscc('91410611MA00000018X')).toMatchObject({
      message: expect.stringContaining('实际为 19 位'),
    })
  })

  it('says what is wrong: a bad character and its position', () => {
    expect(validateUscc('91410611MA0000I018')).toEqual({
      ok: false,
      message:
        '统一社会信用代码第 15 位字符「I」不合法（只能是数字 0–9 或大写字母，不含 I、O、S、V、Z）',
    })
    expect(validateUscc('91410611ma00000018')).toEqual({
      ok: false,
      message: '统一社会信用代码第 9 位字符「m」不合法（字母须大写）',
    })
    expect(validateUscc('9141061１MA00000018')).toMatchObject({
      message: expect.stringContaining('第 8 位字符「１」'),
    })
    for (const bad of ['O', 'S', 'V', 'Z', '-', ' ']) {
      const r = validateUscc('91410611MA000000' + bad + '8')
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.message).toContain('第 17 位')
    }
  })

  it('says what is wrong: the check character and what it should be', () => {
    expect(validateUscc('914106110000000M19')).toEqual({
      ok: false,
      message: '统一社会信用代码校验位错误：第 18 位应为「8」，实际为「9」',
    })
  })

  it('property: every valid code verifies; changing one character breaks it', () => {
    const ch = fc.constantFrom(...USCC_CHARSET.split(''))
    fc.assert(
      fc.property(
        fc.array(ch, { minLength: 17, maxLength: 17 }),
        fc.nat(16),
        ch,
        (arr, pos, repl) => {
          const first = arr.join('')
          const code = first + usccCheckChar(first)
          expect(usccCheckChar(first)).toBe(refCheck(first))
          expect(validateUscc(code)).toEqual({ ok: true })
          if (repl !== first[pos]) {
            const changed = first.slice(0, pos) + repl + first.slice(pos + 1) + code[17]
            expect(validateUscc(changed).ok).toBe(false)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
