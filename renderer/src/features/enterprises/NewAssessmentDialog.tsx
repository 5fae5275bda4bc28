import { DatePicker, Form, Input, Modal, Select, message } from 'antd'
import { useState } from 'react'
import { client, errorMessage } from '../../api'
import { useCatalogue } from '../../app/catalogue.store'
import { useProfile } from '../../app/profile.store'
import { useRoute } from '../../app/route.store'
import { useEnterprises } from './enterprises.store'
import { KIND_NAMES } from './labels'

interface Values {
  assessorName: string
  assessorAgency: string
  assessedOn?: { format(f: string): string } | null
  /** Built-in or published by the central service (pulled / imported on the sync screen). */
  ruleProfileId?: string
}

/**
 * Start a diagnosis (or an acceptance) for one enterprise: who assesses, for which agency, when.
 * Name and agency default to the assessor profile kept by the backend (profile.*).
 */
export function NewAssessmentDialog() {
  const starting = useEnterprises((s) => s.starting)
  const setStarting = useEnterprises((s) => s.setStarting)
  const go = useRoute((s) => s.go)
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const catalogue = useCatalogue((s) => s.info)
  const profile = useProfile((s) => s.profile)

  async function submit(v: Values): Promise<void> {
    if (!starting) return
    setBusy(true)
    try {
      const d = await client().call('assessments.create', {
        enterpriseId: starting.enterprise.id,
        kind: starting.kind,
        assessorName: v.assessorName,
        assessorAgency: v.assessorAgency ?? '',
        assessedOn: v.assessedOn ? v.assessedOn.format('YYYY-MM-DD') : null,
        ...(v.ruleProfileId ? { ruleProfileId: v.ruleProfileId } : {}),
      })
      setStarting(null)
      go({ name: 'assessment', id: d.assessment.id })
    } catch (e) {
      void message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={starting !== null}
      title={starting ? `${KIND_NAMES[starting.kind]}：${starting.enterprise.name}` : ''}
      okText="开始"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => setStarting(null)}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'start-confirm' } as Record<string, string>}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          assessorName: profile?.name ?? '',
          assessorAgency: profile?.agency ?? '',
          ruleProfileId: catalogue?.defaultRuleProfileId,
        }}
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Form.Item
          name="assessorName"
          label="评测人员"
          rules={[{ required: true, whitespace: true, message: '评测人员姓名不能为空' }]}
        >
          <Input maxLength={50} data-testid="assessor-name" />
        </Form.Item>
        <Form.Item name="assessorAgency" label="评测机构（服务商）">
          <Input maxLength={100} data-testid="assessor-agency" />
        </Form.Item>
        <Form.Item name="assessedOn" label="评测日期">
          <DatePicker style={{ width: '100%' }} data-testid="assessed-on" />
        </Form.Item>
        <Form.Item name="ruleProfileId" label="等级规则配置">
          <Select
            data-testid="rule-profile-select"
            options={(catalogue?.ruleProfiles ?? []).map((p) => ({
              value: p.id,
              label: p.title,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
