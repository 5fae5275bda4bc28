import { ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { prefersReducedMotion, themeFor } from './app/theme'
import './styles.css'

// Modal.confirm and the other static dialogs render outside <App>: same locale and theme there
const staticTheme = themeFor(prefersReducedMotion())
ConfigProvider.config({
  holderRender: (children) => (
    <ConfigProvider locale={zhCN} theme={staticTheme}>
      {children}
    </ConfigProvider>
  ),
})

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
