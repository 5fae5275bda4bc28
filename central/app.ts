/**
 * The central sync service over HTTP (fastify 5). See shared/domain/bundle/protocol.ts for the
 * endpoints and the request authentication. This module sets up the server (request timeout,
 * body parsing, error answers); the routes live per area in routes/ (keys, reference data,
 * measures and products, evidence, bundles, health, pages) and the request authentication in
 * http/auth.ts.
 */
import { createServer, STATUS_CODES } from 'node:http'
import Fastify, { type FastifyInstance } from 'fastify'
import { PROTOCOL_VERSION } from '../shared/domain/bundle/protocol'
import { answerFor } from './http/errors'
import { makeAuthenticate } from './http/auth'
import type { CentralContext } from './ingest'
import { bundleRoutes } from './routes/bundles'
import { evidenceRoutes } from './routes/evidence'
import { healthRoutes } from './routes/health'
import { keyRoutes } from './routes/keys'
import { pageRoutes } from './routes/pages'
import { planReferenceRoutes } from './routes/plan-references'
import { referenceRoutes } from './routes/reference'
import { reportRoutes } from './routes/reports'
import type { RouteDeps } from './routes/types'
import { registerConsole } from './console/routes'
import { defaultConsoleDir } from './console/static'

const MAX_CHUNK = 16 * 1024 * 1024

export interface CentralAppOptions extends CentralContext {
  logger?: boolean
  /** fastify trustProxy: client addresses (rate limits) from X-Forwarded-For of these proxies. */
  trustProxy?: boolean | string
  /** The built city console (issue 16); default CONSOLE_DIR or <repo>/out/console. */
  consoleDir?: string
}

export async function buildCentralApp(ctx: CentralAppOptions): Promise<FastifyInstance> {
  const timeout = ctx.limits.requestTimeoutMs
  const app = Fastify({
    logger: ctx.logger ?? false,
    bodyLimit: MAX_CHUNK,
    ...(ctx.trustProxy !== undefined ? { trustProxy: ctx.trustProxy } : {}),
    // Issue 12 §6: a request whose headers and body do not arrive within the timeout is answered
    // 408 and its connection closed (slow-body attacks hold no socket for long).
    // Requests the HTTP parser refuses (bad request line, headers, chunking, sizes): one answer
    // in the service's error shape with the parser's code, then the connection is closed.
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return
      const [status, reason] =
        err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request: headers and body did not arrive in time']
          : err.code === 'HPE_HEADER_OVERFLOW'
            ? [431, 'request: headers too large']
            : [400, `request: malformed HTTP (${String(err.code ?? 'parse error').slice(0, 40)})`]
      const body = JSON.stringify({
        protocolVersion: PROTOCOL_VERSION,
        error: 'bad-request',
        reason,
      })
      if (socket.writable)
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        )
      socket.destroy()
    },
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: timeout,
          headersTimeout: Math.min(timeout, 60_000),
          connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(timeout / 4))),
        },
        handler,
      ),
  })

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
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return void reply.code(err.statusCode).send({
        protocolVersion: PROTOCOL_VERSION,
        error: err.statusCode === 429 ? 'rate-limited' : 'bad-request',
        reason: err.message.split('\n')[0]!.slice(0, 300),
      })
    const a = answerFor(err)
    // The details (which may name server paths) go to the log only.
    process.stderr.write(
      `central ${ctx.instanceId}: ${req.method} ${req.url.slice(0, 200)} → ${a.status}: ${err.message.split('\n')[0]}\n`,
    )
    void reply
      .code(a.status)
      .send({ protocolVersion: PROTOCOL_VERSION, error: a.error, reason: a.reason })
  })
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({
      protocolVersion: PROTOCOL_VERSION,
      error: 'not-found',
      reason: `no such endpoint (${req.method.slice(0, 10)})`,
    })
  })

  // Issue 12 §1: a path or query with control characters (raw or %-encoded, NUL included) is
  // refused before any route or database sees it.
  app.addHook('onRequest', async (req, reply) => {
    if (/\p{Cc}|%[01][0-9a-f]|%7f/iu.test(req.url))
      return reply.code(400).send({
        protocolVersion: PROTOCOL_VERSION,
        error: 'bad-request',
        reason: 'path: must not contain control characters',
      })
  })

  const deps: RouteDeps = { app, ctx, auth: { preHandler: makeAuthenticate(ctx) } }
  healthRoutes(deps)
  pageRoutes(deps)
  keyRoutes(deps)
  referenceRoutes(deps)
  planReferenceRoutes(deps)
  evidenceRoutes(deps)
  bundleRoutes(deps)
  reportRoutes(deps)
  // Issue 16: the city console (staff sessions, progress, budget, chains, signals, exports).
  registerConsole(app, ctx, { staticDir: ctx.consoleDir ?? defaultConsoleDir() })
  return app
}
