import { Alert, Button, Drawer, Form, Input, InputNumber, Select, message } from 'antd'
import { useEffect, useState } from 'react'
import {
  ENTERPRISE_SIZES,
  HEBI_COUNTIES,
  PILOT_INDUSTRIES,
  ZJTX_STATUSES,
  type EnterpriseFields,
  type IdentityChange,
} from '../../../../shared/contract'
import { phoneError } from '../../../../shared/domain/enterprise/phone'
import { validateUscc } from '../../../../shared/domain/enterprise/uscc'
import { ApiError, client, errorMessage } from '../../api'
import { guardedClose } from '../../ui/confirm-discard'
import { useEnterprises } from './enterprises.store'

type FormValues = Omit<EnterpriseFields, 'batch'> & { batch: number | null; reason?: string }

const EMPTY: Partial<FormValues> = { zjtx: 'none', batch: null, size: 'small' }
const IDENTITY = { uscc: '统一社会信用代码', name: '企业名称', batch: '试点批次' } as const
type IdentityField = keyof typeof IDENTITY

function historyText(c: IdentityChange): string {
  const v = (x: string | null) => (x === null ? '未分配' : c.field === 'batch' ? `第 ${x} 批` : x)
  return `${c.changedAt.slice(0, 10)} ${IDENTITY[c.field]}：${v(c.from)} → ${v(c.to)}${c.reason ? `（${c.reason}）` : ''}`
}

/**
 * Create or edit an enterprise profile. The 统一社会信用代码 is checked on every keystroke; phone,
 * batch and county are checked here and again by the backend (the error names the field). Once
 * the enterprise has a completed or signed assessment, a change of USCC, name or batch asks for
 * a reason (recorded and printed in later reports). Esc / × / 取消 with edits asks first.
 */
