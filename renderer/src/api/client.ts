/**
 * The renderer's only way to the backend (style.md §8.3): `createClient(transport)`. Stores call
 * `client.call('assessments.setAnswer', {...})` with the contract's types; they never know whether
 * the transport is Electron IPC or the browser-mode HTTP host.
 */
import type {
  AppError,
  CallInput,
  EventName,
  EventPayload,
  Method,
  Output,
  Wire,
} from '../../../shared/contract'

export interface Transport {
  /** Sends one call; resolves with the backend's Wire envelope (never rejects for app errors). */
  call(method: string, input: unknown): Promise<Wire<unknown>>
  /** Subscribes to a backend event; returns the unsubscribe function. */
  on(event: string, cb: (payload: unknown) => void): () => void
}

/** A failed call, carrying the backend's error (code, Chinese message, field). */
export class ApiError extends Error implements AppError {
  readonly code: AppError['code']
  readonly field?: string
  constructor(error: AppError) {
    super(error.message)
    this.name = 'ApiError'
    this.code = error.code
    if (error.field !== undefined) this.field = error.field
  }
}

export interface Client {
  call<M extends Method>(method: M, input: CallInput<M>): Promise<Output<M>>
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void
}

export function createClient(transport: Transport): Client {
  return {
    async call(method, input) {
      let wire: Wire<unknown>
      try {
        wire = await transport.call(method, input)
      } catch (e) {
        // The transport itself failed (host gone, IPC torn down): not an app error, but the UI
        // must still say that nothing was saved.
        throw new ApiError({
          code: 'INTERNAL',
          message: `无法连接到本地服务：${e instanceof Error ? e.message : String(e)}`,
        })
      }
      if (!wire.ok) throw new ApiError(wire.error)
      return wire.value as Output<typeof method>
    },
    on(event, cb) {
      return transport.on(event, cb as (payload: unknown) => void)
    },
  }
}

/** The message to show for any error thrown by a call. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message
  if (e instanceof Error) return e.message
  return String(e)
}
