import { Table } from 'antd'
import { useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client } from '../../api'

type Entry = Output<'reports.list'>['items'][number]
const KIND = { diagnosis: '诊断报告', acceptance: '验收评价', recheck: '复核报告' } as const

/**
 * The report registry (issue 11 item 8): the formal reports printed on this device for one
 * assessment — number, kind, report hash, signer, time. `refresh` changes after each render.
 */
export function ReportRegistryList(props: { assessmentId: string; refresh: number }) {
  const [items, setItems] = useState<Entry[]>([])
  useEffect(() => {
    client()
      .call('reports.list', { assessmentId: props.assessmentId })
      .then((r) => setItems(r.items))
      .catch(() => setItems([]))
  }, [props.assessmentId, props.refresh])
  if (items.length === 0) return null
  return (
    <Table<Entry>
      size="small"
      rowKey="number"
      pagination={false}
      style={{ marginTop: 12 }}
      title={() => '已出具的正式报告'}
      dataSource={items}
      data-testid="report-registry"
      columns={[
        { title: '报告编号', dataIndex: 'number' },
        { title: '类型', dataIndex: 'kind', render: (k: Entry['kind']) => KIND[k] },
        { title: '出具日期', dataIndex: 'issuedOn' },
        {
          title: '签名',
          dataIndex: 'signer',
          render: (s: string | null) => (s ? s.replace(/^.*CN=([^,]+).*$/, '$1') : '未签名'),
        },
        {
          title: '报告摘要',
          dataIndex: 'sha256',
          render: (h: string) => <span className="mono">{h.slice(0, 16)}…</span>,
        },
      ]}
    />
  )
}
