/**
 * Browser mode's backend process (issue 15 §1): the same plain-Node backend entry the desktop app
 * runs in a utilityProcess (electron/backend/process/node-entry.ts), forked as a child of the
 * host. The host only parses HTTP (http-host.ts) and forwards calls and events; PDF rendering,
 * scrypt, backups, spreadsheet parsing and unzipping never block it.
 */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { connectBackend, type BackendConnection } from '../backend/process/client'
import type { BackendInit, FromBackend } from '../backend/process/protocol'

const ENTRY = join(import.meta.dirname, '..', 'backend', 'process', 'node-entry.ts')

export interface BackendChildOptions {
  init: BackendInit
  /** Environment of the backend process (DL_PASSPHRASE for init.key 'passphrase-env'). */
  env?: NodeJS.ProcessEnv
  /** Where the backend's own output goes (default: inherited). */
  stdio?: 'inherit' | 'ignore'
  /**
   * A prebuilt JavaScript bundle of node-entry.ts to run with plain node (tests and e2e build
   * one with test/support/node-script.ts; the host takes it from DL_BACKEND_ENTRY). Default:
   * node-entry.ts through tsx.
   */
  entry?: string
}

export function startBackendChild(opts: BackendChildOptions): Promise<BackendConnection> {
  const child = fork(opts.entry ?? ENTRY, [], {
    // TypeScript through tsx in development (the host itself runs under tsx, see main.ts)
    execArgv: opts.entry ? [] : ['--import', 'tsx'],
    env: opts.env ?? process.env,
    stdio: opts.stdio === 'ignore' ? ['ignore', 'ignore', 'ignore', 'ipc'] : 'inherit',
    serialization: 'advanced', // structured clone: Uint8Array keys, Buffers in results
  })
  return connectBackend(
    {
      post: (m) => {
        if (child.connected) child.send(m)
      },
      onMessage: (l) => child.on('message', (m) => l(m as FromBackend)),
      onExit: (l) => child.once('exit', (code) => l(code)),
      kill: () => void child.kill('SIGKILL'),
    },
    opts.init,
  )
}
