import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, Button, Empty, Spin, Table, Tag } from 'antd'
import { useEffect, useState } from 'react'
import type { AssessmentSummary, CompareResult } from '../../../../shared/contract'
import { formatPoints } from '../../../../shared/domain/scoring'
import { client, errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { levelName } from '../assessment/LevelBadge'
import { STATUS_COLORS, useAssessmentLabels } from '../enterprises/labels'
import { CompareSideCard } from './CompareSideCard'
import { Delta } from './Delta'

/** Before/after for one enterprise: diagnosis vs acceptance, deltas, scenes that moved, versions. */
export function ComparePage({ enterpriseId }: { enterpriseId: string }) {
  const label = useAssessmentLabels()
  const go = useRoute((s) => s.go)
  const [data, setData] = useState<CompareResult | null>(null)
  const [versions, setVersions] = useState<AssessmentSummary[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    Promise.all([
      client().call('assessments.compare', { enterpriseId }),
      client().call('assessments.list', { enterpriseId, includeSuperseded: true }),
    ]).then(
      ([c, l]) => {
        if (!live) return
        setData(c)
        setVersions(l.items)
      },
      (e: unknown) => live && setError(errorMessage(e)),
    )
    return () => {
      live = false
    }
  }, [enterpriseId])

  if (error) return <Alert type="error" showIcon message={error} style={{ margin: 24 }} />
  if (!data) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />

  return (
    <div className="page" data-testid="compare-page">
      <div className="page-head">
        <div className="page-head-left">
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => go({ name: 'enterprises' })}
            aria-label="返回"
          />
          <div>
            <h2 className="page-title">改造前后对比 · {data.enterprise.name}</h2>
            <div className="muted mono">{data.enterprise.uscc}</div>
          </div>
        </div>
      </div>
      {!data.diagnosis && !data.acceptance ? (
        <div className="card">
          <Empty description="该企业尚无评测" />
        </div>
      ) : (
        <div className="compare-grid">
          <CompareSideCard
            title="改造前 · 诊断评测"
            side={data.diagnosis}
            onOpen={(id) => go({ name: 'assessment', id })}
          />
          <div className="compare-delta card">
            <div className="live-label">变化（验收 − 诊断）</div>
            {data.delta ? (
              <>
                <div className="delta-total" data-testid="delta-total">
                  <Delta value={data.delta.total} unit="分" big />
                </div>
                <div className="delta-level">
                  等级 <Delta value={data.delta.level} unit="级" />
                </div>
                <div className="delta-dims">
                  {(['D1', 'D3', 'D4'] as const).map((d) => (
                    <div key={d}>
                      {d === 'D1' ? '数字化基础' : d === 'D3' ? '数字化管理' : '数字化成效'}{' '}
                      <Delta value={data.delta?.dimensions[d] ?? 0} unit="分" />
                    </div>
                  ))}
                </div>
              </>
            ) : (
              <div className="muted">两次评测都存在时显示变化</div>
            )}
          </div>
          <CompareSideCard
            title="改造后 · 验收评价"
            side={data.acceptance}
            onOpen={(id) => go({ name: 'assessment', id })}
          />
        </div>
      )}
      {data.scenesMoved.length > 0 ? (
        <div className="card">
          <h3 className="card-title">等级变化的场景</h3>
          <Table
            size="small"
            rowKey="sceneId"
            pagination={false}
            dataSource={data.scenesMoved}
            columns={[
              { title: '场景', key: 's', render: (_: unknown, r) => `${r.sceneId} ${r.name}` },
              { title: '改造前', dataIndex: 'before', render: (v: number | null) => levelName(v) },
              { title: '改造后', dataIndex: 'after', render: (v: number | null) => levelName(v) },
              {
                title: '变化',
                key: 'd',
                render: (_: unknown, r) =>
                  r.before !== null && r.after !== null ? (
                    <Delta value={r.after - r.before} unit="级" />
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </div>
      ) : null}
      <div className="card">
        <h3 className="card-title">全部评测与版本</h3>
        <Table<AssessmentSummary>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={versions}
          columns={[
            {
              title: '类型',
              dataIndex: 'kind',
              render: (k: AssessmentSummary['kind']) => label.kind(k),
            },
            {
              title: '版本',
              dataIndex: 'version',
              render: (v: number, r) => `v${v}${r.supersededBy ? '（已被更正）' : ''}`,
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: AssessmentSummary['status']) => (
                <Tag color={STATUS_COLORS[s]}>{label.status(s)}</Tag>
              ),
            },
            { title: '评测人员', dataIndex: 'assessorName' },
            { title: '总分', dataIndex: 'total', render: (t: number) => formatPoints(t) },
            { title: '等级', dataIndex: 'levelName' },
            {
              title: '',
              key: 'o',
              render: (_: unknown, r) => (
                <Button size="small" onClick={() => go({ name: 'assessment', id: r.id })}>
                  打开
                </Button>
              ),
            },
          ]}
        />
      </div>
    </div>
  )
}
