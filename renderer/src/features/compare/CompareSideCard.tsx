import { Button, Empty, Tag } from 'antd'
import type { CompareResult } from '../../../../shared/contract'
import { formatPoints } from '../../../../shared/domain/scoring'
import { LevelBadge } from '../assessment/LevelBadge'
import { STATUS_COLORS, useAssessmentLabels } from '../enterprises/labels'

type Side = NonNullable<CompareResult['diagnosis']>

/** One side of the before/after comparison. */
export function CompareSideCard({
  title,
  side,
  onOpen,
}: {
  title: string
  side: Side | null
  onOpen(id: string): void
}) {
  const label = useAssessmentLabels()
  return (
    <div className="card compare-side">
      <div className="live-label">{title}</div>
      {side ? (
        <>
          <div className="compare-side-top">
            <div className="live-total">
              {formatPoints(side.total)}
              <span className="live-max">/100</span>
            </div>
            <LevelBadge level={side.level} provisional={side.provisional} />
          </div>
          <div className="compare-dims">
            <div>
              数字化基础 <b>{formatPoints(side.dimensions.D1)}</b> / 50
            </div>
            <div>
              数字化管理 <b>{formatPoints(side.dimensions.D3)}</b> / 30
            </div>
            <div>
              数字化成效 <b>{formatPoints(side.dimensions.D4)}</b> / 20
            </div>
          </div>
          <div className="compare-meta">
            <Tag color={STATUS_COLORS[side.status]}>{label.status(side.status)}</Tag>
            <span className="muted">
              v{side.version}
              {side.assessedOn ? ` · ${side.assessedOn}` : ''}
            </span>
            <Button size="small" type="link" onClick={() => onOpen(side.assessmentId)}>
              打开
            </Button>
          </div>
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无" />
      )}
    </div>
  )
}
