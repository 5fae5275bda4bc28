import { Alert, Table, Tag } from 'antd'
import type { DossierView } from '../../../../shared/contract/schemas/dossier'
import { formatYuan } from '../../../../shared/domain/subsidy'

type Step = NonNullable<DossierView['subsidy']>['steps'][number]

/** The subsidy from the ledger: every rule as applied, the caps that limited it highlighted. */
export function SubsidyCard({ view }: { view: DossierView }) {
  const s = view.subsidy
  return (
    <div className="card" data-testid="dossier-subsidy">
      <div className="card-title">奖补资金测算</div>
      {!s ? (
        <Alert type="info" showIcon message={view.subsidyProblem ?? '无法测算'} />
      ) : (
        <>
          <div style={{ marginBottom: 8 }}>
            {s.policyTitle} · 第{s.batch}批 · 实际投入{' '}
            <b className="mono">{formatYuan(s.investmentFen)} 元</b> · 补助合计{' '}
            <b className="mono" data-testid="subsidy-total">
              {formatYuan(s.totalFen)} 元
            </b>
            （咨询诊断{' '}
            {s.diagnosisPending
              ? '待核定（未提供实际诊断费用）'
              : `${formatYuan(s.diagnosisFen)} 元`}{' '}
            + 改造 {formatYuan(s.retrofitFen)} 元）
          </div>
          <Table<Step>
            size="small"
            rowKey="ruleId"
            pagination={false}
            dataSource={s.steps}
            rowClassName={(r) => (r.capHit ? 'dossier-cap-hit' : '')}
            onRow={(r) =>
              ({
                'data-testid': `step-${r.ruleId}`,
                'data-cap-hit': String(r.capHit),
                style: r.capHit ? { background: '#fff1f0' } : undefined,
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: '规则与计算',
                dataIndex: 'text',
                render: (t: string, r) => (
                  <span>
                    {t} {r.capHit ? <Tag color="red">封顶</Tag> : null}
                  </span>
                ),
              },
              {
                title: '金额（元）',
                dataIndex: 'amountFen',
                align: 'right',
                width: 140,
                render: (f: number) => <span className="mono">{formatYuan(f)}</span>,
              },
            ]}
          />
          {s.warnings.map((w) => (
            <Alert key={w} type="warning" showIcon message={w} style={{ marginTop: 8 }} />
          ))}
        </>
      )}
    </div>
  )
}
