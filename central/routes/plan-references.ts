/**
 * What an approved assessor pulls for the 一企一策 plan (issue 13): the published measures
 * libraries and product catalogues, signed by the server key (central/plan-references.ts).
 *   GET /v1/measures        { protocolVersion, builtIn: [{ id, hash }], published: SignedMeasures[] }
 *   GET /v1/measures/:id    one signed library
 *   GET /v1/products        { protocolVersion, published: SignedProducts[] }
 *   GET /v1/products/:id    one signed catalogue
 */
import { PROTOCOL_VERSION } from '../../shared/domain/bundle/protocol'
import { safeName } from '../../shared/domain/bundle/verify'
import { BUILT_IN_MEASURES } from '../../shared/domain/plan'
import { send } from '../http/reply'
import { fail } from '../ingest'
import { publishedDocument, publishedDocuments } from '../plan-references'
import type { RouteDeps } from './types'

export function planReferenceRoutes({ app, ctx, auth }: RouteDeps): void {
  app.get('/v1/measures', auth, async () => ({
    protocolVersion: PROTOCOL_VERSION,
    builtIn: BUILT_IN_MEASURES.map((m) => ({ id: m.library.id, hash: m.hash })),
    published: await publishedDocuments(ctx.db, 'measures'),
  }))
  app.get('/v1/products', auth, async () => ({
    protocolVersion: PROTOCOL_VERSION,
    published: await publishedDocuments(ctx.db, 'products'),
  }))
  for (const kind of ['measures', 'products'] as const)
    app.get<{ Params: { id: string } }>(`/v1/${kind}/:id`, auth, async (req, reply) => {
      const signed = await publishedDocument(ctx.db, kind, req.params.id)
      if (signed) return signed
      return send(
        reply,
        fail(
          404,
          'not-found',
          `${kind === 'measures' ? 'measures library' : 'product catalogue'} ${safeName(req.params.id.slice(0, 80))} is not published here`,
        ),
      )
    })
}
