import { App, Button, Input, Modal, Space, Table, Tag } from 'antd'
import { useRef, useState } from 'react'
import type { DossierView } from '../../../../shared/contract/schemas/dossier'
import { client, errorMessage } from '../../api'
import { fileToBase64 } from '../../ui/files'

type Item = DossierView['checklist']['items'][number]

const STATE = {
  attached: { color: 'green', text: '已提交' },
  missing: { color: 'red', text: '缺失' },
  waived: { color: 'default', text: '免于提交' },
} as const

/** The materials checklist: attach files, or record missing / waived with a reason. */
export function ChecklistCard({
  view,
  update,
}: {
  view: DossierView
  update: (p: Promise<DossierView>) => Promise<DossierView>
}) {
  const { message } = App.useApp()
  const [asking, setAsking] = useState<{ item: Item; state: 'missing' | 'waived' } | null>(null)
  const [reason, setReason] = useState('')
  const fileInput = useRef<HTMLInputElement>(null)
  const [target, setTarget] = useState<Item | null>(null)
  const enterpriseId = view.enterprise.id

  async function attach(item: Item, files: FileList) {
    try {
      const ids = item.files.map((f) => f.id)
      for (const f of Array.from(files)) {
        const meta = await client().call('dossier.addFile', {
          enterpriseId,
          fileName: f.name,
          contentBase64: await fileToBase64(f),
        })
        ids.push(meta.id)
      }
      await update(
        client().call('dossier.setItem', {
          enterpriseId,
          itemId: item.id,
          state: 'attached',
          fileIds: ids,
        }),
      )
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }

  async function record() {
    if (!asking) return
    try {
      await update(
        client().call('dossier.setItem', {
          enterpriseId,
          itemId: asking.item.id,
          state: asking.state,
          reason,
        }),
      )
      setAsking(null)
      setReason('')
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }

  const c = view.checklist
  return (
    <div className="card" data-testid="dossier-checklist" style={{ marginBottom: 16 }}>
      <div className="card-title">
        验收材料清单{' '}
        {c.complete ? (
          <Tag color="green">必备材料齐全</Tag>
        ) : (
          <Tag color="red">缺少 {c.missingMandatory.length} 项必备材料</Tag>
        )}
      </div>
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        data-testid="checklist-file"
        onChange={(e) => {
          const files = e.currentTarget.files
          if (target && files && files.length) void attach(target, files)
          e.currentTarget.value = ''
        }}
      />
      <Table<Item>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.items}
        onRow={(r) => ({ 'data-testid': `item-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: '材料',
            dataIndex: 'title',
            render: (t: string, r) => (
              <span title={r.description}>
                {t} {r.mandatory ? <Tag color="blue">必备</Tag> : <Tag>可选</Tag>}
              </span>
            ),
          },
          {
            title: '状态',
            key: 'state',
            width: 110,
            render: (_: unknown, r) =>
              r.unrecorded ? (
                <Tag color={r.mandatory ? 'orange' : 'default'}>未登记</Tag>
              ) : (
                <Tag color={STATE[r.state].color}>{STATE[r.state].text}</Tag>
              ),
          },
          {
            title: '附件 / 原因',
            key: 'files',
            render: (_: unknown, r) =>
              r.files.length ? (
                <span>
                  {r.files.map((f) => (
                    <div key={f.id} className="mono" title={f.sha256}>
                      {f.originalName}（{f.sha256.slice(0, 8)}…）
                    </div>
                  ))}
                </span>
              ) : (
                <span className="muted">{r.reason ?? '—'}</span>
              ),
          },
          {
            title: '',
            key: 'actions',
            width: 250,
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button
                  size="small"
                  data-testid={`attach-${r.id}`}
                  onClick={() => {
                    setTarget(r)
                    fileInput.current?.click()
                  }}
                >
                  上传附件
                </Button>
                <Button
                  size="small"
                  danger
                  data-testid={`missing-${r.id}`}
                  onClick={() => setAsking({ item: r, state: 'missing' })}
                >
                  缺失
                </Button>
                {!r.mandatory ? (
                  <Button size="small" onClick={() => setAsking({ item: r, state: 'waived' })}>
                    免于提交
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={asking !== null}
        title={
          asking
            ? `“${asking.item.title}”${asking.state === 'missing' ? '缺失' : '免于提交'}的原因`
            : ''
        }
        okText="保存"
        cancelText="取消"
        onOk={() => void record()}
        onCancel={() => setAsking(null)}
      >
        <Input.TextArea
          data-testid="reason-input"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={500}
          placeholder="必须填写原因"
        />
      </Modal>
    </div>
  )
}
