/** What every route module of central receives: the app, the context and the auth hook. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import type { CentralContext } from '../ingest'

export interface RouteDeps {
  app: FastifyInstance
  ctx: CentralContext
  /** Route option that admits only requests signed by an approved key (http/auth.ts). */
  auth: { preHandler: preHandlerAsyncHookHandler }
}
