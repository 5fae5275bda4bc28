import { Card, Col, Progress, Row, Table, Tabs, Tag, Typography } from 'antd'
import type { ProgressGroupView } from '../../../shared/console'
import { bj, LEVELS } from '../format'
import { useCall } from '../use-call'
import { Loading } from './common'

function GroupTable({ title, rows }: { title: string; rows: ProgressGroupView[] }) {
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 900 }}
      columns={[
        { title, dataIndex: 'name', fixed: 'left', width: 180 },
        { title: '企业数', dataIndex: 'enterprises', align: 'right' },
        { title: '已诊断', dataIndex: 'diagnosed', align: 'right' },
        { title: '已验收', dataIndex: 'accepted', align: 'right' },
        { title: '验收达二级+', dataIndex: 'acceptedAtLeast2', align: 'right' },
        { title: '验收四级', dataIndex: 'acceptedLevel4', align: 'right' },
        { title: '专精特新', dataIndex: 'zjtx', align: 'right' },
        ...LEVELS.map((l, i) => ({
          title: `当前${l}`,
          key: `l${i}`,
          align: 'right' as const,
          render: (_: unknown, g: ProgressGroupView) => g.currentLevels[i],
        })),
      ]}
    />
  )
}

export function ProgressPage() {
  const state = useCall('progress.get', {})
  return (
    <div className="page" data-testid="progress-page">
      <Loading state={state}>
        {(p) => (
          <>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              试点进度 · 对照《{p.planTitle}》目标
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              数据时间 {bj(p.dataAt)}（北京时间）；已接收签名结果 {p.bundles} 份，{p.records}{' '}
              条评测记录的现行版本。
            </Typography.Paragraph>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              {p.targets.map((t) => (
                <Col key={t.id} xs={24} md={12} xl={8} xxl={Math.floor(24 / 5)}>
                  <Card size="small" data-testid={`target-${t.id}`} style={{ height: '100%' }}>
                    <Typography.Text strong>{t.title}</Typography.Text>
                    <div style={{ fontSize: 22, margin: '6px 0' }}>
                      {t.current === null ? (
                        <Tag>{t.basis}</Tag>
                      ) : (
                        <>
                          {t.current}
                          {t.unit}
                          <span className="muted" style={{ fontSize: 13 }}>
                            {' '}
                            / 目标 {t.target}
                            {t.unit}
                          </span>
                        </>
                      )}
                    </div>
                    {t.ratio !== null ? (
                      <Progress
                        percent={Math.min(100, Math.round(t.ratio * 1000) / 10)}
                        size="small"
                        status={t.met ? 'success' : 'active'}
                      />
                    ) : null}
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
                      {t.current !== null ? `${t.basis}；` : ''}
                      {t.note}
                    </Typography.Paragraph>
                  </Card>
                </Col>
              ))}
            </Row>
            <Card size="small">
              <Tabs
                items={[
                  {
                    key: 'county',
                    label: '按县区',
                    children: <GroupTable title="县区" rows={[...p.byCounty, p.total]} />,
                  },
                  {
                    key: 'industry',
                    label: '按试点行业',
                    children: <GroupTable title="试点行业" rows={[...p.byIndustry, p.total]} />,
                  },
                  {
                    key: 'batch',
                    label: '按批次',
                    children: <GroupTable title="批次" rows={[...p.byBatch, p.total]} />,
                  },
                  {
                    key: 'provider',
                    label: '按服务商',
                    children: <GroupTable title="服务商" rows={[...p.byProvider, p.total]} />,
                  },
                ]}
              />
            </Card>
          </>
        )}
      </Loading>
    </div>
  )
}
