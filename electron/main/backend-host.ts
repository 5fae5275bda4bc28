/**
 * Starts the backend in an Electron utilityProcess (issue 15 §1) and connects to it: main keeps
 * only the window and forwards calls and events (ipc.ts). The keys that need the OS key store
 * (safeStorage exists only in main) are fetched here and handed over in `init`: the database key
 * and the wrapping key of the signing-key sealer (key-store.ts).
 */
import { app, utilityProcess } from 'electron'
import { join } from 'node:path'
import { connectBackend, type BackendConnection } from '../backend/process/client'
import type { FromBackend } from '../backend/process/protocol'
import { osKeyStoreProvider, osKeyStoreSecret, SEALER_STORE } from './key-store'

export async function startBackendProcess(
  dataDir: string,
  mainDir: string,
): Promise<BackendConnection> {
  const provider = osKeyStoreProvider()
  const key = await provider.getKey(dataDir)
  const wrappingKey = await osKeyStoreSecret(dataDir)
  const child = utilityProcess.fork(join(mainDir, 'backend.cjs'), [], {
    serviceName: 'dl-assessor backend',
    stdio: 'inherit',
  })
  return connectBackend(
    {
      post: (m) => child.postMessage(m),
      onMessage: (l) => child.on('message', (m) => l(m as FromBackend)),
      onExit: (l) => child.once('exit', (code) => l(code)),
      kill: () => void child.kill(),
    },
    {
      dataDir,
      key: { mode: 'raw', key, kind: provider.kind },
      sealer: { store: SEALER_STORE, wrappingKey },
      lockCommand: `dl-assessor desktop app (main pid ${process.pid})`,
      ...(app.isPackaged ? { resourcesDir: process.resourcesPath } : {}),
    },
  )
}
