import { Button, Table, Tag, Tooltip } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { SortOrder, SorterResult } from 'antd/es/table/interface'
import { useEffect } from 'react'
import type { EnterpriseListItem, EnterpriseSort } from '../../../../shared/contract'
import { useRoute } from '../../app/route.store'
import { PAGE_SIZES, useEnterprises } from './enterprises.store'
import { STATUS_COLORS, industryName, useAssessmentLabels, zjtxName } from './labels'

/**
 * The register's table: one page from the backend (paging and sorting happen there), one row per
 * enterprise with its latest assessment and the actions; the row of the enterprise jumped to is
 * highlighted and scrolled into view.
 */
export function EnterpriseTable() {
  const label = useAssessmentLabels()
  const items = useEnterprises((s) => s.items)
  const loading = useEnterprises((s) => s.loading)
  const total = useEnterprises((s) => s.total)
  const page = useEnterprises((s) => s.page)
  const pageSize = useEnterprises((s) => s.pageSize)
  const order = useEnterprises((s) => s.order)
  const focusId = useEnterprises((s) => s.focusId)
  const setPage = useEnterprises((s) => s.setPage)
  const setOrder = useEnterprises((s) => s.setOrder)
  const setEditing = useEnterprises((s) => s.setEditing)
  const setStarting = useEnterprises((s) => s.setStarting)
  const go = useRoute((s) => s.go)

  useEffect(() => {
    if (!focusId || !items.some((e) => e.id === focusId)) return
    document
      .querySelector(`tr[data-row-key="${CSS.escape(focusId)}"]`)
      ?.scrollIntoView({ block: 'center' })
  }, [focusId, items])

  const sortOrder = (key: EnterpriseSort): SortOrder =>
    order.sort === key ? (order.order === 'asc' ? 'ascend' : 'descend') : null
  const sortable = (key: EnterpriseSort) => ({
    key,
    sorter: true,
    sortOrder: sortOrder(key),
    sortDirections: ['ascend', 'descend', 'ascend'] as SortOrder[],
  })

  const columns: ColumnsType<EnterpriseListItem> = [
    {
      title: '企业名称（拼音序）',
      dataIndex: 'name',
      ...sortable('name'),
      render: (name: string, e) => (
        <div>
          <div className="ent-name">{name}</div>
          <div className="muted mono">{e.uscc}</div>
        </div>
      ),
    },
    { title: '县区', dataIndex: 'county', width: 180, ...sortable('county') },
    {
      title: '试点行业',
      dataIndex: 'industry',
      width: 190,
      ...sortable('industry'),
      render: (v: string, e) => (
        <div>
          <div>{industryName(v)}</div>
          {e.subIndustry ? <div className="muted">{e.subIndustry}</div> : null}
        </div>
      ),
    },
    {
      title: '批次',
      dataIndex: 'batch',
      width: 90,
      ...sortable('batch'),
      render: (b: number | null) => (b ? `第${b}批` : <span className="muted">—</span>),
    },
    {
      title: '专精特新',
      dataIndex: 'zjtx',
      width: 170,
      render: (z: string) =>
        z === 'none' ? <span className="muted">—</span> : <Tag color="geekblue">{zjtxName(z)}</Tag>,
    },
    {
      title: '评测状态',
      width: 170,
      ...sortable('assessedAt'),
      render: (_: unknown, e) =>
        e.latestAssessment ? (
          <span>
            <Tag color={STATUS_COLORS[e.latestAssessment.status]}>
              {label.status(e.latestAssessment.status)}
            </Tag>
            <span className="muted">
              {label.kind(e.latestAssessment.kind)}
              {e.latestAssessment.version > 1 ? ` v${e.latestAssessment.version}` : ''}
            </span>
          </span>
        ) : (
          <Tag>未评测</Tag>
        ),
    },
    {
      title: '',
      key: 'actions',
      width: 270,
      align: 'right',
      render: (_: unknown, e) => {
        const latest = e.latestAssessment
        return (
          <div className="row-actions">
            <Button size="small" onClick={() => setEditing(e)}>
              编辑
            </Button>
            {latest ? (
              <Button
                size="small"
                type="primary"
                onClick={() => go({ name: 'assessment', id: latest.id })}
              >
                打开
              </Button>
            ) : (
              <Button
                size="small"
                type="primary"
                onClick={() => setStarting({ enterprise: e, kind: 'diagnosis' })}
                data-testid={`start-${e.uscc}`}
              >
                开始诊断
              </Button>
            )}
            {latest && latest.status !== 'draft' ? (
              <Tooltip title="新建验收评价（改造后）">
                <Button
                  size="small"
                  onClick={() => setStarting({ enterprise: e, kind: 'acceptance' })}
                >
                  验收
                </Button>
              </Tooltip>
            ) : null}
            {latest ? (
              <Button
                size="small"
                type="link"
                onClick={() => go({ name: 'compare', enterpriseId: e.id })}
              >
                对比
              </Button>
            ) : null}
            {latest && latest.status !== 'draft' ? (
              <Button
                size="small"
                type="link"
                data-testid={`panel-${e.uscc}`}
                onClick={() => go({ name: 'panel', enterpriseId: e.id })}
              >
                专家组合议
              </Button>
            ) : null}
          </div>
        )
      },
    },
  ]

  return (
    <Table<EnterpriseListItem>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      rowClassName={(e) => (e.id === focusId ? 'row-focus' : '')}
      onChange={(_p, _f, sorter, extra) => {
        if (extra.action !== 'sort') return
        const s = (Array.isArray(sorter) ? sorter[0] : sorter) as
          SorterResult<EnterpriseListItem> | undefined
        const key = (s?.order ? s.columnKey : 'name') as EnterpriseSort
        setOrder({ sort: key, order: s?.order === 'descend' ? 'desc' : 'asc' })
      }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES.map(String),
        showQuickJumper: true,
        showTotal: (n, [from, to]) => `第 ${from}–${to} 家，共 ${n} 家`,
        onChange: (p, size) => setPage(size !== pageSize ? 1 : p, size),
      }}
      locale={{ emptyText: '暂无企业。点击「新建企业」或「导入名单」开始。' }}
    />
  )
}
