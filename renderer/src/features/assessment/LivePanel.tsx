import { Progress, Tooltip } from 'antd'
import { useMemo } from 'react'
import type { Catalogue } from '../../../../shared/domain/catalogue/types'
import { formatPoints } from '../../../../shared/domain/scoring'
import type { AssessmentResult } from '../../../../shared/domain/scoring/types'
import { useAssessment } from './assessment.store'
import { LevelBadge } from './LevelBadge'
import { RadarChart, type RadarAxis } from './RadarChart'

/**
 * Where the enterprise stands right now: total, level, dimension scores, radar, scene counts, the
 * gap to the next level and what is still open. Recomputed on every change.
 */
export function LivePanel({
  catalogue,
  onJump,
}: {
  catalogue: Catalogue
  onJump(id: string): void
}) {
  const result = useAssessment((s) => s.result)
  const scenes = useAssessment((s) => s.detail?.scenes)
  const axes = useMemo(
    () => radarAxes(catalogue, result, scenes ?? {}),
    [catalogue, result, scenes],
  )
  if (!result) return null
  const open = [...result.unanswered.questions, ...result.unanswered.scenes]

  return (
    <aside className="live" data-testid="live-panel">
      <div className="live-top">
        <div>
          <div className="live-label">总分</div>
          <div className="live-total" data-testid="live-total">
            {formatPoints(result.total)}
            <span className="live-max">/100</span>
          </div>
        </div>
        <LevelBadge level={result.level} provisional={result.provisional} />
      </div>
      <div className="live-dims">
        {(['D1', 'D3', 'D4'] as const).map((id) => {
          const d = result.dimensions[id]
          return (
            <div key={id} className="live-dim" data-testid={`live-${id}`}>
              <div className="live-dim-row">
                <span>{d.name}</span>
                <span className="mono">
                  {formatPoints(d.score)} / {formatPoints(d.max)}
                </span>
              </div>
              <Progress
                percent={d.max ? (d.score / d.max) * 100 : 0}
                showInfo={false}
                size="small"
              />
            </div>
          )
        })}
      </div>
      <RadarChart axes={axes} />
      <div className="live-scenes">
        <div className="live-label">
          场景等级分布（已评 {result.scenes.judged}/{result.scenes.total}）
        </div>
        <div className="scene-bars">
          {result.scenes.byLevel.map((n, l) => (
            <Tooltip key={l} title={`${l === 0 ? '未达一级' : `${l}级`}：${n} 个场景`}>
              <div className="scene-bar">
                <div className="scene-bar-n">{n}</div>
                <div
                  className={`scene-bar-fill l${l}`}
                  style={{ height: `${Math.min(100, n * 12)}%` }}
                />
                <div className="scene-bar-l">{l === 0 ? '0' : `${l}级`}</div>
              </div>
            </Tooltip>
          ))}
        </div>
      </div>
      <div className="live-gap" data-testid="gap-text">
        {result.next ? result.next.text : '已达最高等级（四级）'}
      </div>
      <div className="live-open" data-testid="unanswered">
        {open.length === 0 ? (
          <span className="ok">全部条目已完成</span>
        ) : (
          <>
            <span>
              未完成 <b data-testid="unanswered-count">{open.length}</b> 项：
            </span>
            {open.slice(0, 14).map((id) => (
              <button type="button" key={id} className="chip" onClick={() => onJump(id)}>
                {id}
              </button>
            ))}
            {open.length > 14 ? <span className="muted">…</span> : null}
          </>
        )}
      </div>
    </aside>
  )
}

/** Axes: the secondary indicators (score rate) and the scene groups (mean judged level / 4). */
export function radarAxes(
  c: Catalogue,
  r: AssessmentResult | null,
  scenes: Record<string, { level: number | null }>,
): RadarAxis[] {
  if (!r) return []
  const axes: RadarAxis[] = r.secondaries.map((s) => ({
    name: s.name,
    value: s.max ? (s.score / s.max) * 100 : 0,
  }))
  for (const g of c.sceneGroups) {
    const levels = c.scenes.filter((s) => s.group === g.id).map((s) => scenes[s.id]?.level ?? 0)
    const mean = levels.length ? levels.reduce((a, b) => a + b, 0) / levels.length : 0
    // the chart label drops the groups' common 「数字化」 (16 axes share a 300-px panel)
    axes.push({ name: g.name.replace(/数字化$/, ''), value: (mean / 4) * 100 })
  }
  return axes
}
