import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import type { ConsoleOutput } from '../../../shared/console'
import { call, ConsoleApiError } from '../api'

export function LoginPage({ onLogin }: { onLogin: (s: ConsoleOutput<'session.login'>) => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (v: { username: string; password: string }): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      onLogin(
        await call('session.login', { username: v.username ?? '', password: v.password ?? '' }),
      )
    } catch (e) {
      setError(e instanceof ConsoleApiError || e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#14284b',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          城市试点工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          鹤壁市中小企业数字化转型城市试点 · 工作专班
        </Typography.Paragraph>
        {error ? (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        ) : null}
        <Form
          layout="vertical"
          onFinish={(v: { username: string; password: string }) => void submit(v)}
        >
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, message: '请输入用户名' }]}
          >
            <Input autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item
            label="密码"
            name="password"
            rules={[{ required: true, message: '请输入密码' }]}
          >
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            登录
          </Button>
        </Form>
        <Typography.Paragraph
          type="secondary"
          style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}
        >
          账号由系统管理员创建；连续 5 次密码错误将锁定 15 分钟。
        </Typography.Paragraph>
      </Card>
    </div>
  )
}
