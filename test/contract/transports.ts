/**
 * Runs a contract suite twice, as style.md §8.4 asks: in-process through dispatch, and through
 * the HTTP host (browser mode), each against its own real backend on a temp SQLite file.
 */
import { afterAll, beforeAll, describe } from 'vitest'
import { api, type Method, type Output, type Wire } from '../../shared/contract/api'
import { dispatch } from '../../electron/backend/dispatch'
import { startHttpHost, type HttpHost } from '../../electron/host/http-host'
import { tempBackend } from '../../electron/backend/test-helpers'

export type TestBackend = Awaited<ReturnType<typeof tempBackend>>
export type Call = (method: string, input: unknown) => Promise<Wire<unknown>>
export type Transport = 'in-process' | 'http'
export const TRANSPORTS = ['in-process', 'http'] as const satisfies readonly Transport[]

/**
 * `describe.each` over both transports (`title` may use `%s` for the transport's name). `fn`
 * registers the suite's tests; its `call` reaches the suite's backend (a fresh `tempBackend()`,
 * or `opts.backend()`) through that transport once the suite's beforeAll has run, and
 * `backend()` returns that backend itself (for a test that must reach below the contract).
 */
export function describeTransports(
  title: string,
  fn: (call: Call, transport: Transport, backend: () => TestBackend) => void,
  opts: { backend?: () => Promise<TestBackend> } = {},
): void {
  describe.each(TRANSPORTS)(title, (transport) => {
    let b: TestBackend | undefined
    let host: HttpHost | undefined
    let current: Call | undefined

    beforeAll(async () => {
      const backend = await (opts.backend ?? tempBackend)()
      b = backend
      if (transport === 'in-process') {
        current = (m, i) => dispatch(backend, m, i)
      } else {
        const h = await startHttpHost({
          dispatch: (m, i) => dispatch(backend, m, i),
          staticDir: backend.dataDir,
          port: 0,
          maxBodyBytes: 64 * 1024 * 1024,
        })
        host = h
        current = async (m, i) => {
          const res = await fetch(`${h.url}api/${encodeURIComponent(m)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-dl-token': h.token },
            body: JSON.stringify(i),
          })
          return (await res.json()) as Wire<unknown>
        }
      }
    })
    afterAll(async () => {
      await host?.close()
      await b?.cleanup()
    })

    const call: Call = (m, i) => {
      if (!current) throw new Error(`transport ${transport} used before its beforeAll ran`)
      return current(m, i)
    }
    const backend = (): TestBackend => {
      if (!b) throw new Error(`backend of ${transport} used before its beforeAll ran`)
      return b
    }
    fn(call, transport, backend)
  })
}

/** Calls `method`, fails unless the envelope is ok and the value matches the output schema. */
export async function okOutput<M extends Method>(
  via: Call,
  method: M,
  input: unknown,
): Promise<Output<M>> {
  const w = await via(method, input)
  if (!w.ok) throw new Error(`${method} failed: ${w.error.code} ${w.error.message}`)
  const parsed = api[method].output.safeParse(w.value)
  if (!parsed.success)
    throw new Error(`${method} output does not match its schema: ${parsed.error.message}`)
  return w.value as Output<M>
}
