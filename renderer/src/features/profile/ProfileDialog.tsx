/**
 * 评测人员资料: the assessor's name, agency and default PDF signing certificate, kept by the
 * backend (not the browser). Asked once at first start; later opened from the header. New
 * assessments and reports use it as their default.
 */
import { Alert, Button, Form, Input, Modal, Space, Typography, Upload } from 'antd'
import { useEffect, useState } from 'react'
import { client, errorMessage, ApiError } from '../../api'
import { useProfile } from '../../app/profile.store'
import { useRoute } from '../../app/route.store'
import { guardedClose } from '../../ui/confirm-discard'
import { fileToBase64 } from '../../ui/files'

interface Values {
  name: string
  agency: string
  password?: string
}

export function ProfileDialog() {
  const profile = useProfile((s) => s.profile)
  const loaded = useProfile((s) => s.loaded)
  const editing = useProfile((s) => s.editing)
  const setEditing = useProfile((s) => s.setEditing)
  const setProfile = useProfile((s) => s.set)
  const go = useRoute((s) => s.go)
  const [form] = Form.useForm<Values>()
  const [cert, setCert] = useState<{ name: string; base64: string } | 'remove' | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const firstStart = loaded && profile === null
  const open = firstStart || editing

  useEffect(() => {
    if (!open) return
    form.setFieldsValue({ name: profile?.name ?? '', agency: profile?.agency ?? '', password: '' })
    setCert(null)
    setError(null)
  }, [open, profile, form])

  const close = () => setEditing(false)
  const dirty = () => form.isFieldsTouched() || cert !== null

  async function save(v: Values): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const r = await client().call('profile.set', {
        name: v.name,
        agency: v.agency,
        certificate:
          cert === null
            ? 'keep'
            : cert === 'remove'
              ? null
              : { fileName: cert.name, p12Base64: cert.base64, password: v.password ?? '' },
      })
      setProfile(r.profile)
      setEditing(false)
    } catch (e) {
      if (e instanceof ApiError && e.field === 'certificate.password')
        form.setFields([{ name: 'password', errors: [e.message] }])
      else setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const current = cert === 'remove' ? null : profile?.certificate
  return (
    <Modal
      open={open}
      title={firstStart ? '欢迎使用：请先填写评测人员资料' : '评测人员资料'}
      closable={!firstStart}
      maskClosable={false}
      keyboard={!firstStart}
      onCancel={() => guardedClose(dirty(), close)}
      destroyOnHidden
      footer={
        <div className="drawer-footer">
          {firstStart ? null : (
            <Button onClick={() => guardedClose(dirty(), close)} data-testid="profile-cancel">
              取消
            </Button>
          )}
          <Button
            type="primary"
            loading={busy}
            onClick={() => form.submit()}
            data-testid="profile-save"
          >
            保存
          </Button>
        </div>
      }
      data-testid="profile-dialog"
    >
      <Typography.Paragraph type="secondary">
        {firstStart
          ? '本机只需填写一次。新建评测和生成报告时默认使用这些信息，之后可随时点页首的姓名修改。资料保存在本机的评测数据中（不随浏览器或电脑用户变化）。'
          : '新建评测和生成报告时默认使用这些信息。'}
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="name"
          label="评测人员姓名"
          rules={[{ required: true, whitespace: true, message: '请填写评测人员姓名' }]}
        >
          <Input maxLength={50} data-testid="profile-name" autoFocus />
        </Form.Item>
        <Form.Item
          name="agency"
          label="评测机构（服务商）"
          rules={[{ required: true, whitespace: true, message: '请填写评测机构' }]}
        >
          <Input maxLength={100} data-testid="profile-agency" />
        </Form.Item>
        <Form.Item
          label="默认报告签名证书（可选，.p12 / .pfx）"
          extra={
            <span>
              用于给 PDF
              报告签名；签名时只需输入证书密码，密码不会保存。它与签名包使用的「评测人员密钥」不是同一样东西：
              <Button
                type="link"
                size="small"
                onClick={() => {
                  setEditing(false)
                  go({ name: 'help' })
                }}
              >
                两种签名的区别
              </Button>
            </span>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            {current ? (
              <Alert
                type="info"
                showIcon
                data-testid="profile-certificate"
                message={`${current.fileName} · ${current.subject}`}
                description={`有效期至 ${current.validTo.slice(0, 10)}`}
                action={
                  <Button size="small" onClick={() => setCert('remove')}>
                    不再使用
                  </Button>
                }
              />
            ) : null}
            <Upload
              accept=".p12,.pfx"
              maxCount={1}
              beforeUpload={(f) => {
                void fileToBase64(f).then((base64) => setCert({ name: f.name, base64 }))
                return false
              }}
              onRemove={() => setCert(null)}
            >
              <Button data-testid="profile-certificate-pick">
                {current ? '更换证书文件' : '选择证书文件'}
              </Button>
            </Upload>
          </Space>
        </Form.Item>
        {cert && cert !== 'remove' ? (
          <Form.Item
            name="password"
            label="证书密码（只用于确认证书能打开，不保存）"
            rules={[{ required: true, message: '请输入证书密码' }]}
          >
            <Input.Password data-testid="profile-certificate-password" />
          </Form.Item>
        ) : null}
      </Form>
      {error ? <Alert type="error" showIcon message={error} data-testid="profile-error" /> : null}
    </Modal>
  )
}
