/**
 * The assessor's signing key on this device: create (Ed25519 or SM2-SM3; protected by the OS key
 * store in the desktop app, else by a passphrase), unlock, change protection, export.
 */
import { Alert, Button, Descriptions, Form, Input, Radio, Select, Space, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { downloadText } from '../../ui/files'

type KeysStatus = Output<'keys.status'>

export function IdentityCard({
  onChange,
  onError,
}: {
  onChange(): Promise<void> | void
  onError(message: string): void
}) {
  const [status, setStatus] = useState<KeysStatus | null>(null)
  const [busy, setBusy] = useState(false)
  const [passphrase, setPassphrase] = useState('')
  const [createForm] = Form.useForm<{
    algorithm: 'Ed25519' | 'SM2-SM3'
    protection: 'os-keystore' | 'passphrase'
    passphrase: string
    again: string
  }>()
  const createProtection = Form.useWatch('protection', createForm)
  const [change, setChange] = useState<{ current: string; next: string }>({
    current: '',
    next: '',
  })

  const load = useCallback(async () => {
    try {
      setStatus(await client().call('keys.status', {}))
    } catch (e) {
      onError(errorMessage(e))
    }
  }, [onError])

  useEffect(() => {
    void load()
  }, [load])

  async function run(fn: () => Promise<KeysStatus>): Promise<void> {
    setBusy(true)
    try {
      setStatus(await fn())
      await onChange()
    } catch (e) {
      onError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const key = status?.key ?? null

  return (
    <div className="card" data-testid="identity-card">
      <div className="card-head">
        <h3>评测人员密钥</h3>
        {key ? (
          <Tag color={status?.unlocked ? 'success' : 'default'} data-testid="key-lock-state">
            {status?.unlocked ? '已解锁' : '已锁定'}
          </Tag>
        ) : null}
      </div>
      {status && !key ? (
        <Form
          form={createForm}
          layout="vertical"
          initialValues={{
            algorithm: 'Ed25519',
            protection: status.osKeyStore ? 'os-keystore' : 'passphrase',
          }}
          onFinish={(v) =>
            void run(() =>
              client().call(
                'keys.create',
                v.protection === 'os-keystore'
                  ? { algorithm: v.algorithm, protection: 'os-keystore' }
                  : { algorithm: v.algorithm, protection: 'passphrase', passphrase: v.passphrase },
              ),
            )
          }
        >
          <p className="muted">
            本机尚无签名密钥。它用来给评测结果（签名包）签名，与 PDF
            报告的签名证书不同。创建后请导出公钥文件，交市级中心登记或交给专家组组长。
          </p>
          <Form.Item name="algorithm" label="算法">
            <Select
              data-testid="key-algorithm"
              options={[
                { value: 'Ed25519', label: 'Ed25519' },
                { value: 'SM2-SM3', label: 'SM2-SM3（国密）' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="protection"
            label="私钥保护"
            hidden={!status.osKeyStore}
            extra={
              createProtection === 'os-keystore'
                ? '私钥由操作系统的密钥库保护（仅本机本用户可用），签名时无需输入口令。换电脑时请先改为口令保护并备份密钥文件。'
                : undefined
            }
          >
            <Radio.Group
              data-testid="key-protection"
              options={[
                { value: 'os-keystore', label: '系统密钥库' },
                { value: 'passphrase', label: '口令' },
              ]}
            />
          </Form.Item>
          {createProtection === 'os-keystore' ? null : (
            <>
              <Form.Item
                name="passphrase"
                label="口令（至少 8 个字符）"
                rules={[{ required: true, min: 8, message: '口令（至少 8 个字符）' }]}
              >
                <Input.Password autoComplete="new-password" data-testid="key-passphrase" />
              </Form.Item>
              <Form.Item
                name="again"
                label="再次输入口令"
                dependencies={['passphrase']}
                rules={[
                  { required: true, message: '再次输入口令' },
                  ({ getFieldValue }) => ({
                    validator: (_r, value) =>
                      value === getFieldValue('passphrase')
                        ? Promise.resolve()
                        : Promise.reject(new Error('两次输入的口令不一致')),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="key-passphrase-again" />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="key-create">
            创建密钥
          </Button>
        </Form>
      ) : null}
      {key ? (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="密钥编号">
              <span className="mono" data-testid="key-id">
                {key.keyId}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="算法">
              <span data-testid="key-algorithm-value">{key.algorithm}</span>
            </Descriptions.Item>
            <Descriptions.Item label="创建时间">
              {new Date(key.createdAt).toLocaleString()}
            </Descriptions.Item>
            <Descriptions.Item label="私钥保护">
              <span data-testid="key-protection-value">
                {status?.protection === 'os-keystore' ? '系统密钥库' : '口令'}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {status?.problem ? (
            <Alert type="warning" showIcon title={status.problem} data-testid="key-problem" />
          ) : null}
          <Space wrap style={{ marginTop: 8 }}>
            {status?.unlocked ? (
              <Button
                onClick={() => void run(() => client().call('keys.lock', {}))}
                data-testid="key-lock"
              >
                锁定
              </Button>
            ) : (
              <>
                {status?.protection === 'os-keystore' ? null : (
                  <Input.Password
                    placeholder="口令（至少 8 个字符）"
                    value={passphrase}
                    onChange={(e) => setPassphrase(e.target.value)}
                    style={{ width: 220 }}
                    data-testid="key-unlock-passphrase"
                  />
                )}
                <Button
                  loading={busy}
                  onClick={() =>
                    void run(async () => {
                      const s = await client().call('keys.unlock', { passphrase })
                      setPassphrase('')
                      return s
                    })
                  }
                  data-testid="key-unlock"
                >
                  解锁
                </Button>
              </>
            )}
            <Button
              onClick={() =>
                void client()
                  .call('keys.exportCard', {})
                  .then((c) => downloadText(c.content, c.fileName, 'application/json'))
                  .catch((e: unknown) => onError(errorMessage(e)))
              }
              data-testid="key-export"
            >
              导出公钥文件
            </Button>
            <Button
              type="link"
              onClick={() =>
                downloadText(
                  key.publicKeyPem,
                  `assessor-${key.keyId.slice(0, 16)}.pub.pem`,
                  'application/x-pem-file',
                )
              }
              data-testid="key-export-pem"
            >
              仅公钥（PEM）
            </Button>
          </Space>
          <details style={{ marginTop: 8 }} data-testid="key-change-protection">
            <summary>更改保护方式</summary>
            <Space wrap style={{ marginTop: 8 }}>
              {status?.protection === 'passphrase' ? (
                <Input.Password
                  placeholder="当前口令"
                  value={change.current}
                  onChange={(e) => setChange({ ...change, current: e.target.value })}
                  style={{ width: 200 }}
                  data-testid="key-current-passphrase"
                />
              ) : null}
              <Input.Password
                placeholder="新口令（至少 8 个字符）"
                value={change.next}
                onChange={(e) => setChange({ ...change, next: e.target.value })}
                style={{ width: 220 }}
                data-testid="key-new-passphrase"
              />
              <Button
                loading={busy}
                onClick={() =>
                  void run(async () => {
                    const s = await client().call('keys.changeProtection', {
                      to: 'passphrase',
                      currentPassphrase: change.current,
                      newPassphrase: change.next,
                    })
                    setChange({ current: '', next: '' })
                    return s
                  })
                }
                data-testid="key-to-passphrase"
              >
                {status?.protection === 'passphrase' ? '修改口令' : '改为口令保护'}
              </Button>
              {status?.protection === 'passphrase' && status.osKeyStore ? (
                <Button
                  loading={busy}
                  onClick={() =>
                    void run(async () => {
                      const s = await client().call('keys.changeProtection', {
                        to: 'os-keystore',
                        currentPassphrase: change.current,
                      })
                      setChange({ current: '', next: '' })
                      return s
                    })
                  }
                  data-testid="key-to-os"
                >
                  改为系统密钥库保存
                </Button>
              ) : null}
            </Space>
          </details>
          <details style={{ marginTop: 8 }}>
            <summary>公钥（PEM）</summary>
            <pre className="mono receipt" data-testid="key-pem">
              {key.publicKeyPem}
            </pre>
          </details>
        </>
      ) : null}
    </div>
  )
}
