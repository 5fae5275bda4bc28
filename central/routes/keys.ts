/** Key registration and status, the server key and the registry of approved keys. */
import { canonicalBytes } from '../../shared/domain/bundle/manifest'
import { fromBase64 } from '../../shared/domain/bundle/codec'
import {
  PROTOCOL_VERSION,
  registerKeyRequestSchema,
  registrationProofBody,
} from '../../shared/domain/bundle/protocol'
import { firstIssue } from '../../shared/domain/bundle/schema'
import { keyIdOf, verifySignature } from '../crypto'
import { fail } from '../ingest'
import { send } from '../http/reply'
import type { RouteDeps } from './types'

export function keyRoutes({ app, ctx, auth }: RouteDeps): void {
  app.get('/v1/server-key', async () => ({
    protocolVersion: PROTOCOL_VERSION,
    ...ctx.serverKey.info,
  }))

  app.post('/v1/keys', async (req, reply) => {
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
    await ctx.db
      .insertInto('assessor_keys')
      .values({
        key_id: q.keyId,
        algorithm: q.algorithm,
        public_key_pem: q.publicKeyPem,
        assessor_name: q.assessor.name,
        agency: q.assessor.agency ?? null,
        status: 'pending',
        registered_at: ctx.now().toISOString(),
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
    const row = await ctx.db
      .selectFrom('assessor_keys')
      .select(['key_id', 'status'])
      .where('key_id', '=', req.params.keyId)
      .executeTakeFirst()
    if (!row)
      return send(
        reply,
        fail(404, 'not-found', `key ${req.params.keyId.slice(0, 12)}… is not registered`),
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
