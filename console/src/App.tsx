/** The console frame: login, then a menu of pages by role; hash routes. */
import {
  AuditOutlined,
  BarChartOutlined,
  DownloadOutlined,
  FileSearchOutlined,
  MoneyCollectOutlined,
  ShopOutlined,
  WarningOutlined,
} from '@ant-design/icons'
import {
  App as AntApp,
  Button,
  ConfigProvider,
  Layout,
  Menu,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { useEffect, useState } from 'react'
import { roleAtLeast, STAFF_ROLE_LABELS, type ConsoleOutput } from '../../shared/console'
import { call, setCsrf, whenUnauthenticated } from './api'
import { AuditPage } from './pages/AuditPage'
import { BudgetPage } from './pages/BudgetPage'
import { ChainPage } from './pages/ChainPage'
import { EnterprisesPage } from './pages/EnterprisesPage'
import { ExportsPage } from './pages/ExportsPage'
import { LoginPage } from './pages/LoginPage'
import { ProgressPage } from './pages/ProgressPage'
import { ReportVerifyPage } from './pages/ReportVerifyPage'
import { SignalsPage } from './pages/SignalsPage'
import { href, useRoute, type Route } from './route'

type Session = ConsoleOutput<'session.get'>

const theme = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
    fontFamily:
      "-apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
  },
  components: {
    Table: { headerBg: '#f6f8fb' },
    Layout: { siderBg: '#14284b', headerBg: '#14284b' },
  },
}

function Page({ route, session }: { route: Route; session: Session }) {
  switch (route.page) {
    case 'progress':
      return <ProgressPage />
    case 'budget':
      return <BudgetPage />
    case 'enterprises':
      return <EnterprisesPage />
    case 'chain':
      return <ChainPage enterpriseKey={route.key} />
    case 'signals':
      return <SignalsPage canClear={roleAtLeast(session.user.role, 'reviewer')} />
    case 'reports':
      return <ReportVerifyPage {...(route.number ? { initial: route.number } : {})} />
    case 'exports':
      return <ExportsPage />
    case 'audit':
      return <AuditPage />
  }
}

export function App() {
  const route = useRoute()
  const [session, setSession] = useState<Session | null | undefined>(undefined)
  useEffect(() => {
    whenUnauthenticated(() => setSession(null))
    call('session.get', {}).then(
      (s) => {
        setCsrf(s.csrfToken)
        setSession(s)
      },
      () => setSession(null),
    )
  }, [])
  const logout = async (): Promise<void> => {
    await call('session.logout', {}).catch(() => undefined)
    setCsrf('')
    setSession(null)
  }
  const items = [
    {
      key: 'progress',
      icon: <BarChartOutlined />,
      label: <a href={href({ page: 'progress' })}>试点进度</a>,
    },
    {
      key: 'budget',
      icon: <MoneyCollectOutlined />,
      label: <a href={href({ page: 'budget' })}>补助资金</a>,
    },
    {
      key: 'enterprises',
      icon: <ShopOutlined />,
      label: <a href={href({ page: 'enterprises' })}>企业档案</a>,
    },
    {
      key: 'signals',
      icon: <WarningOutlined />,
      label: <a href={href({ page: 'signals' })}>诚信信号</a>,
    },
    {
      key: 'reports',
      icon: <FileSearchOutlined />,
      label: <a href={href({ page: 'reports' })}>报告核验</a>,
    },
    {
      key: 'exports',
      icon: <DownloadOutlined />,
      label: <a href={href({ page: 'exports' })}>导出通报</a>,
    },
    ...(session && roleAtLeast(session.user.role, 'admin')
      ? [
          {
            key: 'audit',
            icon: <AuditOutlined />,
            label: <a href={href({ page: 'audit' })}>操作审计</a>,
          },
        ]
      : []),
  ]
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        {session === undefined ? (
          <Spin style={{ margin: 80, display: 'block' }} />
        ) : session === null ? (
          <LoginPage
            onLogin={(s) => {
              setCsrf(s.csrfToken)
              setSession(s)
            }}
          />
        ) : (
          <Layout style={{ minHeight: '100vh' }}>
            <Layout.Header
              style={{ display: 'flex', alignItems: 'center', padding: '0 20px', height: 52 }}
            >
              <Typography.Text style={{ color: '#fff', fontSize: 16, fontWeight: 600, flex: 1 }}>
                鹤壁市中小企业数字化转型城市试点 · 工作台
              </Typography.Text>
              <Space>
                <Typography.Text style={{ color: '#dbe4f3' }} data-testid="current-user">
                  {session.user.displayName}
                </Typography.Text>
                <Tag color="blue">{STAFF_ROLE_LABELS[session.user.role]}</Tag>
                <Button size="small" onClick={() => void logout()} data-testid="logout">
                  退出
                </Button>
              </Space>
            </Layout.Header>
            <Layout>
              <Layout.Sider width={168} theme="dark">
                <Menu
                  theme="dark"
                  mode="inline"
                  selectedKeys={[route.page === 'chain' ? 'enterprises' : route.page]}
                  items={items}
                  style={{ background: '#14284b', paddingTop: 8 }}
                />
              </Layout.Sider>
              <Layout.Content>
                <Page route={route} session={session} />
              </Layout.Content>
            </Layout>
          </Layout>
        )}
      </AntApp>
    </ConfigProvider>
  )
}
