/** Pushing signed bundles and fetching their receipts. */
import { PROTOCOL_VERSION, pushBundleRequestSchema } from '../../shared/domain/bundle/protocol'
import { firstIssue } from '../../shared/domain/bundle/schema'
import { fail, ingestBundle } from '../ingest'
import { send } from '../http/reply'
import type { RouteDeps } from './types'

export function bundleRoutes({ app, ctx, auth }: RouteDeps): void {
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
      // Issue 12 §6: only the key that pushed the bundle (or signed it) learns of it at all.
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(req.params.bundleId))
        return send(reply, fail(400, 'bad-request', 'bundleId: 1–100 characters [A-Za-z0-9_-]'))
      const me = req.authKeyId!
      const row = await ctx.db
        .selectFrom('bundles')
        .select(['status', 'receipt_json'])
        .where('bundle_id', '=', req.params.bundleId)
        .where((eb) => eb.or([eb('pushed_by_key_id', '=', me), eb('assessor_key_id', '=', me)]))
        .executeTakeFirst()
      if (!row?.receipt_json)
        return send(
          reply,
          fail(
            404,
            'not-found',
            `bundle ${req.params.bundleId.slice(0, 80)}: ${row ? 'not yet accepted (evidence missing)' : 'not received from this key'}`,
          ),
        )
      return { protocolVersion: PROTOCOL_VERSION, ...(JSON.parse(row.receipt_json) as object) }
    },
  )
}
