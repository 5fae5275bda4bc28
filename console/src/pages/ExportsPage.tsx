import { Button, Card, Col, Row, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { downloadUrl } from '../api'
import { useCall } from '../use-call'

function Bulletin({
  by,
  title,
  names,
}: {
  by: 'county' | 'provider'
  title: string
  names: string[]
}) {
  const [name, setName] = useState<string | undefined>(undefined)
  return (
    <Card size="small" title={`${title}进度通报（.xlsx）`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          不选则导出全部{title}的汇总、目标完成情况与企业明细。
        </Typography.Text>
        <Select
          allowClear
          placeholder={`全部${title}`}
          style={{ width: '100%' }}
          value={name}
          onChange={setName}
          options={names.map((n) => ({ label: n, value: n }))}
        />
        <Button
          type="primary"
          href={downloadUrl('bulletin.xlsx', { by, ...(name ? { name } : {}) })}
          data-testid={`download-bulletin-${by}`}
        >
          下载通报
        </Button>
      </Space>
    </Card>
  )
}

export function ExportsPage() {
  const lists = useCall('enterprises.list', { limit: 1 })
  return (
    <div className="page" data-testid="exports-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        导出通报
      </Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Bulletin by="county" title="县区" names={lists.data?.counties ?? []} />
        </Col>
        <Col xs={24} lg={12}>
          <Bulletin by="provider" title="服务商" names={lists.data?.providers ?? []} />
        </Col>
        <Col xs={24}>
          <Card size="small" title="一企一档（.zip）">
            <Typography.Text type="secondary">
              在「企业档案」中打开企业，点击「下载一企一档」：含全部签名结果（可用评测工具校验）、接收回执与报告编号；不含任何口令或密钥，疑似含口令的结果不放入并在目录中说明。
            </Typography.Text>
          </Card>
        </Col>
      </Row>
    </div>
  )
}
