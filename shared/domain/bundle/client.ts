/**
 * The sync protocol client, pure: HTTP, signing, hashing, randomness and the clock come in as
 * ports (global fetch + node:crypto in the backend; the same in tests of the central service).
 * Every request except registration and status is signed (see protocol.ts).
 */
import type { z } from 'zod'
import { canonicalBytes } from './manifest'
import { toBase64, utf8 } from './codec'
import {
  HEADER_KEY_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  PROTOCOL_VERSION,
  registrationProofBody,
  requestSigningString,
  type Assignment,
  type ErrorResponse,
  type MissingEvidenceResponse,
  type PushBundleResponse,
  type RegisterKeyRequest,
} from './protocol'
import type { BundleManifest, PublicKeyInfo, SignatureEnvelope, SignedReceipt } from './types'
import { ruleProfilesResponseSchema } from '../reference/published'
import { measuresResponseSchema, productsResponseSchema } from '../plan/published'

/** GET /v1/rule-profiles, shape-checked (published entries are checked by the caller). */
export type RuleProfilesResponse = z.infer<typeof ruleProfilesResponseSchema>

export interface FetchResponseLike {
  status: number
  text(): Promise<string>
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array },
) => Promise<FetchResponseLike>

export interface ClientSigner {
  info: PublicKeyInfo
  sign(message: Uint8Array): Uint8Array
}

export interface SyncClientOptions {
  baseUrl: string
  fetch: FetchLike
  signer: ClientSigner
  sha256Hex(bytes: Uint8Array): string
  /** A fresh random nonce, 16–64 [A-Za-z0-9_-]. */
  nonce(): string
  /** ms since epoch */
  now(): number
}

/** A non-2xx answer: status, the server's error code and one-line reason. */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
    readonly body: Partial<ErrorResponse> = {},
  ) {
    super(`${status} ${code}: ${reason}`)
    this.name = 'SyncHttpError'
  }
}

/** Whether a failure may go away by itself (retry later) or needs a person (reject). */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof SyncHttpError)) return true // network errors, timeouts, a server that is down
  if (e.status >= 500 || e.status === 408 || e.status === 429) return true
  return ['auth-skew', 'auth-replay', 'auth-key-pending', 'conflict-offset'].includes(e.code)
}

