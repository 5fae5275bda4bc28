/**
 * Request authentication by the assessor's key (shared/domain/bundle/protocol.ts): refuses
 * missing headers, clock skew, unknown / unapproved keys, bad signatures and replayed nonces.
 * Nonces live in the database (table `nonces`), so any instance refuses a replay; spent ones
 * are swept by upkeep.ts.
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { fromBase64 } from '../../shared/domain/bundle/codec'
import {
  HEADER_KEY_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  REQUEST_SKEW_MS,
  requestSigningString,
} from '../../shared/domain/bundle/protocol'
import type { SignatureAlgorithm } from '../../shared/domain/bundle/types'
import { sha256Hex, verifySignature } from '../crypto'
import { fail, type CentralContext } from '../ingest'
import { send } from './reply'

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer
    authKeyId?: string
  }
}

export function makeAuthenticate(ctx: CentralContext): preHandlerAsyncHookHandler {
  return async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const h = (n: string): string | undefined => {
      const v = req.headers[n]
      return typeof v === 'string' ? v : undefined
    }
    const keyId = h(HEADER_KEY_ID)
    const ts = h(HEADER_TIMESTAMP)
    const nonce = h(HEADER_NONCE)
    const sig = h(HEADER_SIGNATURE)
    const missing = [
      [HEADER_KEY_ID, keyId],
      [HEADER_TIMESTAMP, ts],
      [HEADER_NONCE, nonce],
      [HEADER_SIGNATURE, sig],
    ]
      .filter(([, v]) => !v)
      .map(([n]) => n)
    if (missing.length)
      return void send(
        reply,
        fail(
          401,
          'auth-missing',
          `missing header${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
        ),
      )
    if (!/^[0-9a-f]{64}$/.test(keyId!))
      return void send(
        reply,
        fail(401, 'auth-missing', `${HEADER_KEY_ID}: must be a 64-hex key id`),
      )
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce!))
      return void send(
        reply,
        fail(401, 'auth-missing', `${HEADER_NONCE}: must be 16–64 characters [A-Za-z0-9_-]`),
      )
    const now = ctx.now().getTime()
    const t = /^\d{1,15}$/.test(ts!) ? Number(ts) : NaN
    if (!Number.isFinite(t) || Math.abs(now - t) > REQUEST_SKEW_MS)
      return void send(
        reply,
        fail(
          401,
          'auth-skew',
          `${HEADER_TIMESTAMP}: ${ts} is more than ${REQUEST_SKEW_MS / 1000} s away from the server clock (${now}); check the device clock`,
        ),
      )
    const key = await ctx.db
      .selectFrom('assessor_keys')
      .selectAll()
      .where('key_id', '=', keyId!)
      .executeTakeFirst()
    if (!key)
      return void send(
        reply,
        fail(401, 'auth-unknown-key', `key ${keyId!.slice(0, 12)}… is not registered`),
      )
    const signed = requestSigningString({
      method: req.method,
      pathAndQuery: req.url,
      timestamp: ts!,
      nonce: nonce!,
      bodySha256: sha256Hex(req.rawBody ?? Buffer.alloc(0)),
    })
    const sigBytes = fromBase64(sig!)
    if (
      !sigBytes ||
      !verifySignature(
        { algorithm: key.algorithm as SignatureAlgorithm, publicKeyPem: key.public_key_pem },
        Buffer.from(signed, 'utf8'),
        sigBytes,
      )
    )
      return void send(
        reply,
        fail(
          401,
          'auth-bad-signature',
          `${HEADER_SIGNATURE}: does not verify with key ${keyId!.slice(0, 12)}… over ${req.method} ${req.url}`,
        ),
      )
    if (key.status === 'pending')
      return void send(
        reply,
        fail(
          403,
          'auth-key-pending',
          `key ${keyId!.slice(0, 12)}… is registered but not yet approved by an administrator`,
        ),
      )
    if (key.status !== 'approved')
      return void send(
        reply,
        fail(403, 'auth-key-revoked', `key ${keyId!.slice(0, 12)}… is ${key.status}`),
      )
    const ins = await ctx.db
      .insertInto('nonces')
      .values({ key_id: keyId!, nonce: nonce!, seen_at_ms: t })
      .onConflict((oc) => oc.columns(['key_id', 'nonce']).doNothing())
      .executeTakeFirst()
    if (Number(ins.numInsertedOrUpdatedRows ?? 0) !== 1)
      return void send(
        reply,
        fail(
          401,
          'auth-replay',
          `${HEADER_NONCE}: ${nonce} was used before; replayed request refused`,
        ),
      )
    req.authKeyId = keyId!
  }
}
