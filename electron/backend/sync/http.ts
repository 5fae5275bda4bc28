/** The sync HTTP client for this device: global fetch (undici), node:crypto hashing and nonces. */
import { randomBytes } from 'node:crypto'
import { SyncClient, type FetchLike } from '../../../shared/domain/bundle/client'
import type { Signer } from '../crypto/keys'
import { sha256Hex } from '../crypto/node-crypto'

export const nodeFetch: FetchLike = async (url, init) => {
  const res = await fetch(url, {
    method: init.method,
    headers: init.headers,
    ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
    signal: AbortSignal.timeout(120_000),
  })
  return res
}

export function createSyncClient(opts: {
  baseUrl: string
  signer: Signer
  /** Electron passes net.fetch (through createBackend); default Node's fetch. */
  fetch?: FetchLike | undefined
  now?: () => number
}): SyncClient {
  return new SyncClient({
    baseUrl: opts.baseUrl,
    signer: opts.signer,
    fetch: opts.fetch ?? nodeFetch,
    sha256Hex: (b) => sha256Hex(b),
    nonce: () => randomBytes(18).toString('base64url'),
    now: opts.now ?? (() => Date.now()),
  })
}
