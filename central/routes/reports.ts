/**
 * Issue 11 item 8: public report verification, no login — GET /v1/reports/:number[?sha256=…].
 * The JSON shape is fixed in docs/architecture.md; the city console renders it.
 */
import { fail } from '../ingest'
import { send } from '../http/reply'
import { reportStatus } from '../reports'
import type { RouteDeps } from './types'

export function reportRoutes({ app, ctx }: RouteDeps): void {
  app.get<{ Params: { number: string }; Querystring: { sha256?: string } }>(
    '/v1/reports/:number',
    async (req, reply) => {
      const sha = typeof req.query.sha256 === 'string' ? req.query.sha256 : undefined
      if (sha !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha))
        return send(reply, fail(400, 'bad-request', 'sha256: must be 64 hex characters'))
      const r = await reportStatus(ctx.db, req.params.number, sha)
      return reply
        .code(r.status === 'unknown' ? 404 : 200)
        .header('cache-control', 'no-store')
        .send(r)
    },
  )
}
