/**
 * The central sync service over HTTP (fastify 5). See shared/domain/bundle/protocol.ts for the
 * endpoints and the request authentication. Read-only progress page at GET /progress.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { CATALOGUES, getCatalogue } from '../shared/domain/catalogue'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import { fromBase64 } from '../shared/domain/bundle/codec'
import {
  HEADER_KEY_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  PROTOCOL_VERSION,
  REQUEST_SKEW_MS,
  missingEvidenceRequestSchema,
  pushBundleRequestSchema,
  registerKeyRequestSchema,
  registrationProofBody,
  requestSigningString,
} from '../shared/domain/bundle/protocol'
import { firstIssue } from '../shared/domain/bundle/schema'
import { safeName } from '../shared/domain/bundle/verify'
import type { SignatureAlgorithm } from '../shared/domain/bundle/types'
import { keyIdOf, sha256Hex, verifySignature } from './crypto'
import { fail, ingestBundle, type CentralContext, type Outcome } from './ingest'
import { registerPlanReferenceRoutes } from './plan-references'
import { renderProgressPage } from './progress'
import { builtInRuleProfiles, publishedRuleProfile, publishedRuleProfiles } from './rule-profiles'
import { EvidenceStore } from './evidence-store'

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer
    authKeyId?: string
  }
}

const MAX_CHUNK = 16 * 1024 * 1024

function send<T>(reply: FastifyReply, o: Outcome<T>): FastifyReply {
  return reply.code(o.status).send(o.body)
}

export interface CentralAppOptions extends CentralContext {
  /** Test hook: called after each authenticated request is admitted. */
  logger?: boolean
}

