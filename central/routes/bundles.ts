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
}
