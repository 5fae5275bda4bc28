/**
 * The backend process's side: waits for `init`, creates the backend, answers `call`s through
 * `dispatch`, forwards every event, and closes on `close` (or when the shell goes away).
 * The entries are thin: node-entry.ts (browser mode, a Node child process) and
 * electron/main/backend-utility.ts (Electron's utilityProcess, which adds net.fetch).
 */
import { isAppException } from '../../../shared/contract/errors'
import type { FetchLike } from '../../../shared/domain/bundle/client'
import { createBackend, type Backend } from '../create-backend'
import { wrappedSealer } from '../crypto/secret-sealer'
import { dispatch } from '../dispatch'
import { setResourcesDir } from '../pdf/font-files'
import { passphraseFromEnv, type KeyProvider } from '../storage/key-provider'
import type { BackendInit, FromBackend, KeySpec, Port, ToBackend } from './protocol'

function keyOf(spec: KeySpec, env: NodeJS.ProcessEnv): KeyProvider | 'unencrypted' {
  if (spec.mode === 'unencrypted') return 'unencrypted'
  if (spec.mode === 'passphrase-env') return passphraseFromEnv(env)
  const key = Uint8Array.from(spec.key)
  return { kind: spec.kind, getKey: async () => key }
}

export interface ServeOptions {
  /** HTTP for sync (Electron: net.fetch); default Node's fetch. */
  fetch?: FetchLike
  /** Called once the backend is closed (the entry then lets the process end). */
  onClosed?: () => void
}

export function serveBackend(port: Port<FromBackend, ToBackend>, opts: ServeOptions = {}): void {
  let backend: Backend | null = null
  let starting: Promise<void> | null = null
  let closing: Promise<void> | null = null
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await starting?.catch(() => undefined)
      await backend?.close()
      port.post({ t: 'closed' })
      opts.onClosed?.()
    })())

  const start = async (init: BackendInit): Promise<void> => {
    if (init.resourcesDir) setResourcesDir(init.resourcesDir)
    try {
      backend = await createBackend({
        dataDir: init.dataDir,
        key: keyOf(init.key, process.env),
        lock: { command: init.lockCommand },
        ...(init.sealer
          ? { keySealer: wrappedSealer(init.sealer.wrappingKey, init.sealer.store) }
          : {}),
        ...(init.autoBackup === false ? { autoBackup: false } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      })
    } catch (e) {
      port.post({
        t: 'fatal',
        message: e instanceof Error ? e.message : String(e),
        ...(isAppException(e) ? { code: e.code } : {}),
      })
      opts.onClosed?.()
      return
    }
    backend.onAny((event, payload) => port.post({ t: 'event', event, payload }))
    port.post({ t: 'ready', pid: process.pid })
  }

  port.onMessage((m) => {
    if (m.t === 'init') {
      starting ??= start(m.init)
      return
    }
    if (m.t === 'close') {
      void close()
      return
    }
    if (m.t === 'call') {
      void (async () => {
        await starting
        const wire = backend
          ? await dispatch(backend, m.method, m.input)
          : {
              ok: false,
              error: { code: 'INTERNAL', message: '后台服务未启动 / the backend did not start' },
            }
        port.post({ t: 'result', id: m.id, wire })
      })()
    }
  })
}
