/**
 * Sync over Electron's network stack (issue 15 §2): `net.fetch` uses the system proxy settings
 * (including PAC and authenticating proxies) and the operating system's certificate store (a
 * city's TLS-inspecting gateway with its own root certificate), where Node's fetch uses neither.
 * The adapter turns it into the backend's FetchLike; the backend process passes it to
 * createBackend (backend-utility.ts). Node's fetch stays the default everywhere else.
 */
import type { FetchLike } from '../../shared/domain/bundle/client'

/** The part of `net.fetch` the adapter needs (Electron's signature is the WHATWG one). */
export type NetFetch = (
  url: string,
  init: {
    method: string
    headers: Record<string, string>
    body?: Uint8Array
    signal?: AbortSignal
  },
) => Promise<{ status: number; text(): Promise<string> }>

export function netFetchAdapter(netFetch: NetFetch, timeoutMs = 120_000): FetchLike {
  return async (url, init) => {
    const res = await netFetch(url, {
      method: init.method,
      headers: init.headers,
      ...(init.body ? { body: init.body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    })
    return { status: res.status, text: () => res.text() }
  }
}
