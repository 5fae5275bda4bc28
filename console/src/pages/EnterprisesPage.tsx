import { Badge, Card, Input, Select, Space, Switch, Table, Typography } from 'antd'
import { useState } from 'react'
import type { ConsoleCallInput } from '../../../shared/console'
import { levelText } from '../format'
import { href } from '../route'
import { useCall } from '../use-call'
import { Loading } from './common'

export function EnterprisesPage() {
  const [f, setF] = useState<ConsoleCallInput<'enterprises.list'>>({ offset: 0, limit: 20 })
  const state = useCall('enterprises.list', f)
  const set = (patch: Partial<ConsoleCallInput<'enterprises.list'>>): void =>
    setF((x) => ({ ...x, ...patch, offset: 0 }))
  const opts = (l: string[] | undefined) => (l ?? []).map((v) => ({ label: v, value: v }))
  return (
    <div className="page" data-testid="enterprises-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        企业档案
      </Typography.Title>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            placeholder="企业名称或统一社会信用代码"
            allowClear
            style={{ width: 280 }}
            onSearch={(v) => set({ query: v || undefined })}
            data-testid="enterprise-search"
          />
          <Select
            allowClear
            placeholder="县区"
            style={{ width: 120 }}
            options={opts(state.data?.counties)}
            onChange={(v?: string) => set({ county: v })}
          />
          <Select
            allowClear
            placeholder="试点行业"
            style={{ width: 190 }}
            options={opts(state.data?.industries)}
            onChange={(v?: string) => set({ industry: v })}
          />
          <Select
            allowClear
            placeholder="批次"
            style={{ width: 100 }}
            options={[1, 2, 3].map((b) => ({ label: `第${b}批`, value: b }))}
            onChange={(v?: 1 | 2 | 3) => set({ batch: v })}
          />
          <Select
            allowClear
            placeholder="服务商"
            style={{ width: 200 }}
            options={opts(state.data?.providers)}
            onChange={(v?: string) => set({ provider: v })}
          />
          <Space>
            <Switch size="small" onChange={(v) => set({ flagged: v || undefined })} />
            <span>仅看有诚信信号</span>
          </Space>
        </Space>
        <Loading state={state}>
          {(l) => (
            <Table
              size="small"
              rowKey="key"
              dataSource={l.items}
              data-testid="enterprise-table"
              pagination={{
                total: l.total,
                pageSize: f.limit ?? 20,
                current: Math.floor((f.offset ?? 0) / (f.limit ?? 20)) + 1,
                showSizeChanger: false,
                showTotal: (t) => `共 ${t} 家`,
                onChange: (page) => setF((x) => ({ ...x, offset: (page - 1) * (x.limit ?? 20) })),
              }}
              columns={[
                {
                  title: '企业名称',
                  dataIndex: 'name',
                  render: (n: string, r) => (
                    <a href={href({ page: 'chain', key: r.key })} data-testid="enterprise-link">
                      {n}
                    </a>
                  ),
                },
                { title: '县区', dataIndex: 'county', width: 90 },
                { title: '试点行业', dataIndex: 'industry', width: 170 },
                {
                  title: '批次',
                  dataIndex: 'batch',
                  width: 70,
                  render: (b: number | null) => (b ? `第${b}批` : '—'),
                },
                { title: '服务商', dataIndex: 'provider', width: 180 },
                { title: '诊断', dataIndex: 'diagnosisLevel', width: 70, render: levelText },
                { title: '验收', dataIndex: 'acceptanceLevel', width: 70, render: levelText },
                {
                  title: '信号',
                  dataIndex: 'openSignals',
                  width: 60,
                  render: (n: number) =>
                    n ? <Badge count={n} /> : <span className="muted">—</span>,
                },
              ]}
            />
          )}
        </Loading>
      </Card>
    </div>
  )
}
