/**
 * Electron main: thin on purpose. In order (startup.ts): the data directory (%LOCALAPPDATA% on
 * Windows), the single-instance lock, then the backend in its own utilityProcess
 * (backend-host.ts: the same backend the CLI and browser mode use), the IPC forwarding and the
 * window. Nothing heavy runs here: the window never waits for a PDF, scrypt or a backup.
 */
import { app, BrowserWindow, dialog } from 'electron'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BackendConnection } from '../backend/process/client'
import { startBackendProcess } from './backend-host'
import { registerIpc } from './ipc'
import { hardenSession } from './security'
import { startDesktop } from './startup'
import { createMainWindow, type WindowPaths } from './window'

const here = dirname(fileURLToPath(import.meta.url)) // out/main
const paths: WindowPaths = {
  indexHtml: join(here, '../renderer/index.html'),
  preload: join(here, '../preload/index.cjs'),
}

app.enableSandbox()
let backend: BackendConnection | null = null

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0]
  if (win) {
    if (win.isMinimized()) win.restore()
    win.focus()
  }
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Close the backend (database, data-directory lock) before quitting.
let quitting = false
let closed = false
app.on('before-quit', (event) => {
  if (closed || !backend) return
  event.preventDefault()
  if (quitting) return
  quitting = true
  void backend.close().finally(() => {
    closed = true
    app.quit()
  })
})

void startDesktop(
  {
    platform: process.platform,
    env: process.env,
    defaultUserData: () => app.getPath('userData'),
    setUserData: (dir) => app.setPath('userData', dir),
    requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
    quit: () => app.quit(),
    whenReady: () => app.whenReady().then(() => undefined),
    async startBackend(dataDir) {
      hardenSession()
      backend = await startBackendProcess(dataDir, here)
      void backend.exited.then((code) => {
        if (quitting || closed) return
        dialog.showErrorBox(
          '评测后台进程已退出 / The assessment backend stopped',
          `exit ${String(code)}`,
        )
        app.exit(1)
      })
    },
    openWindow() {
      registerIpc(backend!, paths.indexHtml)
      createMainWindow(paths)
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createMainWindow(paths)
      })
    },
    fatal(title, message) {
      dialog.showErrorBox(title, message)
      app.exit(1)
    },
  },
  basename(app.getPath('userData')),
)
