/**
 * Calendar dates as the app prints them: YYYY-MM-DD in the device's LOCAL time zone (an assessor
 * in Hebi at 07:30 on the 21st writes the 21st, while the UTC date is still the 20th). Used for
 * every default date (report issuedOn, assessedOn of an imported recheck, CLI defaults).
 */
export function localDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
