/** Money is integer fen (分), never floats; rates are integer basis points (1 bp = 0.01 %). */

function assertFen(fen: number, what: string): void {
  if (!Number.isSafeInteger(fen))
    throw new RangeError(`${what}: must be a whole number of fen, got ${fen}`)
}

/** 123456789 → '1,234,567.89'; whole yuan print without decimals: 50000000 → '500,000'. */
export function formatYuan(fen: number): string {
  assertFen(fen, 'formatYuan')
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return sign + grouped + (cents ? `.${String(cents).padStart(2, '0')}` : '')
}

/** 5000 → '50%', 1250 → '12.5%'. */
export function formatBasisPoints(bp: number): string {
  const whole = Math.floor(bp / 100)
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return `${whole}${frac ? `.${frac}` : ''}%`
}

/** floor(fen × bp / 10000), exact for any safe-integer amount (BigInt inside). */
export function applyRateFloor(fen: number, bp: number): number {
  assertFen(fen, 'amount')
  assertFen(bp, 'rate')
  return Number((BigInt(fen) * BigInt(bp)) / 10000n)
}

/** Yuan (integer) → fen. */
export function yuan(y: number): number {
  const fen = y * 100
  assertFen(fen, 'yuan')
  return fen
}
