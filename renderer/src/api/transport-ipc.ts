/** Electron: the preload's `window.assessor` bridge (call + on only). */
import type { Wire } from '../../../shared/contract'
import type { Transport } from './client'

export interface AssessorBridge {
  call(method: string, input: unknown): Promise<unknown>
  on(event: string, cb: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    assessor?: AssessorBridge
  }
}

export function ipcTransport(bridge: AssessorBridge): Transport {
  return {
    call: async (method, input) => (await bridge.call(method, input)) as Wire<unknown>,
    on: (event, cb) => bridge.on(event, cb),
  }
}
