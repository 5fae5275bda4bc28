/**
 * Text that reaches a terminal, a log or a list someone reads (issue 12 §6): control characters
 * (C0, DEL, C1), format characters (bidirectional overrides and isolates, zero-width marks),
 * line/paragraph separators, private-use and lone surrogates can forge lines, reorder what is
 * shown or hide text. Names registered at central may not contain them; everything printed by
 * the administrator CLI is passed through `escapeForDisplay`.
 */

/** One character that must not be shown raw. */
export const UNSAFE_DISPLAY_CHAR = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u
const UNSAFE_GLOBAL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/gu

/** Whether `s` holds a character that must not be shown raw. */
export function hasUnsafeDisplayChars(s: string): boolean {
  return UNSAFE_DISPLAY_CHAR.test(s)
}

/** `s` with every unsafe character written as a visible `\u{…}` escape (backslashes doubled). */
export function escapeForDisplay(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(UNSAFE_GLOBAL, (c) => `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`)
}
