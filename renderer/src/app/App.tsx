import { App as AntApp, Alert, ConfigProvider, Spin } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { lazy, Suspense, useEffect } from 'react'
import { EnterprisesPage } from '../features/enterprises/EnterprisesPage'
import { ProfileDialog } from '../features/profile/ProfileDialog'
import { AppHeader } from './AppHeader'
import { useCatalogue } from './catalogue.store'
import { useProfile } from './profile.store'
import { useRoute } from './route.store'
import { prefersReducedMotion, themeFor } from './theme'

// zh-CN everywhere: antd's texts (ConfigProvider) and the date pickers' months and weekdays.
dayjs.locale('zh-cn')

// The workspace (with echarts) and the comparison load on first use: the register paints sooner.
const AssessmentWorkspace = lazy(() =>
  import('../features/assessment/AssessmentWorkspace').then((m) => ({
    default: m.AssessmentWorkspace,
  })),
)
const ComparePage = lazy(() =>
  import('../features/compare/ComparePage').then((m) => ({ default: m.ComparePage })),
)

const SyncPage = lazy(() =>
  import('../features/sync/SyncPage').then((m) => ({ default: m.SyncPage })),
)

const PanelPage = lazy(() =>
  import('../features/panel/PanelPage').then((m) => ({ default: m.PanelPage })),
)
const RecheckPage = lazy(() =>
  import('../features/recheck/RecheckPage').then((m) => ({ default: m.RecheckPage })),
)
const HelpPage = lazy(() =>
  import('../features/help/HelpPage').then((m) => ({ default: m.HelpPage })),
)
const DossierPage = lazy(() =>
  import('../features/dossier/DossierPage').then((m) => ({ default: m.DossierPage })),
)

// read once at start: the setting rarely changes while the app runs
const appTheme = themeFor(prefersReducedMotion())

/** The frame: zh-CN locale (antd and dayjs), theme, header, and the screen of the current route. */
export function App() {
  const route = useRoute((s) => s.route)
  const loadCatalogue = useCatalogue((s) => s.load)
  const catalogueError = useCatalogue((s) => s.error)
  const loadProfile = useProfile((s) => s.load)

  useEffect(() => {
    void loadCatalogue()
    void loadProfile()
  }, [loadCatalogue, loadProfile])

  return (
    <ConfigProvider locale={zhCN} theme={appTheme}>
      <AntApp>
        <div className="app">
          <AppHeader />
          {catalogueError ? (
            <Alert
              type="error"
              showIcon
              message="无法连接评测服务"
              description={catalogueError}
              style={{ margin: 24 }}
            />
          ) : null}
          <div className="app-body">
            <Suspense
              fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}
            >
              {route.name === 'enterprises' ? <EnterprisesPage /> : null}
              {route.name === 'assessment' ? (
                <AssessmentWorkspace id={route.id} item={route.item} />
              ) : null}
              {route.name === 'compare' ? <ComparePage enterpriseId={route.enterpriseId} /> : null}
              {route.name === 'dossier' ? <DossierPage enterpriseId={route.enterpriseId} /> : null}
              {route.name === 'sync' ? <SyncPage /> : null}
              {route.name === 'panel' ? <PanelPage enterpriseId={route.enterpriseId} /> : null}
              {route.name === 'recheck' ? <RecheckPage key={route.id ?? ''} id={route.id} /> : null}
              {route.name === 'help' ? <HelpPage topic={route.topic ?? 'signatures'} /> : null}
            </Suspense>
          </div>
          <ProfileDialog />
        </div>
      </AntApp>
    </ConfigProvider>
  )
}
