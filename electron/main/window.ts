/** The main window: isolated, sandboxed, no Node in the page, web security on. */
import { BrowserWindow } from 'electron'
import { hardenWebContents } from './security'

export interface WindowPaths {
  /** out/renderer/index.html */
  indexHtml: string
  /** out/preload/index.cjs */
  preload: string
}

export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    title: '中小企业数字化水平评测',
    backgroundColor: '#f5f7fa',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      // Middle-click must not open links in new windows (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  })
  hardenWebContents(win.webContents, paths.indexHtml)
  win.once('ready-to-show', () => win.show())
  void win.loadFile(paths.indexHtml)
  return win
}
