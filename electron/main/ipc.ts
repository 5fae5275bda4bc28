/**
 * The one IPC channel, 'api:call' (style.md §8.3). Electron concerns only: the sender frame must be
 * our own page (file:// out/renderer/index.html, top frame); then the call goes to the backend
 * process unchanged (its `dispatch` validates the method and the input with the contract's
 * schemas). Backend events go to every window on 'api:event' as { event, payload }.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { BackendConnection } from '../backend/process/client'
import { isOwnPage } from './security'

export function isTrustedSender(event: IpcMainInvokeEvent, indexHtml: string): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  return isOwnPage(frame.url, indexHtml)
}

export function registerIpc(
  backend: Pick<BackendConnection, 'call' | 'onEvent'>,
  indexHtml: string,
): () => void {
  ipcMain.handle('api:call', async (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event, indexHtml)) {
      return {
        ok: false,
        error: { code: 'VALIDATION', message: '拒绝：调用方不是本应用页面', field: 'sender' },
      }
    }
    return backend.call(typeof method === 'string' ? method : '', input)
  })
  const off = backend.onEvent((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send('api:event', { event: name, payload })
    }
  })
  return () => {
    off()
    ipcMain.removeHandler('api:call')
  }
}
