/** What an approved assessor pulls: assignments, catalogues and rule profiles. */
import { CATALOGUES, getCatalogue } from '../../shared/domain/catalogue'
import { PROTOCOL_VERSION } from '../../shared/domain/bundle/protocol'
import { safeName } from '../../shared/domain/bundle/verify'
import { fail } from '../ingest'
import { send } from '../http/reply'
import { builtInRuleProfiles, publishedRuleProfile, publishedRuleProfiles } from '../rule-profiles'
import type { RouteDeps } from './types'

export function referenceRoutes({ app, ctx, auth }: RouteDeps): void {
  app.get('/v1/assignments', auth, async (req) => {
    const rows = await ctx.db
      .selectFrom('assignments')
      .selectAll()
      .where('assessor_key_id', '=', req.authKeyId!)
      .orderBy('enterprise_id')
      .execute()
    return {
      protocolVersion: PROTOCOL_VERSION,
      assessorKeyId: req.authKeyId,
      assignments: rows.map((r) => ({
        enterpriseId: r.enterprise_id,
        enterpriseName: r.enterprise_name,
        uscc: r.uscc,
        county: r.county,
        industry: r.industry,
        batch: r.batch === null ? null : Number(r.batch),
        kind: r.kind,
      })),
    }
  })

  app.get('/v1/catalogues', auth, async () => ({
    protocolVersion: PROTOCOL_VERSION,
    catalogues: CATALOGUES.map((c) => ({ id: c.catalogue.id, hash: c.hash })),
  }))
  app.get<{ Params: { id: string } }>('/v1/catalogues/:id', auth, async (req, reply) => {
    const c = getCatalogue(req.params.id)
    if (!c)
      return send(reply, fail(404, 'not-found', `catalogue '${req.params.id}' is not known here`))
    return {
      protocolVersion: PROTOCOL_VERSION,
      id: c.catalogue.id,
      hash: c.hash,
      catalogue: c.catalogue,
    }
  })
  // Issue 5 §3: built-ins by id + hash, and every published profile signed by the server key
  // (shared/domain/reference/published.ts; ruleProfilesResponseSchema).
  app.get('/v1/rule-profiles', auth, async () => ({
    protocolVersion: PROTOCOL_VERSION,
    builtIn: builtInRuleProfiles(),
    published: await publishedRuleProfiles(ctx.db),
  }))
  /** One published profile: exactly the signed `{ body, signature }` (as export-rule-profile). */
  app.get<{ Params: { id: string } }>('/v1/rule-profiles/:id', auth, async (req, reply) => {
    const id = req.params.id
    const signed = await publishedRuleProfile(ctx.db, id)
    if (signed) return signed
    const builtIn = builtInRuleProfiles().find((p) => p.id === id)
    return send(
      reply,
      fail(
        404,
        'not-found',
        builtIn
          ? `rule profile '${id}' is built into the app (SHA-256 ${builtIn.hash}); it is not published`
          : `rule profile ${safeName(id.slice(0, 80))} is not published here`,
      ),
    )
  })
}
