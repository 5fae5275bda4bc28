import { formatPoints } from '../../../../shared/domain/scoring'

/** A signed change: green up, red down, grey none. */
export function Delta({ value, unit, big }: { value: number; unit: string; big?: boolean }) {
  const cls = value > 0 ? 'up' : value < 0 ? 'down' : 'flat'
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±'
  return (
    <span className={`delta ${cls}${big ? ' big' : ''}`}>
      {sign}
      {formatPoints(Math.abs(value))} {unit}
    </span>
  )
}
