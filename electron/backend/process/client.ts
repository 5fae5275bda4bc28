/**
 * The shell's side of the backend process (Electron main, the browser-mode host): starts it
 * with `init`, forwards calls and events, and turns the process's end into clear failures.
 * The channel is whatever carries the messages: Node's child_process IPC
 * (electron/host/backend-child.ts) or Electron's utilityProcess (electron/main/backend-host.ts).
 */
import { AppException, type ErrorCode, ERROR_CODES } from '../../../shared/contract/errors'
import type { BackendInit, FromBackend, ToBackend } from './protocol'

export interface ChildChannel {
  post(message: ToBackend): void
  onMessage(listener: (message: FromBackend) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

export interface BackendConnection {
  /** pid of the backend process */
  pid: number
  /** One contract call; resolves to the Wire envelope dispatch returned. */
  call(method: string, input: unknown): Promise<unknown>
  /** Every pushed event; returns the unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void
  /** Asks the backend to close (lock released, database closed); kills it if it hangs. */
  close(timeoutMs?: number): Promise<void>
  /** Resolves with the exit code when the process has ended (for whatever reason). */
  exited: Promise<number | null>
}

const gone = (why: string) => ({
  ok: false,
  error: { code: 'INTERNAL', message: `后台进程已退出，请重新启动应用（${why}）` },
})

export function connectBackend(ch: ChildChannel, init: BackendInit): Promise<BackendConnection> {
  let nextId = 1
  const pending = new Map<number, (wire: unknown) => void>()
  const listeners = new Set<(event: string, payload: unknown) => void>()
  let exitCode: number | null | undefined
  let onReady: ((pid: number) => void) | undefined
  let onFatal: ((e: Error) => void) | undefined
  let onClosedMsg: (() => void) | undefined
  const exited = new Promise<number | null>((resolve) =>
    ch.onExit((code) => {
      exitCode = code
      for (const reply of pending.values()) reply(gone(`exit ${String(code)}`))
      pending.clear()
      onFatal?.(new Error(`the backend process ended during start (exit ${String(code)})`))
      resolve(code)
    }),
  )
  ch.onMessage((m) => {
    if (m.t === 'result') {
      pending.get(m.id)?.(m.wire)
      pending.delete(m.id)
    } else if (m.t === 'event') {
      for (const l of listeners) l(m.event, m.payload)
    } else if (m.t === 'ready') onReady?.(m.pid)
    else if (m.t === 'fatal') {
      const code = (ERROR_CODES as readonly string[]).includes(m.code ?? '')
        ? (m.code as ErrorCode)
        : undefined
      onFatal?.(code ? new AppException(code, m.message) : new Error(m.message))
    } else if (m.t === 'closed') onClosedMsg?.()
  })
  return new Promise<BackendConnection>((resolve, reject) => {
    onFatal = (e) => {
      onFatal = undefined
      reject(e)
    }
    onReady = (pid) => {
      onFatal = undefined
      resolve({
        pid,
        exited,
        call(method, input) {
          if (exitCode !== undefined) return Promise.resolve(gone(`exit ${String(exitCode)}`))
          const id = nextId++
          return new Promise((r) => {
            pending.set(id, r)
            ch.post({ t: 'call', id, method, input })
          })
        },
        onEvent(listener) {
          listeners.add(listener)
          return () => void listeners.delete(listener)
        },
        async close(timeoutMs = 15_000) {
          if (exitCode !== undefined) return
          const closedMsg = new Promise<void>((r) => (onClosedMsg = r))
          ch.post({ t: 'close' })
          let timer: ReturnType<typeof setTimeout> | undefined
          const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), timeoutMs)))
          const r = await Promise.race([closedMsg.then(() => exited), late])
          clearTimeout(timer)
          if (r === 'late') {
            ch.kill()
            await exited
          }
        },
      })
    }
    ch.post({ t: 'init', init })
  })
}
