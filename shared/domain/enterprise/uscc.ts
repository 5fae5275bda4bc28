/**
 * 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from the 31-character
 * set 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z); the 18th is a check character:
 * C18 = 31 − (Σ Ci·Wi mod 31), with 31 → 0, weights Wi = 3^(i−1) mod 31.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const USCC_WEIGHTS = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
] as const

export type UsccResult = { ok: true } | { ok: false; message: string }

/** The check character for the first 17 characters (which must be valid). */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('usccCheckChar: needs the first 17 characters')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17.charAt(i))
    if (v < 0) throw new Error(`usccCheckChar: invalid character at position ${i + 1}`)
    sum += v * (USCC_WEIGHTS[i] ?? 0)
  }
  const c = 31 - (sum % 31)
  return USCC_CHARSET.charAt(c === 31 ? 0 : c)
}

export function validateUscc(code: string): UsccResult {
  if (typeof code !== 'string' || code.length === 0)
    return { ok: false, message: '统一社会信用代码不能为空' }
  const chars = [...code]
  if (chars.length !== 18)
    return { ok: false, message: `统一社会信用代码应为 18 位，实际为 ${chars.length} 位` }
  for (let i = 0; i < 18; i++) {
    const ch = chars[i] ?? ''
    if (!USCC_CHARSET.includes(ch)) {
      const hint =
        ch !== ch.toUpperCase() && USCC_CHARSET.includes(ch.toUpperCase())
          ? '（字母须大写）'
          : '（只能是数字 0–9 或大写字母，不含 I、O、S、V、Z）'
      return { ok: false, message: `统一社会信用代码第 ${i + 1} 位字符「${ch}」不合法${hint}` }
    }
  }
  const expected = usccCheckChar(code.slice(0, 17))
  const actual = code.charAt(17)
  if (expected !== actual)
    return {
      ok: false,
      message: `统一社会信用代码校验位错误：第 18 位应为「${expected}」，实际为「${actual}」`,
    }
  return { ok: true }
}
