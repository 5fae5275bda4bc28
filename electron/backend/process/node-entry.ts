/**
 * The backend process as a plain Node child (browser mode: electron/host/backend-child.ts forks
 * it; tests too). Messages over Node's IPC channel; when the parent goes away (disconnect), the
 * backend closes (releasing the data directory lock) and the process ends.
 */
import type { FromBackend, ToBackend } from './protocol'
import { serveBackend } from './serve'

if (!process.send) {
  process.stderr.write('node-entry: must be started with an IPC channel (child_process.fork)\n')
  process.exit(2)
}

// Ctrl+C in a terminal reaches the whole process group: the host closes this backend itself.
process.on('SIGINT', () => undefined)

let closed = false
serveBackend(
  {
    post: (m: FromBackend) => {
      if (process.connected) process.send!(m)
    },
    onMessage: (listener) => process.on('message', (m) => listener(m as ToBackend)),
  },
  {
    onClosed: () => {
      closed = true
      if (process.connected) process.disconnect()
      // whatever still holds the event loop (a keep-alive socket) must not keep the lock's
      // process alive: the backend is closed, so the process may end
      setTimeout(() => process.exit(0), 2000).unref()
    },
  },
)

process.on('disconnect', () => {
  if (!closed) process.emit('message', { t: 'close' } satisfies ToBackend, undefined)
})
