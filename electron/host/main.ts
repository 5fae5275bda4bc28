/**
 * `npm run web`: browser mode. Starts the backend and the HTTP host on 127.0.0.1 and prints the
 * address to open. Environment:
 *   PORT          port to listen on (default 5180; 0 = any free port; busy → a free one)
 *   DL_DATA_DIR   data directory (default ./.data in the current directory — the same layout as
 *                 the desktop app's userData: assessor.sqlite + evidence/)
 *   DL_RENDERER_DIR  built renderer (default out/renderer next to package.json)
 *   DL_BACKEND_ENTRY  a prebuilt bundle of the backend process entry (tests; default: tsx)
 *   DL_PASSPHRASE  database passphrase (≥ 8 chars): the database and evidence are encrypted with a
 *                 key derived from it. Without it the data stays unencrypted and the host says so.
 * The backend runs in its own process (backend-child.ts); this process parses HTTP and forwards
 * calls and events. Never packaged into the desktop app (electron-builder.yml excludes
 * electron/host).
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startBackendChild } from './backend-child'
import { startHttpHost, type HttpHost } from './http-host'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DL_DATA_DIR ?? join(process.cwd(), '.data'))
  const staticDir = resolve(process.env.DL_RENDERER_DIR ?? join(repo, 'out', 'renderer'))
  const wanted =
    process.env.PORT === undefined || process.env.PORT === '' ? 5180 : Number(process.env.PORT)
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    process.stderr.write(`PORT must be an integer 0–65535, got "${process.env.PORT ?? ''}"\n`)
    process.exit(2)
  }
  const encrypted = Boolean(process.env.DL_PASSPHRASE)
  const backend = await startBackendChild({
    ...(process.env.DL_BACKEND_ENTRY ? { entry: process.env.DL_BACKEND_ENTRY } : {}),
    init: {
      dataDir,
      key: encrypted ? { mode: 'passphrase-env' } : { mode: 'unencrypted' },
      lockCommand: `dl-assessor browser mode (npm run web, host pid ${process.pid})`,
    },
  })
  const hostOpts = { dispatch: (m: string, i: unknown) => backend.call(m, i), staticDir }
  let host: HttpHost
  try {
    host = await startHttpHost({ ...hostOpts, port: wanted })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.env.PORT) throw e
    host = await startHttpHost({ ...hostOpts, port: 0 })
  }
  backend.onEvent((event, payload) => host.broadcast(event, payload))
  process.stdout.write(
    `dl-assessor browser mode: ${host.url}  (data: ${dataDir}${encrypted ? ', encrypted' : ', NOT encrypted: set DL_PASSPHRASE'})\n`,
  )

  let stopping = false
  const stop = async (): Promise<void> => {
    stopping = true
    await host.close()
    await backend.close()
    process.exit(0)
  }
  void backend.exited.then((code) => {
    if (stopping) return
    process.stderr.write(`dl-assessor host: the backend process ended (exit ${String(code)})\n`)
    process.exit(1)
  })
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((e: unknown) => {
  process.stderr.write(`dl-assessor host failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
