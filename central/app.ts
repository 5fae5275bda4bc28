/**
 * The central sync service over HTTP (fastify 5). See shared/domain/bundle/protocol.ts for the
 * endpoints and the request authentication. This module sets up parsing and error answers; the
 * routes live per area in routes/ (keys, reference data, measures and products, evidence,
 * bundles, pages) and the
 * request authentication in http/auth.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { PROTOCOL_VERSION } from '../shared/domain/bundle/protocol'
import { makeAuthenticate } from './http/auth'
import type { CentralContext } from './ingest'
import { bundleRoutes } from './routes/bundles'
import { evidenceRoutes } from './routes/evidence'
import { keyRoutes } from './routes/keys'
import { pageRoutes } from './routes/pages'
import { planReferenceRoutes } from './routes/plan-references'
import { referenceRoutes } from './routes/reference'
import type { RouteDeps } from './routes/types'
import { registerConsole } from './console/routes'
import { defaultConsoleDir } from './console/static'

const MAX_CHUNK = 16 * 1024 * 1024

export interface CentralAppOptions extends CentralContext {
  logger?: boolean
  /** The built city console (issue 16); default CONSOLE_DIR or <repo>/out/console. */
  consoleDir?: string
}

export async function buildCentralApp(ctx: CentralAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: ctx.logger ?? false, bodyLimit: MAX_CHUNK })

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

  const deps: RouteDeps = { app, ctx, auth: { preHandler: makeAuthenticate(ctx) } }
  pageRoutes(deps)
  keyRoutes(deps)
  referenceRoutes(deps)
  planReferenceRoutes(deps)
  evidenceRoutes(deps)
  bundleRoutes(deps)
  // Issue 16: the city console (staff sessions, progress, budget, chains, signals, exports).
  registerConsole(app, ctx, { staticDir: ctx.consoleDir ?? defaultConsoleDir() })
  return app
}
