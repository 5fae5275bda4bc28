/**
 * The console's only way to central: `call(method, input)` over `POST /console/api/<method>`
 * with the session's CSRF token; answers are checked against the contract's output schema here
 * too (central checks them before sending). Errors keep central's code, message and field.
 */
import {
  consoleApi,
  CSRF_HEADER,
  type ConsoleCallInput,
  type ConsoleError,
  type ConsoleMethod,
  type ConsoleOutput,
  type ConsoleWire,
} from '../../shared/console'

export class ConsoleApiError extends Error implements ConsoleError {
  readonly code: ConsoleError['code']
  readonly field?: string
  readonly retryAfterSeconds?: number
  constructor(e: ConsoleError) {
    super(e.message)
    this.code = e.code
    if (e.field !== undefined) this.field = e.field
    if (e.retryAfterSeconds !== undefined) this.retryAfterSeconds = e.retryAfterSeconds
  }
}

let csrf = ''
let onUnauthenticated: () => void = () => {}

export function setCsrf(token: string): void {
  csrf = token
}
export function whenUnauthenticated(cb: () => void): void {
  onUnauthenticated = cb
}

export async function call<M extends ConsoleMethod>(
  method: M,
  input: ConsoleCallInput<M>,
): Promise<ConsoleOutput<M>> {
  let wire: ConsoleWire<unknown>
  try {
    const r = await fetch(`/console/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CSRF_HEADER]: csrf },
      credentials: 'same-origin',
      body: JSON.stringify(input),
    })
    wire = (await r.json()) as ConsoleWire<unknown>
  } catch (e) {
    throw new ConsoleApiError({
      code: 'INTERNAL',
      message: `无法连接到中心服务：${e instanceof Error ? e.message : String(e)}`,
    })
  }
  if (!wire.ok) {
    if (wire.error.code === 'UNAUTHENTICATED' && method !== 'session.get') onUnauthenticated()
    throw new ConsoleApiError(wire.error)
  }
  const out = consoleApi[method].output.safeParse(wire.value)
  if (!out.success)
    throw new ConsoleApiError({
      code: 'INTERNAL',
      message: `中心返回的数据不符合接口约定（${method}）`,
    })
  return out.data as ConsoleOutput<M>
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** A download URL under /console/download/ with its query. */
export function downloadUrl(
  name: 'bulletin.xlsx' | 'dossier.zip',
  q: Record<string, string>,
): string {
  return `/console/download/${name}?${new URLSearchParams(q).toString()}`
}
