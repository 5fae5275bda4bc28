/** The central service: its URL (and pinned receipt key), and registering this device's key. */
import { Button, Descriptions, Input, Space, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { useProfile } from '../../app/profile.store'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'

const KEY_STATUS: Record<string, string> = {
  pending: '已登记，待市级中心批准',
  approved: '已批准',
  revoked: '已停用（请联系市级中心）',
}

export function ServerCard({
  status,
  onChange,
  onError,
}: {
  status: Output<'sync.status'> | null
  onChange(): Promise<void> | void
  onError(message: string): void
}) {
  const [url, setUrl] = useState('')
  const profile = useProfile((s) => s.profile)
  const [name, setName] = useState(profile?.name ?? '')
  const [agency, setAgency] = useState(profile?.agency ?? '')
  const [busy, setBusy] = useState<string | null>(null)

  useEffect(() => {
    if (status?.serverUrl) setUrl(status.serverUrl)
  }, [status?.serverUrl])

  async function run(what: string, fn: () => Promise<unknown>): Promise<void> {
    setBusy(what)
    try {
      await fn()
      await onChange()
    } catch (e) {
      onError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="card" data-testid="server-card">
      <div className="card-head">
        <h3>中心服务</h3>
      </div>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          aria-label="中心服务地址"
          data-testid="server-url"
        />
        <Button
          type="primary"
          loading={busy === 'configure'}
          onClick={() =>
            void run('configure', () => client().call('sync.configure', { serverUrl: url.trim() }))
          }
          data-testid="server-connect"
        >
          保存并连接
        </Button>
      </Space.Compact>
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label="中心服务地址">
          <span className="mono" data-testid="server-url-value">
            {status?.serverUrl ?? '未设置'}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="中心回执公钥">
          <span className="mono">{status?.serverKeyId ?? '未设置'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="密钥在中心的状态">
          <Tag
            color={
              status?.keyStatus === 'approved'
                ? 'success'
                : status?.keyStatus === 'revoked'
                  ? 'error'
                  : 'default'
            }
            data-testid="key-at-server"
          >
            {status?.keyStatus
              ? (KEY_STATUS[status.keyStatus] ?? status.keyStatus)
              : '未知（尚未连接或未登记）'}
          </Tag>
        </Descriptions.Item>
      </Descriptions>
      <Space wrap>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="姓名"
          style={{ width: 140 }}
        />
        <Input
          value={agency}
          onChange={(e) => setAgency(e.target.value)}
          placeholder="评测机构"
          style={{ width: 200 }}
        />
        <Button
          loading={busy === 'register'}
          disabled={!status?.serverUrl || !status.keyId}
          onClick={() =>
            void run('register', () =>
              client().call('sync.register', {
                name,
                ...(agency.trim() ? { agency } : {}),
              }),
            )
          }
          data-testid="server-register"
        >
          向中心登记
        </Button>
      </Space>
    </div>
  )
}
