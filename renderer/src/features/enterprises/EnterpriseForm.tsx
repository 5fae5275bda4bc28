import { AutoComplete, Button, Drawer, Form, Input, InputNumber, Select, message } from 'antd'
import { useEffect, useState } from 'react'
import {
  ENTERPRISE_SIZES,
  HEBI_COUNTIES,
  PILOT_INDUSTRIES,
  ZJTX_STATUSES,
  type EnterpriseFields,
} from '../../../../shared/contract'
import { validateUscc } from '../../../../shared/domain/enterprise/uscc'
import { ApiError, client, errorMessage } from '../../api'
import { useEnterprises } from './enterprises.store'

type FormValues = Omit<EnterpriseFields, 'batch'> & { batch: number | null }

const EMPTY: Partial<FormValues> = { zjtx: 'none', batch: null, size: 'small' }

/** Create or edit an enterprise profile; the 统一社会信用代码 is checked on every keystroke. */
export function EnterpriseForm() {
    const editing = useEnterprises((s) => s.editing)
  const setEditing = useEnterprises((s) => s.setEditing)
  const reload = useEnterprises((s) => s.load)
  const [form] = Form.useForm<FormValues>()
  const [busy, setBusy] = useState(false)
  const open = editing !== null

  useEffect(() => {
    if (!open) return
    form.resetFields()
    form.setFieldsValue(editing === 'new' ? EMPTY : (editing as FormValues))
  }, [open, editing, form])

  async function submit(values: FormValues): Promise<void> {
    setBusy(true)
    try {
      if (editing === 'new') {
        await client().call('enterprises.create', values)
      } else if (editing) {
        await client().call('enterprises.update', { id: editing.id, patch: values })
      }
      void message.success(editing === 'new' ? '企业已创建' : '企业信息已保存')
      setEditing(null)
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
      title={editing === 'new' ? '新建企业' : `编辑：${editing?.name ?? ''}`}
      onClose={() => setEditing(null)}
      destroyOnHidden
      footer={
        <div className="drawer-footer">
          <Button onClick={() => setEditing(null)}>取消</Button>
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
          <Form.Item
            name="county"
            label="县区"
            rules={[{ required: true, message: '县区不能为空' }]}
          >
            <AutoComplete
              options={HEBI_COUNTIES.map((c) => ({ value: c }))}
              placeholder="选择或输入县区"
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
          <Form.Item name="batch" label="批次">
            <InputNumber
              min={1}
              max={3}
              precision={0}
              style={{ width: '100%' }}
              placeholder="1–3，未分配留空"
            />
          </Form.Item>
          <Form.Item name="contact" label="联系人">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="phone" label="电话">
            <Input maxLength={50} />
          </Form.Item>
        </div>
        <Form.Item name="address" label="地址">
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </Drawer>
  )
}
