/**
 * Electron main: thin on purpose. It creates the backend (the same one the CLI and the browser
 * host use) in the user's data directory, wires the one IPC channel, and opens the window.
 */
import { app, BrowserWindow, dialog } from 'electron'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBackend } from '../backend/create-backend'
import { registerIpc } from './ipc'
import { osKeyStoreProvider, osSecretSealer } from './key-store'
import { hardenSession } from './security'
import { createMainWindow, type WindowPaths } from './window'

const here = dirname(fileURLToPath(import.meta.url)) // out/main
const paths: WindowPaths = {
  indexHtml: join(here, '../renderer/index.html'),
  preload: join(here, '../preload/index.cjs'),
}

app.enableSandbox()
if (!app.requestSingleInstanceLock()) app.quit()

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

async function start(): Promise<void> {
  await app.whenReady()
  hardenSession()
  let backend: Awaited<ReturnType<typeof createBackend>>
  try {
    backend = await createBackend({
      dataDir: app.getPath('userData'),
      key: osKeyStoreProvider(),
      keySealer: osSecretSealer(),
    })
  } catch (e) {
    // A half-working app could lose answers: stop with the reason instead.
    dialog.showErrorBox(
      '无法打开评测数据库 / Cannot open the assessment database',
      e instanceof Error ? e.message : String(e),
    )
    app.exit(1)
    return
  }
  registerIpc(backend, paths.indexHtml)
  createMainWindow(paths)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(paths)
  })
}

void start()
