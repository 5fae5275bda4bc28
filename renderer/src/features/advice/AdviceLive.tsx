import { Alert, Button } from 'antd'
import { formatYuan } from '../../../../shared/domain/money'
import { formatPoints } from '../../../../shared/domain/scoring/points'
import { LevelBadge, levelName } from '../assessment/LevelBadge'
import { useAssessment } from '../assessment/assessment.store'
import { homogeneityWarning, useAdvice } from './advice.store'

const range = (low: number, high: number): string =>
  low === high ? `${formatYuan(low)} 元` : `${formatYuan(low)}–${formatYuan(high)} 元`

/**
 * The live panel of the 诊断建议 step: the score and level now and after the plan, whether the
 * target is met, the investment estimate, the projected subsidy for the enterprise's batch, the
 * timeline, the findings still missing for a formal report, and the homogeneity check.
 */
export function AdviceLive({ onJump }: { onJump(sceneId: string): void }) {
  const view = useAdvice((s) => s.view)
  const h = useAdvice((s) => s.homogeneity)
  const check = useAdvice((s) => s.checkHomogeneity)
  const result = useAssessment((s) => s.result)
  const batch = useAssessment((s) => s.detail?.enterprise.batch ?? null)
  if (!view) return null
  const p = view.projection
  const warning = homogeneityWarning(h)
  return (
    <aside className="live advice-live" data-testid="advice-live">
      <div className="live-top">
        <div>
          <div className="live-label">现状</div>
          <div className="live-total">
            {formatPoints(p?.before.total ?? result?.total ?? 0)}
            <span className="live-max">/100</span>
          </div>
        </div>
        <LevelBadge level={p?.before.level ?? result?.level ?? 0} size="small" />
      </div>
      {p ? (
        <>
          <div className="live-top" data-testid="advice-after">
            <div>
              <div className="live-label">方案实施后（目标{levelName(p.target)}）</div>
              <div className="live-total" data-testid="advice-after-total">
                {formatPoints(p.after.total)}
                <span className="live-max">/100</span>
              </div>
            </div>
            <LevelBadge level={p.after.level} />
          </div>
          {p.meets ? (
            <Alert
              type="success"
              showIcon
              message={`方案可达到${levelName(p.target)}`}
              data-testid="advice-meets"
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              message={`按现方案达不到${levelName(p.target)}`}
              description="有必要的步骤被删除。可重新生成方案，或补充措施后再评估。"
              data-testid="advice-misses"
            />
          )}
          <div className="advice-live-block" data-testid="advice-investment">
            <div className="live-label">投资估算</div>
            <div className="mono">{range(p.investment.lowFen, p.investment.highFen)}</div>
            <div className="muted">
              已估算 {p.investment.estimated}/{p.investment.measures} 项措施，合计{' '}
              {formatYuan(p.investment.estimatedFen)} 元
            </div>
          </div>
          <div className="advice-live-block" data-testid="advice-subsidy">
            <div className="live-label">
              预计补助（{p.subsidy?.policyId ?? '鹤壁试点'}
              {batch ? `，第${batch}批` : ''}）
            </div>
            {p.subsidy ? (
              <div className="mono" data-testid="advice-subsidy-total">
                {range(p.subsidy.low.totalFen, p.subsidy.high.totalFen)}
              </div>
            ) : null}
            {p.subsidyNote ? <div className="muted">{p.subsidyNote}</div> : null}
          </div>
          {view.timeline ? (
            <div className="advice-live-block" data-testid="advice-timeline">
              <div className="live-label">实施周期</div>
              <div>
                约 {view.timeline.totalWeeks} 周（{view.timeline.lanes} 项并行，按参考工期上限）
              </div>
            </div>
          ) : null}
        </>
      ) : (
        <div className="muted advice-live-block">
          采纳方案后，这里显示实施后的得分、等级和补助测算。
        </div>
      )}
      <div className="advice-live-block" data-testid="advice-findings-state">
        <div className="live-label">诊断发现</div>
        {view.missingFindings.length === 0 ? (
          <span className="ok">低于目标等级的场景均已填写</span>
        ) : (
          <>
            <div className="muted">尚缺 {view.missingFindings.length} 个场景，报告为草稿：</div>
            {view.missingFindings.map((id) => (
              <button type="button" key={id} className="chip" onClick={() => onJump(id)}>
                {id}
              </button>
            ))}
          </>
        )}
      </div>
      <div className="advice-live-block" data-testid="advice-homogeneity">
        <div className="live-label">同质化检查</div>
        {warning ? (
          <Alert type="error" showIcon message={warning} data-testid="homogeneity-warning" />
        ) : h ? (
          <div className="muted" data-testid="homogeneity-ok">
            {h.judged
              ? `与本机其他 ${h.compared} 家企业的诊断比较，最高相似度 ${Math.round((h.best?.similarity ?? 0) * 100)}%，未发现雷同`
              : '诊断文字较少，暂不比较'}
          </div>
        ) : null}
        <Button size="small" onClick={() => void check()} data-testid="check-homogeneity">
          检查雷同
        </Button>
      </div>
    </aside>
  )
}
