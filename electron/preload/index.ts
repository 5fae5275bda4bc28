/**
 * The whole surface the page gets: `call(method, input)` and `on(event, cb)`. Nothing generic
 * (no send(channel, …)), so the page cannot reach any other IPC channel. Runs sandboxed, built as
 * CommonJS by scripts/build-desktop.mjs; imports only `electron` (contextBridge, ipcRenderer).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

export interface AssessorBridge {
  call(method: string, input: unknown): Promise<unknown>
  on(event: string, cb: (payload: unknown) => void): () => void
}

const bridge: AssessorBridge = {
  call(method, input) {
    return ipcRenderer.invoke('api:call', String(method), input)
  },
  on(event, cb) {
    const listener = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }): void => {
      if (msg && msg.event === event) cb(msg.payload)
    }
    ipcRenderer.on('api:event', listener)
    return () => {
      ipcRenderer.removeListener('api:event', listener)
    }
  },
}

contextBridge.exposeInMainWorld('assessor', bridge)
