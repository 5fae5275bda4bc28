/**
 * Key registration and status, the server key and the registry of approved keys.
 * Registration is anonymous, so it is limited (issue 12 §6): per client address and in total per
 * hour (rate-limit.ts, in the database so every instance counts the same), names are short and
 * free of control/bidi characters (protocol.ts), and a registration not approved within
 * `pendingKeyTtlMs` expires (upkeep.ts deletes it; registering again starts it anew).
 */
import { canonicalBytes } from '../../shared/domain/bundle/manifest'
import { fromBase64 } from '../../shared/domain/bundle/codec'
import {
  PROTOCOL_VERSION,
  registerKeyRequestSchema,
  registrationProofBody,
} from '../../shared/domain/bundle/protocol'
import { firstIssue } from '../../shared/domain/bundle/schema'
import type { FastifyReply } from 'fastify'
import { keyIdOf, verifySignature } from '../crypto'
import { fail } from '../ingest'
import { send } from '../http/reply'
import { hit } from '../rate-limit'
import { pendingExpiry } from '../upkeep'
import type { RouteDeps } from './types'

export function keyRoutes({ app, ctx, auth }: RouteDeps): void {
  app.get('/v1/server-key', async () => ({
    protocolVersion: PROTOCOL_VERSION,
    ...ctx.serverKey.info,
  }))

  const tooMany = (reply: FastifyReply, retryAfterMs: number, what: string): FastifyReply =>
    send(
      reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000)))),
      fail(
        429,
        'rate-limited',
        `registration: too many registrations ${what}; try again in ${Math.max(1, Math.ceil(retryAfterMs / 60_000))} min`,
      ),
    )

  app.post('/v1/keys', async (req, reply) => {
    const now = ctx.now().getTime()
    const { limits } = ctx
    const perAddress = await hit(
      ctx.db,
      `register:ip:${req.ip}`,
      limits.registrationsPerAddress,
      limits.registrationWindowMs,
      now,
    )
    if (!perAddress.allowed) return tooMany(reply, perAddress.retryAfterMs, 'from this address')
    const r = registerKeyRequestSchema.safeParse(req.body)
    if (!r.success)
      return send(reply, fail(400, 'bad-request', firstIssue('registration', r.error)))
    const q = r.data
    let id: string
    try {
      id = keyIdOf(q)
    } catch (e) {
      return send(
        reply,
        fail(
          400,
          'bad-request',
          `registration publicKeyPem: ${e instanceof Error ? e.message : String(e)}`,
        ),
      )
    }
    if (id !== q.keyId)
      return send(
        reply,
        fail(
          400,
          'bad-request',
          `registration keyId: ${q.keyId.slice(0, 12)}… is not the SHA-256 of the public key (${id.slice(0, 12)}…)`,
        ),
      )
    const { proof, ...rest } = q
    const proofBytes = fromBase64(proof)
    if (!proofBytes || !verifySignature(q, canonicalBytes(registrationProofBody(rest)), proofBytes))
      return send(
        reply,
        fail(
          400,
          'bad-request',
          'registration proof: does not verify with the registered key (proof of possession)',
        ),
      )
    // An expired pending registration of this key is forgotten: this one starts anew.
    await ctx.db
      .deleteFrom('assessor_keys')
      .where('key_id', '=', q.keyId)
      .where('status', '=', 'pending')
      .where('registered_at', '<', pendingExpiry(ctx, now))
      .execute()
    const known = await ctx.db
      .selectFrom('assessor_keys')
      .select('status')
      .where('key_id', '=', q.keyId)
      .executeTakeFirst()
    if (!known) {
      // Only new registrations count towards the total, so junk cannot lock others out.
      const total = await hit(
        ctx.db,
        'register:all',
        limits.registrationsTotal,
        limits.registrationWindowMs,
        now,
      )
      if (!total.allowed) return tooMany(reply, total.retryAfterMs, 'at this server')
    }
    await ctx.db
      .insertInto('assessor_keys')
      .values({
        key_id: q.keyId,
        algorithm: q.algorithm,
        public_key_pem: q.publicKeyPem,
        assessor_name: q.assessor.name,
        agency: q.assessor.agency ?? null,
        status: 'pending',
        registered_at: new Date(now).toISOString(),
        approved_at: null,
      })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute()
    const row = await ctx.db
      .selectFrom('assessor_keys')
      .select('status')
      .where('key_id', '=', q.keyId)
      .executeTakeFirstOrThrow()
    return reply
      .code(row.status === 'pending' ? 202 : 200)
      .send({ protocolVersion: PROTOCOL_VERSION, keyId: q.keyId, status: row.status })
  })

  app.get<{ Params: { keyId: string } }>('/v1/keys/:keyId', async (req, reply) => {
    if (!/^[0-9a-f]{64}$/.test(req.params.keyId))
      return send(reply, fail(400, 'bad-request', 'keyId: must be a 64-hex key id'))
    const row = await ctx.db
      .selectFrom('assessor_keys')
      .select(['key_id', 'status', 'registered_at'])
      .where('key_id', '=', req.params.keyId)
      .executeTakeFirst()
    const expired =
      row?.status === 'pending' && row.registered_at < pendingExpiry(ctx, ctx.now().getTime())
    if (!row || expired)
      return send(
        reply,
        fail(
          404,
          'not-found',
          `key ${req.params.keyId.slice(0, 12)}… is not registered${expired ? ' (the registration expired unapproved; register again)' : ''}`,
        ),
      )
    return { protocolVersion: PROTOCOL_VERSION, keyId: row.key_id, status: row.status }
  })

  app.get('/v1/registry', auth, async () => {
    const rows = await ctx.db
      .selectFrom('assessor_keys')
      .select(['key_id', 'algorithm', 'public_key_pem', 'assessor_name', 'agency'])
      .where('status', '=', 'approved')
      .orderBy('key_id')
      .execute()
    return {
      protocolVersion: PROTOCOL_VERSION,
      keys: rows.map((r) => ({
        keyId: r.key_id,
        algorithm: r.algorithm,
        publicKeyPem: r.public_key_pem,
        assessor: { name: r.assessor_name, agency: r.agency },
      })),
    }
  })
}
