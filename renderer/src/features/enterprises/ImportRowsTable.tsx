import { Checkbox, Table, Tag } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { ImportChange, ImportPreview, ImportRowStatus } from '../../../../shared/contract'
import { industryName, sizeName, zjtxName } from './labels'

type Row = ImportPreview['rows'][number]

const STATUS: Record<ImportRowStatus, { label: string; color: string }> = {
  new: { label: '新增', color: 'success' },
  update: { label: '有变化', color: 'warning' },
  unchanged: { label: '无变化', color: 'default' },
  error: { label: '有错误', color: 'error' },
}

/** A stored or file value as the user knows it (names, not ids). */
export function shownValue(c: ImportChange, v: ImportChange['to']): string {
  if (v === null || v === '') return '（空）'
  if (c.field === 'industry') return industryName(String(v))
  if (c.field === 'size') return sizeName(String(v))
  if (c.field === 'zjtx') return zjtxName(String(v))
  if (c.field === 'batch') return `第${v}批`
  return String(v)
}

/**
 * The preview's rows (virtual: 600 rows render as the ~15 on screen): state, the errors naming
 * their column or the changes an update would make with its confirmation box, the raw cells.
 */
export function ImportRowsTable({
  rows,
  confirmed,
  onConfirm,
}: {
  rows: Row[]
  confirmed: ReadonlySet<string>
  onConfirm(uscc: string, on: boolean): void
}) {
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r.raw)))]
  const columns: ColumnsType<Row> = [
    { title: '行', dataIndex: 'row', width: 56, fixed: 'left' },
    {
      title: '状态',
      key: 'status',
      width: 84,
      fixed: 'left',
      render: (_: unknown, r) => <Tag color={STATUS[r.status].color}>{STATUS[r.status].label}</Tag>,
    },
    {
      title: '检查结果 / 变化',
      key: 'detail',
      width: 380,
      fixed: 'left',
      render: (_: unknown, r) => {
        if (r.status === 'error')
          return (
            <div className="row-errors" data-testid={`import-row-error-${r.row}`}>
              {r.errors.map((e, i) => (
                <div key={i}>
                  <b>{e.column}</b>：{e.message}
                </div>
              ))}
            </div>
          )
        if (r.status === 'update' && r.value) {
          const uscc = r.value.uscc
          return (
            <div className="row-changes" data-testid={`import-row-changes-${r.row}`}>
              <Checkbox
                checked={confirmed.has(uscc)}
                onChange={(e) => onConfirm(uscc, e.target.checked)}
                data-testid={`import-confirm-${r.row}`}
              >
                更新「{r.existing?.name}」
              </Checkbox>
              {r.changes.map((c) => (
                <div key={c.field} className="change">
                  <b>{c.column}</b>：<del>{shownValue(c, c.from)}</del> →{' '}
                  <ins>{shownValue(c, c.to)}</ins>
                </div>
              ))}
            </div>
          )
        }
        if (r.status === 'unchanged') return <span className="muted">已登记，与现有信息相同</span>
        return <span className="muted">将新建</span>
      },
    },
    ...headers.map((h) => ({
      title: h,
      key: h,
      width: h === '企业名称' || h === '地址' ? 220 : h === '统一社会信用代码' ? 190 : 140,
      ellipsis: true,
      render: (_: unknown, r: Row) => r.raw[h] ?? '',
    })),
  ]
  const width = columns.reduce((n, c) => n + Number(c.width ?? 150), 0)
  // the dialog (header, file, summary, filter, footer) and this table fit a 768-px-high screen
  const height = Math.max(180, Math.min(520, window.innerHeight - 430))
  return (
    <Table<Row>
      style={{ marginTop: 12 }}
      size="small"
      rowKey="row"
      virtual
      columns={columns}
      dataSource={rows}
      scroll={{ x: width, y: height }}
      pagination={false}
      rowClassName={(r) => (r.status === 'error' ? 'row-bad' : '')}
      data-testid="import-rows"
    />
  )
}
