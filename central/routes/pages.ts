/** The read-only progress page. */
import { renderProgressPage } from '../progress'
import type { RouteDeps } from './types'

export function pageRoutes({ app, ctx }: RouteDeps): void {
  app.get('/progress', async (_req, reply) => {
    const html = await renderProgressPage(ctx.db, ctx.now())
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  })
}
