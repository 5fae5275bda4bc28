import { Alert, Button, Card, Descriptions, Space, Steps, Table, Tag, Typography } from 'antd'
import type { ChainBundle } from '../../../shared/console'
import { downloadUrl } from '../api'
import { bj, kindText, levelText, yuan, ZJTX } from '../format'
import { href } from '../route'
import { useCall } from '../use-call'
import { Loading } from './common'

export function ChainPage({ enterpriseKey }: { enterpriseKey: string }) {
  const state = useCall('enterprises.chain', { key: enterpriseKey })
  return (
    <div className="page" data-testid="chain-page">
      <Loading state={state}>
        {(c) => (
          <>
            <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="chain-name">
                {c.name}
              </Typography.Title>
              <Button
                href={downloadUrl('dossier.zip', { key: c.key })}
                data-testid="download-dossier"
              >
                下载一企一档
              </Button>
            </Space>
            <Card size="small" style={{ marginBottom: 12 }}>
              <Descriptions size="small" column={3}>
                <Descriptions.Item label="统一社会信用代码">{c.uscc ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="县区">{c.county ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="试点行业">{c.industry ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="批次">
                  {c.batch ? `第${c.batch}批` : '—'}
                </Descriptions.Item>
                <Descriptions.Item label="专精特新">
                  {c.zjtx ? (ZJTX[c.zjtx] ?? c.zjtx) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label="服务商">{c.provider ?? '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title="诊断 → 验收链" style={{ marginBottom: 12 }}>
              <Steps
                size="small"
                data-testid="chain-steps"
                items={c.steps.map((s) => ({
                  title: `${kindText(s.kind)} ${levelText(s.level)}`,
                  description: s.date ?? '',
                  status: 'finish' as const,
                }))}
              />
            </Card>
            {c.signals.length ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                message={`诚信信号 ${c.signals.filter((s) => s.status === 'open').length} 条待处理（信号不改变评测结果）`}
                description={
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {c.signals.map((s) => (
                      <li key={s.id}>
                        {s.status === 'cleared' ? (
                          <Tag>已清除</Tag>
                        ) : (
                          <Tag color="orange">待处理</Tag>
                        )}
                        {s.summary} <a href={href({ page: 'signals' })}>查看</a>
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null}
            <Card size="small" title={`签名结果（${c.bundles.length} 份，含被更正的版本）`}>
              <Table<ChainBundle>
                size="small"
                rowKey="bundleId"
                pagination={false}
                dataSource={c.bundles}
                data-testid="chain-bundles"
                expandable={{
                  expandedRowRender: (b) => (
                    <Descriptions size="small" column={2}>
                      <Descriptions.Item label="签名结果编号">
                        <span className="mono">{b.bundleId}</span>
                      </Descriptions.Item>
                      <Descriptions.Item label="清单 SHA-256">
                        <span className="mono">{b.manifestSha256}</span>
                      </Descriptions.Item>
                      <Descriptions.Item label="评测人员密钥">
                        <span className="mono">{b.assessorKeyId.slice(0, 16)}…</span>
                      </Descriptions.Item>
                      <Descriptions.Item label="接收回执">
                        {b.receipt ? (
                          <span>
                            {bj(b.receipt.acceptedAt)} 由中心密钥{' '}
                            <span className="mono">{b.receipt.serverKeyId.slice(0, 12)}…</span> 签发
                          </span>
                        ) : (
                          '尚未接收完成'
                        )}
                      </Descriptions.Item>
                      {b.citesDiagnosis ? (
                        <Descriptions.Item label="对照的诊断">
                          <span className="mono">{b.citesDiagnosis.slice(0, 16)}…</span>
                        </Descriptions.Item>
                      ) : null}
                      {b.dossier ? (
                        <Descriptions.Item label="验收档案">
                          可补助投入 {yuan(b.dossier.eligibleFen)}；材料
                          {b.dossier.complete ? '齐全' : '不齐全'}
                        </Descriptions.Item>
                      ) : null}
                    </Descriptions>
                  ),
                }}
                columns={[
                  { title: '类型', dataIndex: 'kind', width: 90, render: kindText },
                  {
                    title: '版本',
                    dataIndex: 'version',
                    width: 110,
                    render: (v: number, b) => (
                      <Space size={4}>
                        第{v}版{b.current ? <Tag color="green">现行</Tag> : <Tag>已更正</Tag>}
                      </Space>
                    ),
                  },
                  { title: '等级', dataIndex: 'level', width: 70, render: levelText },
                  { title: '总分', dataIndex: 'total', width: 70, align: 'right' },
                  { title: '评测日期', dataIndex: 'assessedOn', width: 110 },
                  { title: '评测人员', dataIndex: 'assessor', width: 90 },
                  { title: '服务商', dataIndex: 'provider' },
                  { title: '佐证', dataIndex: 'evidence', width: 60, align: 'right' },
                  {
                    title: '回执',
                    dataIndex: 'receipt',
                    width: 90,
                    render: (r: ChainBundle['receipt']) =>
                      r ? <Tag color="blue">已签发</Tag> : <Tag>无</Tag>,
                  },
                  {
                    title: '报告',
                    dataIndex: 'reports',
                    render: (rs: ChainBundle['reports']) =>
                      rs.length ? (
                        rs.map((r) => (
                          <a key={r.number} href={href({ page: 'reports', number: r.number })}>
                            {r.number}{' '}
                          </a>
                        ))
                      ) : (
                        <span className="muted">—</span>
                      ),
                  },
                  {
                    title: '更正原因',
                    dataIndex: 'supersedes',
                    render: (s: ChainBundle['supersedes']) => s?.reason ?? '',
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
