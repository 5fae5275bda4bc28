import { LEVEL_COLORS } from '../enterprises/labels'

const NAMES = ['无等级', '一级', '二级', '三级', '四级']

/** The overall level as a coloured badge; "暂定" while items are still open. */
export function LevelBadge({
  level,
  provisional,
  size = 'large',
}: {
  level: number
  provisional?: boolean
  size?: 'large' | 'small'
}) {
  const color = LEVEL_COLORS[level] ?? 'default'
  return (
    <span
      className={`level-badge level-${level} ${size}`}
      data-color={color}
      data-testid="level-badge"
    >
      <span className="level-name">{NAMES[level] ?? `${level}`}</span>
      {provisional ? <span className="level-prov">暂定</span> : null}
    </span>
  )
}
export const levelName = (l: number | null | undefined): string =>
  l === null || l === undefined ? '未评' : (NAMES[l] ?? String(l))
