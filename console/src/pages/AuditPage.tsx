import { Card, Table, Typography } from 'antd'
import { bj } from '../format'
import { useCall } from '../use-call'
import { Loading } from './common'

export function AuditPage() {
  const state = useCall('audit.list', { limit: 200 })
  return (
    <div className="page" data-testid="audit-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        操作审计（只追加，不可修改）
      </Typography.Title>
      <Loading state={state}>
        {(l) => (
          <Card size="small">
            <Table
              size="small"
              rowKey="id"
              dataSource={l.items}
              pagination={{ pageSize: 25, hideOnSinglePage: true }}
              columns={[
                { title: '#', dataIndex: 'id', width: 60 },
                { title: '时间（北京）', dataIndex: 'at', width: 150, render: bj },
                { title: '账号', dataIndex: 'username', width: 100 },
                { title: '操作', dataIndex: 'action', width: 180 },
                {
                  title: '对象',
                  dataIndex: 'target',
                  width: 180,
                  render: (t: string | null) => <span className="mono">{t ?? ''}</span>,
                },
                {
                  title: '详情',
                  dataIndex: 'detail',
                  render: (d: unknown) => <span className="mono">{JSON.stringify(d)}</span>,
                },
                { title: '地址', dataIndex: 'ip', width: 110 },
              ]}
            />
          </Card>
        )}
      </Loading>
    </div>
  )
}