export function EnterpriseForm() {
  const editing = useEnterprises((s) => s.editing)
  const setEditing = useEnterprises((s) => s.setEditing)
  const reload = useEnterprises((s) => s.load)
  const [form] = Form.useForm<FormValues>()
  const [busy, setBusy] = useState(false)
  const [identity, setIdentity] = useState<{ items: IdentityChange[]; required: boolean } | null>(
    null,
  )
  const open = editing !== null
  const existing = editing !== null && editing !== 'new' ? editing : null
  const watched = Form.useWatch([], form) as Partial<FormValues> | undefined

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(editing === 'new' ? EMPTY : (editing as FormValues))
    setIdentity(null)
    if (existing)
      void client()
        .call('enterprises.identityChanges', { id: existing.id })
        .then((r) => setIdentity({ items: r.items, required: r.reasonRequired }))
        .catch(() => setIdentity(null))
  }, [open, editing, existing, form])

  /** The identity fields this edit changes (a batch assigned for the first time is not a change). */
  const changedIdentity: IdentityField[] = existing
    ? (Object.keys(IDENTITY) as IdentityField[]).filter((f) => {
        const now = watched?.[f]
        if (now === undefined) return false
        if (f === 'batch' && existing.batch === null) return false
        return (now ?? null) !== (existing[f] ?? null)
      })
    : []
  const reasonNeeded = Boolean(identity?.required) && changedIdentity.length > 0

  const close = () => setEditing(null)
  /**
   * Unsaved edits = a field whose value differs from what the drawer opened with (a field merely
   * touched, or set back to its value, is not an edit), or a reason typed.
   */
  const hasEdits = (): boolean => {
    const start = (editing === 'new' ? EMPTY : (editing ?? {})) as Partial<FormValues>
    const now = form.getFieldsValue() as Partial<FormValues>
    const norm = (v: unknown): unknown => (v === undefined || v === '' ? null : v)
    return (Object.keys(now) as (keyof FormValues)[]).some((k) =>
      k === 'reason' ? Boolean(now.reason?.trim()) : norm(now[k]) !== norm(start[k]),
    )
  }
  const requestClose = () => guardedClose(hasEdits(), close)

  async function submit(values: FormValues): Promise<void> {
    setBusy(true)
    const { reason, ...fields } = values
    try {
      if (editing === 'new') {
        await client().call('enterprises.create', fields)
      } else if (editing) {
        await client().call('enterprises.update', {
          id: editing.id,
          patch: fields,
          ...(reason?.trim() ? { reason } : {}),
        })
      }
      void message.success(editing === 'new' ? '企业已创建' : '企业信息已保存')
      close()
      await reload()
    } catch (e) {
      if (e instanceof ApiError && e.field) {
        const name = e.field.split('.').pop() as keyof FormValues
        form.setFields([{ name, errors: [e.message] }])
      } else {
        void message.error(errorMessage(e))
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Drawer
      open={open}
      size={560}
      title={editing === 'new' ? '新建企业' : `编辑：${existing?.name ?? ''}`}
      onClose={requestClose}
      maskClosable
      destroyOnHidden
      data-testid="enterprise-drawer"
      footer={
        <div className="drawer-footer">
          <Button onClick={requestClose} data-testid="enterprise-cancel">
            取消
          </Button>
          <Button
            type="primary"
            loading={busy}
            onClick={() => form.submit()}
            data-testid="enterprise-save"
          >
            保存
          </Button>
        </div>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        requiredMark="optional"
      >
        <Form.Item
          name="uscc"
          label="统一社会信用代码"
          normalize={(v: string) => v.replace(/\s+/g, '').toUpperCase()}
          hasFeedback
          validateFirst
          rules={[
            { required: true, message: '统一社会信用代码不能为空' },
            {
              validator: async (_r, v: string | undefined) => {
                const res = validateUscc(v ?? '')
                if (!res.ok) throw new Error(res.message)
              },
            },
          ]}
        >
          <Input
            maxLength={18}
            className="mono"
            placeholder="18 位，例如 91410600MA44XXXXXX"
            data-testid="uscc-input"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label="企业名称"
          rules={[{ required: true, whitespace: true, message: '企业名称不能为空' }]}
        >
          <Input maxLength={200} data-testid="name-input" />
        </Form.Item>
        <div className="form-grid">
          <Form.Item name="county" label="县区" rules={[{ required: true, message: '请选择县区' }]}>
            <Select
              showSearch
              options={HEBI_COUNTIES.map((c) => ({ value: c, label: c }))}
              placeholder="选择县区"
              notFoundContent="不在鹤壁市的县区列表中"
              data-testid="county-input"
            />
          </Form.Item>
          <Form.Item
            name="industry"
            label="试点行业"
            rules={[{ required: true, message: '请选择试点行业' }]}
          >
            <Select
              options={PILOT_INDUSTRIES.map((i) => ({ value: i.id, label: i.name }))}
              data-testid="industry-select"
            />
          </Form.Item>
          <Form.Item name="subIndustry" label="细分行业">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="size"
            label="企业规模"
            rules={[{ required: true, message: '请选择企业规模' }]}
          >
            <Select options={ENTERPRISE_SIZES.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
          <Form.Item name="zjtx" label="专精特新">
            <Select options={ZJTX_STATUSES.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
          <Form.Item
            name="batch"
            label="试点批次"
            rules={[
              {
                validator: async (_r, v: number | null | undefined) => {
                  if (v === null || v === undefined) return
                  if (!Number.isInteger(v) || v < 1 || v > 3)
                    throw new Error(`试点批次应为 1、2 或 3（没有第 ${v} 批）`)
                },
              },
            ]}
          >
            {/* no min/max: a 4 is refused with the reason, never silently clamped to 3 */}
            <InputNumber
              precision={0}
              style={{ width: '100%' }}
              placeholder="1–3，未分配留空"
              data-testid="batch-input"
            />
          </Form.Item>
          <Form.Item name="contact" label="联系人">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="phone"
            label="电话"
            rules={[
              {
                validator: async (_r, v: string | undefined) => {
                  const e = phoneError(v ?? '')
                  if (e) throw new Error(e)
                },
              },
            ]}
          >
            <Input
              maxLength={50}
              placeholder="手机 13912345678 或 0392-3312345"
              data-testid="phone-input"
            />
          </Form.Item>
        </div>
        <Form.Item name="address" label="地址">
          <Input maxLength={300} />
        </Form.Item>
        {reasonNeeded ? (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={`该企业已有完成或签名的评测，修改${changedIdentity.map((f) => IDENTITY[f]).join('、')}须填写原因`}
              description="修改会记录在案，并写入之后出具的报告（曾用名 / 统一社会信用代码变更 …）。"
            />
            <Form.Item
              name="reason"
              label="修改原因"
              rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}
            >
              <Input.TextArea
                maxLength={200}
                rows={2}
                placeholder="例如：工商变更登记（2026-03-01）"
                data-testid="reason-input"
              />
            </Form.Item>
          </>
        ) : null}
        {identity?.items.length ? (
          <div className="muted" data-testid="identity-history">
            <div>身份信息变更记录：</div>
            {identity.items.map((c) => (
              <div key={`${c.changedAt}-${c.field}`}>{historyText(c)}</div>
            ))}
          </div>
        ) : null}
      </Form>
    </Drawer>
  )
}
