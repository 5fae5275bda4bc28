/**
 * Mainland China phone numbers as an enterprise contact: an 11-digit mobile number (1[3-9]…,
 * optionally +86 / 86 in front; spaces or hyphens between groups allowed) or a landline with its
 * area code (0 + 2–3 digits, then 7–8 digits, optionally an extension after '-' or 转:
 * 0392-3312345, (0392)3312345, 0392-3312345-801). Empty = no phone.
 */
const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/
const LANDLINE = /^(?:\(0\d{2,3}\)|0\d{2,3}-?)[1-9]\d{6,7}(?:(?:-|转)\d{1,6})?$/

export function isPhone(s: string): boolean {
  const t = s.replace(/\s+/g, '')
  return MOBILE.test(t.replace(/-/g, '')) || LANDLINE.test(t)
}

/** null when empty or valid; else the one-line message naming the field. */
export function phoneError(s: string): string | null {
  if (s.trim() === '' || isPhone(s)) return null
  return `电话「${s.trim()}」格式不正确：应为 11 位手机号（如 13912345678）或带区号的固定电话（如 0392-3312345）`
}
