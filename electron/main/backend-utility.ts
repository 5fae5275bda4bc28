/**
 * Entry of the backend's utilityProcess (issue 15 §1): the plain-Node backend
 * (backend/process/serve.ts, the same one browser mode forks) on Electron's parentPort, with
 * Electron's net.fetch for sync (system proxy, OS certificates). Built to out/main/backend.cjs
 * (scripts/build-desktop.mjs); started by backend-host.ts. Nothing here blocks the window.
 */
import { net } from 'electron'
import type { FromBackend, ToBackend } from '../backend/process/protocol'
import { serveBackend } from '../backend/process/serve'
import { netFetchAdapter, type NetFetch } from './net-fetch'

const port = process.parentPort
serveBackend(
  {
    post: (m: FromBackend) => port.postMessage(m),
    onMessage: (listener) => port.on('message', (e) => listener(e.data as ToBackend)),
  },
  {
    fetch: netFetchAdapter(net.fetch as unknown as NetFetch),
    onClosed: () => setTimeout(() => process.exit(0), 100),
  },
)