export class SyncClient {
  constructor(private readonly o: SyncClientOptions) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    opts: { signed?: boolean; raw?: Uint8Array; okStatuses?: number[] } = {},
  ): Promise<T> {
    const bytes = opts.raw ?? (body === undefined ? new Uint8Array(0) : utf8(JSON.stringify(body)))
    const headers: Record<string, string> = {}
    if (opts.raw) headers['content-type'] = 'application/octet-stream'
    else if (body !== undefined) headers['content-type'] = 'application/json'
    if (opts.signed !== false) {
      const timestamp = String(this.o.now())
      const nonce = this.o.nonce()
      const text = requestSigningString({
        method,
        pathAndQuery: path,
        timestamp,
        nonce,
        bodySha256: this.o.sha256Hex(bytes),
      })
      headers[HEADER_KEY_ID] = this.o.signer.info.keyId
      headers[HEADER_TIMESTAMP] = timestamp
      headers[HEADER_NONCE] = nonce
      headers[HEADER_SIGNATURE] = toBase64(this.o.signer.sign(utf8(text)))
    }
    const res = await this.o.fetch(this.o.baseUrl.replace(/\/$/, '') + path, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: bytes }),
    })
    const text = await res.text()
    let json: unknown = undefined
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      /* not JSON */
    }
    if (res.status >= 200 && res.status < 300) return json as T
    const err = (json ?? {}) as Partial<ErrorResponse>
    throw new SyncHttpError(
      res.status,
      err.error ?? 'http-error',
      err.reason ?? (text.slice(0, 200) || `HTTP ${res.status}`),
      err,
    )
  }

  /** Registers this key (pending until an administrator approves it). */
  async register(
    assessor: { name: string; agency?: string },
    requestedAt: string,
  ): Promise<{ keyId: string; status: string }> {
    const info = this.o.signer.info
    const req: Omit<RegisterKeyRequest, 'proof'> = {
      protocolVersion: PROTOCOL_VERSION,
      keyId: info.keyId,
      algorithm: info.algorithm,
      publicKeyPem: info.publicKeyPem,
      assessor,
      requestedAt,
    }
    const proof = toBase64(this.o.signer.sign(canonicalBytes(registrationProofBody(req))))
    return this.call('POST', '/v1/keys', { ...req, proof }, { signed: false })
  }

  keyStatus(keyId = this.o.signer.info.keyId): Promise<{ keyId: string; status: string }> {
    return this.call('GET', `/v1/keys/${keyId}`, undefined, { signed: false })
  }

  serverKey(): Promise<PublicKeyInfo> {
    return this.call('GET', '/v1/server-key', undefined, { signed: false })
  }

  async missingEvidence(hashes: string[]): Promise<MissingEvidenceResponse['missing']> {
    if (!hashes.length) return []
    const r = await this.call<MissingEvidenceResponse>('POST', '/v1/evidence/missing', {
      protocolVersion: PROTOCOL_VERSION,
      hashes,
    })
    return r.missing
  }

  /**
   * Uploads `bytes` from `from` in chunks; each chunk is appended at the offset the server has.
   * On 409 conflict-offset it continues from the server's offset. Returns the bytes sent.
   */
  async uploadEvidence(
    sha256: string,
    bytes: Uint8Array,
    from = 0,
    chunkSize = 1024 * 1024,
  ): Promise<number> {
    let offset = from
    let sent = 0
    for (let guard = 0; guard < 1_000_000; guard++) {
      const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + chunkSize))
      try {
        const r = await this.call<{ status: string; received: number }>(
          'PUT',
          `/v1/evidence/${sha256}?offset=${offset}&size=${bytes.length}`,
          undefined,
          { raw: chunk },
        )
        sent += chunk.length
        if (r.status === 'stored' || r.status === 'present') return sent
        offset = r.received
      } catch (e) {
        if (
          e instanceof SyncHttpError &&
          e.code === 'conflict-offset' &&
          typeof e.body.received === 'number'
        ) {
          offset = e.body.received
          continue
        }
        throw e
      }
    }
    throw new Error(`evidence ${sha256}: upload did not finish`)
  }

  pushBundle(manifest: BundleManifest, signature: SignatureEnvelope): Promise<PushBundleResponse> {
    return this.call('POST', '/v1/bundles', {
      protocolVersion: PROTOCOL_VERSION,
      manifest,
      signature,
    })
  }

  receipt(bundleId: string): Promise<SignedReceipt> {
    return this.call('GET', `/v1/bundles/${encodeURIComponent(bundleId)}/receipt`)
  }

  async assignments(): Promise<Assignment[]> {
    return (await this.call<{ assignments: Assignment[] }>('GET', '/v1/assignments')).assignments
  }

  async catalogues(): Promise<{ id: string; hash: string }[]> {
    return (
      await this.call<{ catalogues: { id: string; hash: string }[] }>('GET', '/v1/catalogues')
    ).catalogues
  }

  catalogue(id: string): Promise<{ id: string; hash: string; catalogue: unknown }> {
    return this.call('GET', `/v1/catalogues/${encodeURIComponent(id)}`)
  }

  /**
   * GET /v1/rule-profiles: built-in ids + hashes and the published profiles, each still to be
   * checked with checkSignedRuleProfile (shared/domain/reference) against the pinned server key.
   * A response of another shape throws naming the field.
   */
  async ruleProfiles(): Promise<RuleProfilesResponse> {
    const raw = await this.call<unknown>('GET', '/v1/rule-profiles')
    const r = ruleProfilesResponseSchema.safeParse(raw)
    if (!r.success) {
      const i = r.error.issues[0]
      throw new Error(
        `GET /v1/rule-profiles: ${i?.path.map(String).join('.') || 'response'}: ${i?.message ?? 'invalid'}`,
      )
    }
    return r.data
  }

  /**
   * GET /v1/measures and GET /v1/products (issue 13): the published measures libraries and
   * product catalogues, each still to be checked (shared/domain/plan/published.ts) against the
   * pinned server key. A central service without these endpoints (404) has none to give.
   * A response of another shape throws naming the field.
   */
  async publishedDocuments(kind: 'measures' | 'products'): Promise<unknown[]> {
    const path = `/v1/${kind}`
    let raw: unknown
    try {
      raw = await this.call<unknown>('GET', path)
    } catch (e) {
      if (e instanceof SyncHttpError && e.status === 404) return []
      throw e
    }
    const r = (kind === 'measures' ? measuresResponseSchema : productsResponseSchema).safeParse(raw)
    if (!r.success) {
      const i = r.error.issues[0]
      throw new Error(
        `GET ${path}: ${i?.path.map(String).join('.') || 'response'}: ${i?.message ?? 'invalid'}`,
      )
    }
    return r.data.published
  }

  /** GET /v1/rule-profiles/:id: one published profile `{ body, signature }`, unchecked. */
  ruleProfile(id: string): Promise<unknown> {
    return this.call('GET', `/v1/rule-profiles/${encodeURIComponent(id)}`)
  }

  async registry(): Promise<
    (PublicKeyInfo & { assessor: { name: string; agency: string | null } })[]
  > {
    return (
      await this.call<{
        keys: (PublicKeyInfo & { assessor: { name: string; agency: string | null } })[]
      }>('GET', '/v1/registry')
    ).keys
  }

  /** Low-level signed request (tests use it to replay or tamper). */
  raw<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.call(method, path, body)
  }
}