export async function buildCentralApp(ctx: CentralAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: ctx.logger ?? false, bodyLimit: MAX_CHUNK })
  let lastNonceSweep = 0

  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer
    if ((body as Buffer).length === 0) return done(null, undefined)
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')))
    } catch {
      const err = new Error('body is not valid JSON') as Error & { statusCode: number }
      err.statusCode = 400
      done(err, undefined)
    }
  })
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (req, body, done) => {
    req.rawBody = body as Buffer
    done(null, body)
  })
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status =
      err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
    void reply.code(status).send({
      protocolVersion: PROTOCOL_VERSION,
      error: status === 500 ? 'internal' : 'bad-request',
      reason: err.message.split('\n')[0],
    })
  })

  /** Request authentication by the assessor's key; refuses skew, replays, unknown/unapproved keys. */
  async function authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
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
    if (now - lastNonceSweep > 60_000) {
      lastNonceSweep = now
      await ctx.db
        .deleteFrom('nonces')
        .where('seen_at_ms', '<', now - 2 * REQUEST_SKEW_MS)
        .execute()
    }
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
  const auth = { preHandler: authenticate }

  app.get('/healthz', async () => ({ ok: true }))

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

  app.get('/v1/assignments', auth, async (req) => {
    const rows = await ctx.db
      .selectFrom('assignments')
      .selectAll()
      .where('assessor_key_id', '=', req.authKeyId!)
      .orderBy('enterprise_id')
      .execute()
    return {
      protocolVersion: PROTOCOL_VERSION,
      assessorKeyId: req.authKeyId,
      assignments: rows.map((r) => ({
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        uscc: r.uscc,
        county: r.county,
        industry: r.industry,
        batch: r.batch === null ? null : Number(r.batch),
        kind: r.kind,
      })),
    }
  })

  app.get('/v1/catalogues', auth, async () => ({
    protocolVersion: PROTOCOL_VERSION,
    catalogues: CATALOGUES.map((c) => ({ id: c.catalogue.id, hash: c.hash })),
  }))
  app.get<{ Params: { id: string } }>('/v1/catalogues/:id', auth, async (req, reply) => {
    const c = getCatalogue(req.params.id)
    if (!c)
      return send(reply, fail(404, 'not-found', `catalogue '${req.params.id}' is not known here`))
    return {
      protocolVersion: PROTOCOL_VERSION,
      id: c.catalogue.id,
      hash: c.hash,
      catalogue: c.catalogue,
    }
  })
  // Issue 5 §3: built-ins by id + hash, and every published profile signed by the server key
  // (shared/domain/reference/published.ts; ruleProfilesResponseSchema).
  app.get('/v1/rule-profiles', auth, async () => ({
    protocolVersion: PROTOCOL_VERSION,
    builtIn: builtInRuleProfiles(),
    published: await publishedRuleProfiles(ctx.db),
  }))
  /** One published profile: exactly the signed `{ body, signature }` (as export-rule-profile). */
  app.get<{ Params: { id: string } }>('/v1/rule-profiles/:id', auth, async (req, reply) => {
    const id = req.params.id
    const signed = await publishedRuleProfile(ctx.db, id)
    if (signed) return signed
    const builtIn = builtInRuleProfiles().find((p) => p.id === id)
    return send(
      reply,
      fail(
        404,
        'not-found',
        builtIn
          ? `rule profile '${id}' is built into the app (SHA-256 ${builtIn.hash}); it is not published`
          : `rule profile ${safeName(id.slice(0, 80))} is not published here`,
      ),
    )
  })

  // Issue 13: measures libraries and product catalogues (central/plan-references.ts).
  registerPlanReferenceRoutes(app, ctx, auth)

  app.post('/v1/evidence/missing', auth, async (req, reply) => {
    const r = missingEvidenceRequestSchema.safeParse(req.body)
    if (!r.success) return send(reply, fail(400, 'bad-request', firstIssue('body', r.error)))
    const missing = [...new Set(r.data.hashes)]
      .filter((h) => !ctx.store.has(h))
      .map((sha256) => ({ sha256, received: ctx.store.received(sha256) }))
    return { protocolVersion: PROTOCOL_VERSION, missing }
  })

  app.head<{ Params: { sha256: string } }>('/v1/evidence/:sha256', auth, async (req, reply) => {
    const sha = req.params.sha256
    // Not a SHA-256: no such evidence (the same answer as for any hash the store lacks).
    if (!EvidenceStore.isSha256(sha)) return reply.code(404).send()
    if (ctx.store.has(sha)) return reply.code(200).send()
    return reply
      .code(404)
      .header('x-dl-received', String(ctx.store.received(sha)))
      .send()
  })

  app.put<{ Params: { sha256: string }; Querystring: { offset?: string; size?: string } }>(
    '/v1/evidence/:sha256',
    auth,
    async (req, reply) => {
      const sha = req.params.sha256
      if (!/^[0-9a-f]{64}$/.test(sha))
        return send(
          reply,
          fail(400, 'bad-request', 'path: evidence is addressed by its lowercase hex SHA-256'),
        )
      const offset = Number(req.query.offset ?? '0')
      const size = Number(req.query.size)
      if (!Number.isSafeInteger(offset) || offset < 0)
        return send(reply, fail(400, 'bad-request', 'offset: must be a non-negative integer'))
      if (!Number.isSafeInteger(size) || size < 0)
        return send(reply, fail(400, 'bad-request', 'size: the total size of the file is required'))
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const r = await ctx.store.append(sha, offset, size, body)
      if (r.status === 'offset-mismatch')
        return send(
          reply,
          fail(
            409,
            'conflict-offset',
            `evidence ${sha.slice(0, 12)}…: the server has ${r.received} bytes; continue at that offset, not ${offset}`,
            { received: r.received },
          ),
        )
      if (r.status === 'too-large')
        return send(
          reply,
          fail(
            413,
            'bad-request',
            `evidence ${sha.slice(0, 12)}…: more bytes than the announced size ${size} (or over the 1 GiB limit); start again`,
          ),
        )
      if (r.status === 'hash-mismatch')
        return send(
          reply,
          fail(
            422,
            'evidence-mismatch',
            `evidence ${sha.slice(0, 12)}…: SHA-256 mismatch (name says ${sha}, bytes are ${r.actual ?? '?'}); discarded`,
          ),
        )
      if (r.status === 'stored')
        await ctx.db
          .insertInto('evidence')
          .values({ sha256: sha, size, stored_at: ctx.now().toISOString() })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute()
      return {
        protocolVersion: PROTOCOL_VERSION,
        sha256: sha,
        status: r.status,
        received: r.received,
      }
    },
  )

  app.post('/v1/bundles', auth, async (req, reply) => {
    const body = req.body as { protocolVersion?: unknown } | undefined
    if (body && body.protocolVersion !== PROTOCOL_VERSION)
      return send(
        reply,
        fail(
          400,
          'unsupported-protocol',
          `protocolVersion: this server speaks ${PROTOCOL_VERSION}, got ${JSON.stringify(body.protocolVersion)}`,
        ),
      )
    const r = pushBundleRequestSchema.safeParse(req.body)
    if (!r.success) return send(reply, fail(422, 'invalid-bundle', firstIssue('push', r.error)))
    return send(reply, await ingestBundle(ctx, r.data, req.authKeyId!))
  })

  app.get<{ Params: { bundleId: string } }>(
    '/v1/bundles/:bundleId/receipt',
    auth,
    async (req, reply) => {
      const row = await ctx.db
        .selectFrom('bundles')
        .select(['status', 'receipt_json'])
        .where('bundle_id', '=', req.params.bundleId)
        .executeTakeFirst()
      if (!row?.receipt_json)
        return send(
          reply,
          fail(
            404,
            'not-found',
            `bundle ${req.params.bundleId}: ${row ? 'not yet accepted (evidence missing)' : 'not received'}`,
          ),
        )
      return { protocolVersion: PROTOCOL_VERSION, ...(JSON.parse(row.receipt_json) as object) }
    },
  )

  app.get('/progress', async (_req, reply) => {
    const html = await renderProgressPage(ctx.db, ctx.now())
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  })

  return app
}
