/**
 * Exact point arithmetic: every score in the catalogue is a whole number of thousandths
 * (0.7, 1.25, 1.875, 5.625), so scoring works in integer milli-points and converts back once.
 */

/** Points → integer milli-points (0.7 → 700). */
export function toMilli(points: number): number {
  return Math.round(points * 1000)
}

/** Integer milli-points → points, the nearest double (700 → 0.7, 3500 → 3.5). */
export function fromMilli(milli: number): number {
  return milli / 1000
}

/** Milli-points as text without float noise: 3500 → '3.5', 1875 → '1.875', 12000 → '12'. */
export function formatMilli(milli: number): string {
  const sign = milli < 0 ? '-' : ''
  const abs = Math.abs(Math.round(milli))
  const whole = Math.floor(abs / 1000)
  const frac = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '')
  return sign + (frac ? `${whole}.${frac}` : String(whole))
}

/** Points as text without float noise: formatPoints(0.1 + 0.2) → '0.3'. */
export function formatPoints(points: number): string {
  return formatMilli(toMilli(points))
}
