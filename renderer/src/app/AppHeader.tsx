import {
  DatabaseOutlined,
  LockOutlined,
  QuestionCircleOutlined,
  UnlockOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { Button, Tooltip } from 'antd'
import { useCatalogue } from './catalogue.store'
import { useProfile } from './profile.store'
import { useRoute } from './route.store'

/**
 * Title, main navigation, the assessor (opens the profile), and the catalogue / encryption state —
 * each of which leads to its explanation and what to do (说明 → 本机数据与指标目录).
 */
export function AppHeader() {
  const route = useRoute((s) => s.route)
  const go = useRoute((s) => s.go)
  const app = useCatalogue((s) => s.app)
  const profile = useProfile((s) => s.profile)
  const editProfile = useProfile((s) => s.setEditing)
  const nav = (name: 'enterprises' | 'sync' | 'recheck', label: string, testId?: string) => (
    <button
      type="button"
      className={route.name === name ? 'active' : ''}
      onClick={() => go({ name })}
      data-testid={testId}
    >
      {label}
    </button>
  )
  return (
    <header className="app-header">
      <div className="brand" onClick={() => go({ name: 'enterprises' })} role="link" tabIndex={0}>
        <span className="brand-mark">数</span>
        <div>
          <div className="brand-title">中小企业数字化水平评测</div>
          <div className="brand-sub">评测工作台 · 2024年版指标</div>
        </div>
      </div>
      <nav className="app-nav">
        {nav('enterprises', '企业名录', 'nav-enterprises')}
        {nav('sync', '签名与同步', 'nav-sync')}
        {nav('recheck', '复核', 'nav-recheck')}
        <button
          type="button"
          className={route.name === 'help' ? 'active' : ''}
          onClick={() => go({ name: 'help', topic: 'signatures' })}
          data-testid="nav-help"
        >
          <QuestionCircleOutlined /> 说明
        </button>
      </nav>
      <div className="app-header-right">
        <Tooltip title="评测人员资料：新建评测和报告的默认姓名、机构、证书">
          <Button
            size="small"
            type="text"
            className="header-link"
            icon={<UserOutlined />}
            onClick={() => editProfile(true)}
            data-testid="header-profile"
          >
            {profile ? `${profile.name} · ${profile.agency}` : '设置评测人员'}
          </Button>
        </Tooltip>
        {app ? (
          <>
            <Tooltip title={`指标目录校验码 ${app.catalogueHash}：点击查看含义`}>
              <Button
                size="small"
                type="text"
                className="header-link"
                icon={<DatabaseOutlined />}
                onClick={() => go({ name: 'help', topic: 'data' })}
                data-testid="header-catalogue"
              >
                2024年版指标 · 校验码 {app.catalogueHash.slice(0, 8)}
              </Button>
            </Tooltip>
            <Tooltip
              title={
                app.encrypted ? '本机数据已加密：点击查看说明' : '本机数据未加密：点击查看如何加密'
              }
            >
              <Button
                size="small"
                type="text"
                className={app.encrypted ? 'header-link' : 'header-link header-warn'}
                icon={app.encrypted ? <LockOutlined /> : <UnlockOutlined />}
                onClick={() => go({ name: 'help', topic: 'data' })}
                data-testid={app.encrypted ? 'encrypted' : 'not-encrypted'}
              >
                {app.encrypted ? '数据已加密' : '数据未加密'}
              </Button>
            </Tooltip>
          </>
        ) : null}
      </div>
    </header>
  )
}
