import { DatabaseOutlined, GlobalOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons'
import { Button, Tooltip } from 'antd'
import { useLocale, useT } from '../i18n/locale.store'
import { useCatalogue } from './catalogue.store'
import { useRoute } from './route.store'

/** Title, main navigation, catalogue pin and the language switch. */
export function AppHeader() {
    const toggle = useLocale((s) => s.toggle)
  const route = useRoute((s) => s.route)
  const go = useRoute((s) => s.go)
  const app = useCatalogue((s) => s.app)
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
        <button
          type="button"
          className={route.name === 'enterprises' ? 'active' : ''}
          onClick={() => go({ name: 'enterprises' })}
        >
          企业名录
        </button>
        <button
          type="button"
          className={route.name === 'sync' ? 'active' : ''}
          onClick={() => go({ name: 'sync' })}
          data-testid="nav-sync"
        >
          签名与同步
        </button>
        <button
          type="button"
          className={route.name === 'recheck' ? 'active' : ''}
          onClick={() => go({ name: 'recheck' })}
          data-testid="nav-recheck"
        >
          复核
        </button>
      </nav>
      <div className="app-header-right">
        {app ? (
          <Tooltip title={`数据目录：${app.dataDir} · 指标目录哈希 ${app.catalogueHash}`}>
            <span className="header-pin">
              <DatabaseOutlined /> {app.catalogueId} · {app.catalogueHash.slice(0, 8)} · v
              {app.version} ·{' '}
              {app.encrypted ? (
                <span data-testid="encrypted">
                  <LockOutlined /> 数据已加密
                </span>
              ) : (
                <span className="header-warn">
                  <UnlockOutlined /> 数据未加密
                </span>
              )}
            </span>
          </Tooltip>
        ) : null}
        <Button size="small" icon={<GlobalOutlined />} onClick={toggle} data-testid="lang-switch">
          English
        </Button>
      </div>
    </header>
  )
}
