import { Alert, Card, Col, Progress, Row, Segmented, Table, Typography } from 'antd'
import { useState } from 'react'
import { href } from '../route'
import { levelText, yuan } from '../format'
import { useCall } from '../use-call'
import { Loading } from './common'

export function BudgetPage() {
  const [batch, setBatch] = useState<0 | 1 | 2 | 3>(0)
  const state = useCall('budget.get', batch ? { batch } : {})
  return (
    <div className="page" data-testid="budget-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        补助资金 · 已验收企业的补助承诺对照预算
      </Typography.Title>
      <Segmented
        value={batch}
        onChange={(v) => setBatch(v as 0 | 1 | 2 | 3)}
        options={[
          { label: '全部批次', value: 0 },
          { label: '第一批', value: 1 },
          { label: '第二批', value: 2 },
          { label: '第三批', value: 3 },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Loading state={state}>
        {(b) => (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              {b.lines.map((l) => (
                <Col key={l.id} xs={24} lg={12}>
                  <Card size="small" data-testid={`budget-line-${l.id}`}>
                    <Typography.Text strong>{l.title}</Typography.Text>
                    <div style={{ fontSize: 20, margin: '6px 0' }}>
                      {yuan(l.estimatedFen)}{' '}
                      <span className="muted" style={{ fontSize: 13 }}>
                        / 预算 {yuan(l.capFen)}
                      </span>
                    </div>
                    <Progress
                      percent={Math.min(
                        100,
                        Math.round((l.estimatedFen / Math.max(1, l.capFen)) * 1000) / 10,
                      )}
                      status={l.over ? 'exception' : 'normal'}
                      size="small"
                    />
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
                      {l.message}。{l.source}
                    </Typography.Paragraph>
                  </Card>
                </Col>
              ))}
            </Row>
            {b.anyOver ? (
              <Alert
                type="error"
                showIcon
                message="补助承诺已超出预算"
                style={{ marginBottom: 12 }}
              />
            ) : null}
            <Card size="small" title="按批次（数字化改造补助）" style={{ marginBottom: 16 }}>
              <Table
                size="small"
                rowKey="batch"
                pagination={false}
                dataSource={b.byBatch}
                data-testid="budget-batches"
                columns={[
                  { title: '批次', dataIndex: 'batch', width: 90 },
                  { title: '已验收企业', dataIndex: 'enterprises', align: 'right', width: 100 },
                  {
                    title: '咨询诊断补助',
                    dataIndex: 'diagnosisFen',
                    align: 'right',
                    render: yuan,
                  },
                  {
                    title: '数字化改造补助',
                    dataIndex: 'retrofitFen',
                    align: 'right',
                    render: yuan,
                  },
                  { title: '合计', dataIndex: 'totalFen', align: 'right', render: yuan },
                  { title: '补助规则（实施方案第19条）', dataIndex: 'rule' },
                ]}
              />
            </Card>
            <Card size="small" title={`企业明细（${b.rows.length} 家）`}>
              <Table
                size="small"
                rowKey="key"
                dataSource={b.rows}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  {
                    title: '企业',
                    dataIndex: 'name',
                    render: (n: string, r) => <a href={href({ page: 'chain', key: r.key })}>{n}</a>,
                  },
                  {
                    title: '批次',
                    dataIndex: 'batch',
                    width: 70,
                    render: (x: number | null) => (x ? `第${x}批` : '—'),
                  },
                  { title: '验收等级', dataIndex: 'level', width: 90, render: levelText },
                  {
                    title: '实际投入（可补助）',
                    dataIndex: 'investmentFen',
                    align: 'right',
                    render: yuan,
                  },
                  {
                    title: '咨询诊断补助',
                    dataIndex: 'diagnosisFen',
                    align: 'right',
                    render: yuan,
                  },
                  { title: '改造补助', dataIndex: 'retrofitFen', align: 'right', render: yuan },
                  { title: '说明', dataIndex: 'problem', render: (p: string | null) => p ?? '' },
                ]}
              />
              <Typography.Paragraph
                type="secondary"
                style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}
              >
                {b.policyTitle}。{b.notes.join(' ')}
              </Typography.Paragraph>
            </Card>
          </>
        )}
      </Loading>
    </div>
  )
}
