/**
 * Liveness (GET /healthz: the process answers) and readiness (GET /readyz, issue 12 §5): this
 * instance can write to its database (it records itself in `instances`) and to the evidence
 * store (a small object written and deleted). A read-only or full database or store answers 503
 * with what is wrong, never a path, so a load balancer stops sending pushes here.
 */
import { PROTOCOL_VERSION } from '../../shared/domain/bundle/protocol'
import { storageProblemOf } from '../http/errors'
import type { RouteDeps } from './types'

type Probe = 'ok' | 'full' | 'read-only' | 'unreachable' | 'error'

async function probe(fn: () => Promise<unknown>): Promise<Probe> {
  try {
    await fn()
    return 'ok'
  } catch (e) {
    return storageProblemOf(e) ?? 'error'
  }
}

export function healthRoutes({ app, ctx }: RouteDeps): void {
  const startedAt = ctx.now().toISOString()

  app.get('/healthz', async () => ({ ok: true }))

  app.get('/readyz', async (_req, reply) => {
    const now = ctx.now().getTime()
    const database = await probe(() =>
      ctx.db
        .insertInto('instances')
        .values({ instance_id: ctx.instanceId, started_at: startedAt, seen_at_ms: now })
        .onConflict((oc) => oc.column('instance_id').doUpdateSet({ seen_at_ms: now }))
        .execute(),
    )
    const evidence = await probe(() => ctx.store.backend.probe(ctx.instanceId))
    const ready = database === 'ok' && evidence === 'ok'
    return reply.code(ready ? 200 : 503).send({
      protocolVersion: PROTOCOL_VERSION,
      ready,
      instance: ctx.instanceId,
      database,
      evidence,
    })
  })
}
