/**
 * Evidence files: which are missing, resumable uploads by offset, existence checks. Every answer
 * is about the calling key only (issue 12 §6): a file another key sent is "missing" for this one
 * until it sends the bytes itself, and partial uploads are per key.
 */
import { PROTOCOL_VERSION, missingEvidenceRequestSchema } from '../../shared/domain/bundle/protocol'
import { firstIssue } from '../../shared/domain/bundle/schema'
import { EvidenceStore } from '../evidence-store'
import { fail } from '../ingest'
import { send } from '../http/reply'
import type { RouteDeps } from './types'

export function evidenceRoutes({ app, ctx, auth }: RouteDeps): void {
  app.post('/v1/evidence/missing', auth, async (req, reply) => {
    const r = missingEvidenceRequestSchema.safeParse(req.body)
    if (!r.success) return send(reply, fail(400, 'bad-request', firstIssue('body', r.error)))
    const missing = await ctx.store.missing(req.authKeyId!, r.data.hashes)
    return { protocolVersion: PROTOCOL_VERSION, missing }
  })

  app.head<{ Params: { sha256: string } }>('/v1/evidence/:sha256', auth, async (req, reply) => {
    const sha = req.params.sha256
    // Not a SHA-256: no such evidence (the same answer as for any hash the store lacks).
    if (!EvidenceStore.isSha256(sha)) return reply.code(404).send()
    if (await ctx.store.holds(req.authKeyId!, sha)) return reply.code(200).send()
    return reply
      .code(404)
      .header('x-dl-received', String(await ctx.store.received(req.authKeyId!, sha)))
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
      const r = await ctx.store.append(req.authKeyId!, sha, offset, size, body)
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
            `evidence ${sha.slice(0, 12)}…: SHA-256 mismatch (name says ${sha}, bytes are ${r.actual ?? '?'}); discarded — upload it again from offset 0`,
          ),
        )
      return {
        protocolVersion: PROTOCOL_VERSION,
        sha256: sha,
        status: r.status,
        received: r.received,
      }
    },
  )
}
