import { Alert, App, Button, Input, Popconfirm, Select, Space, Table, Tag } from 'antd'
import { useRef, useState } from 'react'
import type {
  DossierView,
  LedgerImportPreview,
  LedgerRowView,
} from '../../../../shared/contract/schemas/dossier'
import { yuanToFen } from '../../../../shared/domain/dossier'
import { formatYuan } from '../../../../shared/domain/subsidy'
import { client, errorMessage } from '../../api'
import { fileToBase64 } from '../../ui/files'

type Category = LedgerRowView['category']
const EMPTY = { invoiceNo: '', date: '', supplier: '', amount: '', category: '' as Category | '' }

/** The investment ledger (投入清单): add rows (元 → 分), attach invoice and payment files, import. */
export function LedgerCard({
  view,
  update,
}: {
  view: DossierView
  update: (p: Promise<DossierView>) => Promise<DossierView>
}) {
  const { message } = App.useApp()
  const [form, setForm] = useState(EMPTY)
  const [formError, setFormError] = useState<string | null>(null)
  const [preview, setPreview] = useState<LedgerImportPreview | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const importInput = useRef<HTMLInputElement>(null)
  const [target, setTarget] = useState<{ row: LedgerRowView; kind: 'invoice' | 'payment' } | null>(
    null,
  )
  const enterpriseId = view.enterprise.id
  const label = (id: Category) => view.template.categories.find((c) => c.id === id)?.label ?? id

  async function add() {
    const fen = yuanToFen(form.amount)
    if (fen === null || fen <= 0) {
      setFormError(`金额：须为大于 0、最多两位小数的元金额，实际为“${form.amount}”`)
      return
    }
    if (!form.category) {
      setFormError('类别：请选择支出类别')
      return
    }
    try {
      await update(
        client().call('ledger.add', {
          enterpriseId,
          invoiceNo: form.invoiceNo,
          date: form.date,
          supplier: form.supplier,
          amountFen: fen,
          category: form.category,
        }),
      )
      setForm(EMPTY)
      setFormError(null)
    } catch (e) {
      setFormError(errorMessage(e))
    }
  }

  async function attach(file: File) {
    if (!target) return
    try {
      const meta = await client().call('dossier.addFile', {
        enterpriseId,
        fileName: file.name,
        contentBase64: await fileToBase64(file),
      })
      await update(
        client().call('ledger.update', {
          id: target.row.id,
          ...(target.kind === 'invoice' ? { invoiceFileId: meta.id } : { paymentFileId: meta.id }),
        }),
      )
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }

  async function importFile(file: File) {
    try {
      const input = { enterpriseId, fileName: file.name, contentBase64: await fileToBase64(file) }
      const p = await client().call('ledger.importPreview', input)
      setPreview(p)
      if (p.canCommit) {
        const r = await client().call('ledger.importCommit', input)
        await update(Promise.resolve(r.dossier))
        void message.success(`已导入 ${r.created} 张发票`)
        setPreview(null)
      }
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }

  const t = view.totals
  return (
    <div className="card" data-testid="dossier-ledger" style={{ marginBottom: 16 }}>
      <div className="card-title">
        投入清单（{t.rowCount} 张发票）
        <Button
          size="small"
          style={{ marginLeft: 12 }}
          data-testid="ledger-import"
          onClick={() => importInput.current?.click()}
        >
          从 Excel / CSV 导入
        </Button>
      </div>
      <input
        ref={importInput}
        type="file"
        hidden
        accept=".xlsx,.csv"
        data-testid="ledger-import-file"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0]
          if (f) void importFile(f)
          e.currentTarget.value = ''
        }}
      />
      <input
        ref={fileInput}
        type="file"
        hidden
        data-testid="ledger-file"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0]
          if (f) void attach(f)
          e.currentTarget.value = ''
        }}
      />
      {preview && !preview.canCommit ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setPreview(null)}
          data-testid="ledger-import-errors"
          message={`导入未执行：${preview.fileErrors.length ? preview.fileErrors.join('；') : `${preview.errorCount} 行有错误`}`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {preview.rows
                .flatMap((r) => r.errors)
                .slice(0, 10)
                .map((er) => (
                  <li key={er.message}>{er.message}</li>
                ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Table<LedgerRowView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={view.ledger}
        onRow={(r) =>
          ({ 'data-testid': `ledger-row-${r.row}` }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: '行', dataIndex: 'row', width: 44 },
          {
            title: '发票号',
            dataIndex: 'invoiceNo',
            render: (v: string) => <span className="mono">{v}</span>,
          },
          { title: '开票日期', dataIndex: 'date', width: 110 },
          { title: '供应商', dataIndex: 'supplier' },
          {
            title: '金额（元）',
            dataIndex: 'amountFen',
            align: 'right',
            render: (f: number) => <span className="mono">{formatYuan(f)}</span>,
          },
          {
            title: '类别',
            key: 'category',
            render: (_: unknown, r) => (
              <Tag color={r.eligible ? 'green' : 'default'}>
                {label(r.category)}
                {r.eligible ? '' : '（不计入）'}
              </Tag>
            ),
          },
          ...(['invoice', 'payment'] as const).map((kind) => ({
            title: kind === 'invoice' ? '发票' : '付款凭证',
            key: kind,
            render: (_: unknown, r: LedgerRowView) => {
              const f = kind === 'invoice' ? r.invoiceFile : r.paymentFile
              return f ? (
                <span className="mono" title={f.sha256} data-testid={`${kind}-file-${r.row}`}>
                  {f.originalName}
                </span>
              ) : (
                <Button
                  size="small"
                  data-testid={`attach-${kind}-${r.row}`}
                  onClick={() => {
                    setTarget({ row: r, kind })
                    fileInput.current?.click()
                  }}
                >
                  上传
                </Button>
              )
            },
          })),
          {
            title: '',
            key: 'remove',
            width: 60,
            render: (_: unknown, r) => (
              <Popconfirm
                title={`删除第 ${r.row} 行（发票号 ${r.invoiceNo}）？`}
                okText="删除"
                cancelText="取消"
                onConfirm={() =>
                  void update(client().call('ledger.remove', { id: r.id })).catch((e: unknown) =>
                    message.error(errorMessage(e)),
                  )
                }
              >
                <Button size="small" type="link" danger>
                  删除
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }} data-testid="ledger-form">
        <Input
          data-testid="ledger-invoiceNo"
          placeholder="发票号"
          value={form.invoiceNo}
          onChange={(e) => setForm({ ...form, invoiceNo: e.target.value })}
          style={{ width: 150 }}
        />
        <Input
          data-testid="ledger-date"
          placeholder="开票日期 YYYY-MM-DD"
          value={form.date}
          onChange={(e) => setForm({ ...form, date: e.target.value })}
          style={{ width: 170 }}
        />
        <Input
          data-testid="ledger-supplier"
          placeholder="供应商"
          value={form.supplier}
          onChange={(e) => setForm({ ...form, supplier: e.target.value })}
          style={{ width: 200 }}
        />
        <Input
          data-testid="ledger-amount"
          placeholder="金额"
          suffix="元"
          value={form.amount}
          onChange={(e) => setForm({ ...form, amount: e.target.value })}
          style={{ width: 150 }}
        />
        <Select<Category>
          data-testid="ledger-category"
          placeholder="支出类别"
          value={form.category || undefined}
          onChange={(v) => setForm({ ...form, category: v })}
          style={{ width: 200 }}
          options={view.template.categories.map((c) => ({
            value: c.id,
            label: `${c.label}${c.eligible ? '' : '（不计入）'}`,
          }))}
        />
        <Button type="primary" data-testid="ledger-add" onClick={() => void add()}>
          添加
        </Button>
      </Space>
      {formError ? (
        <Alert
          type="error"
          showIcon
          message={formError}
          data-testid="ledger-form-error"
          style={{ marginTop: 8 }}
        />
      ) : null}
      <div className="muted" style={{ marginTop: 12 }} data-testid="ledger-totals">
        计入实际投入 <b>{formatYuan(t.eligibleFen)} 元</b> · 不计入 {formatYuan(t.ineligibleFen)} 元
        · 合计 {formatYuan(t.totalFen)} 元{t.summary.length ? `（${t.summary.join('；')}）` : ''}
      </div>
    </div>
  )
}
