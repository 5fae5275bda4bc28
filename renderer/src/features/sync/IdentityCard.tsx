/**
 * The assessor's signing key on this device: create (Ed25519 or SM2-SM3; protected by the OS key
 * store in the desktop app, else by a passphrase), unlock, change protection, export.
 */
import { Alert, Button, Descriptions, Form, Input, Radio, Select, Space, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { downloadText } from '../../ui/files'
import { useSyncText } from './sync.text'

type KeysStatus = Output<'keys.status'>

export function IdentityCard({
  onChange,
  onError,
}: {
  onChange(): Promise<void> | void
  onError(message: string): void
}) {
  const t = useSyncText()
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
        <h3>{t('identity')}</h3>
        {key ? (
          <Tag color={status?.unlocked ? 'success' : 'default'} data-testid="key-lock-state">
            {status?.unlocked ? t('unlocked') : t('locked')}
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
          <p className="muted">{t('noKey')}</p>
          <Form.Item name="algorithm" label={t('algorithm')}>
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
            label={t('protection')}
            hidden={!status.osKeyStore}
            extra={createProtection === 'os-keystore' ? t('protOsHint') : undefined}
          >
            <Radio.Group
              data-testid="key-protection"
              options={[
                { value: 'os-keystore', label: t('protOs') },
                { value: 'passphrase', label: t('protPass') },
              ]}
            />
          </Form.Item>
          {createProtection === 'os-keystore' ? null : (
            <>
              <Form.Item
                name="passphrase"
                label={t('passphrase')}
                rules={[{ required: true, min: 8, message: t('passphrase') }]}
              >
                <Input.Password autoComplete="new-password" data-testid="key-passphrase" />
              </Form.Item>
              <Form.Item
                name="again"
                label={t('passphraseAgain')}
                dependencies={['passphrase']}
                rules={[
                  { required: true, message: t('passphraseAgain') },
                  ({ getFieldValue }) => ({
                    validator: (_r, value) =>
                      value === getFieldValue('passphrase')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('passphraseMismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="key-passphrase-again" />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="key-create">
            {t('createKey')}
          </Button>
        </Form>
      ) : null}
      {key ? (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('keyId')}>
              <span className="mono" data-testid="key-id">
                {key.keyId}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('algorithm')}>
              <span data-testid="key-algorithm-value">{key.algorithm}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('createdAt')}>
              {new Date(key.createdAt).toLocaleString()}
            </Descriptions.Item>
            <Descriptions.Item label={t('protection')}>
              <span data-testid="key-protection-value">
                {status?.protection === 'os-keystore' ? t('protOs') : t('protPass')}
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
                {t('lock')}
              </Button>
            ) : (
              <>
                {status?.protection === 'os-keystore' ? null : (
                  <Input.Password
                    placeholder={t('passphrase')}
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
                  {t('unlock')}
                </Button>
              </>
            )}
            <Button
              onClick={() =>
                downloadText(
                  key.publicKeyPem,
                  `assessor-${key.keyId.slice(0, 16)}.pub.pem`,
                  'application/x-pem-file',
                )
              }
              data-testid="key-export"
            >
              {t('exportPublicKey')}
            </Button>
          </Space>
          <details style={{ marginTop: 8 }} data-testid="key-change-protection">
            <summary>{t('changeProtection')}</summary>
            <Space wrap style={{ marginTop: 8 }}>
              {status?.protection === 'passphrase' ? (
                <Input.Password
                  placeholder={t('currentPassphrase')}
                  value={change.current}
                  onChange={(e) => setChange({ ...change, current: e.target.value })}
                  style={{ width: 200 }}
                  data-testid="key-current-passphrase"
                />
              ) : null}
              <Input.Password
                placeholder={t('newPassphrase')}
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
                {status?.protection === 'passphrase' ? t('changePass') : t('toPass')}
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
                  {t('toOs')}
                </Button>
              ) : null}
            </Space>
          </details>
          <details style={{ marginTop: 8 }}>
            <summary>{t('showPublicKey')}</summary>
            <pre className="mono receipt" data-testid="key-pem">
              {key.publicKeyPem}
            </pre>
          </details>
        </>
      ) : null}
    </div>
  )
}
