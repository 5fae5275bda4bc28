/**
 * Contract methods 'sync.pull', 'sync.assignments' and 'references.*' (issue 5: "pull of
 * assignments, catalogue and rule-profile updates"): what the central service hands out is
 * kept on this device, so it is there offline.
 *
 *   sync.pull                     assignments + published rule profiles, measures libraries
 *                                 and product catalogues from the central service (signed
 *                                 requests: the key must be unlocked); every one verified
 *                                 against the server key pinned in sync.json
 *   sync.assignments              the stored assignments, with when they were pulled (no network)
 *   references.ruleProfiles       built-in + stored rule profiles
 *   references.importRuleProfile  a signed profile file from a USB stick, the same checks
 *
 * Tables: reference_rule_profiles, sync_assignments (main migration 0004). After anything is
 * stored, ctx.reloadRegistry() makes the new profiles usable for assessments right away.
 */
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import type { RuleProfileEntry } from '../../../shared/contract/schemas/references'
import { assignmentSchema } from '../../../shared/domain/bundle/protocol'
import type { Assignment } from '../../../shared/domain/bundle/protocol'
import {
  BUILT_IN,
  ruleProfileHash,
  type PublishedRuleProfileBody,
} from '../../../shared/domain/reference'
import type { RuleProfile } from '../../../shared/domain/scoring/types'
import { audit } from '../audit/audit'
import type { ReferenceRuleProfileRow } from '../db/tables/references'
import { withTransaction } from '../db/tx'
import type { ServiceContext } from '../services/context'
import { createSyncClient } from './http'
import {
  idOf,
  storedProfiles,
  storeVerified,
  verifySignedProfile,
  type Refusal,
} from './reference-store'
import { netError, requireSyncConfig } from './sync-config'
import { requireSigner } from './sync.service'
import { storeDocuments, verifyDocuments, type DocumentOutcomes } from '../plan/plan-references'

/** A signed rule profile is a few KiB; anything near this is not one. */
export const MAX_PROFILE_FILE_BYTES = 1024 * 1024

function entryOfBuiltIn(p: RuleProfile): RuleProfileEntry {
  return {
    id: p.id,
    catalogueId: p.catalogueId,
    title: p.title,
    version: p.version,
    source: 'built-in',
    profileSha256: ruleProfileHash(p),
    publishedAt: null,
    receivedAt: null,
    rules: p.rules.map((r) => ({ ...r })),
  }
}

function entryOfStored(r: ReferenceRuleProfileRow): RuleProfileEntry {
  const body = JSON.parse(r.bodyJson) as PublishedRuleProfileBody
  return {
    id: r.id,
    catalogueId: r.catalogueId,
    title: body.profile.title,
    version: body.profile.version,
    source: r.source,
    profileSha256: r.profileSha256,
    publishedAt: r.publishedAt,
    receivedAt: r.receivedAt,
    rules: body.profile.rules.map((x) => ({ ...x })),
  }
}

export function referenceServices(ctx: ServiceContext) {
  return {
    /** Assignments + published rule profiles from the central service, stored here. */
    'sync.pull': async (): Promise<Output<'sync.pull'>> => {
      const { serverUrl, serverKey } = requireSyncConfig(ctx.dataDir, '从中心服务更新')
      const signer = requireSigner(ctx)
      const client = createSyncClient({ baseUrl: serverUrl, signer, fetch: ctx.fetch })
      let rawAssignments: unknown
      let published: unknown[]
      let measuresRaw: unknown[]
      let productsRaw: unknown[]
      try {
        rawAssignments = await client.assignments()
        published = (await client.ruleProfiles()).published
        // Issue 13: measures libraries and product catalogues (plan/plan-references.ts).
        measuresRaw = await client.publishedDocuments('measures')
        productsRaw = await client.publishedDocuments('products')
      } catch (e) {
        // SyncClient names the field of an answer of another shape.
        if (e instanceof Error && /^GET \/v1\/(rule-profiles|measures|products):/.test(e.message))
          throw fail.conflict(`中心服务的参考数据答复无效：${e.message}`)
        throw netError(e)
      }
      // Network answers are checked before anything is written: nothing changes on a bad one.
      const a = assignmentSchema.array().safeParse(rawAssignments)
      if (!a.success) {
        const i = a.error.issues[0]
        throw fail.conflict(
          `中心服务返回的任务分配无效：assignments.${i?.path.map(String).join('.') ?? ''}: ${i?.message ?? ''}`,
        )
      }
      const assignments: Assignment[] = a.data
      const ids = new Set<string>()
      for (const [i, x] of assignments.entries()) {
        if (ids.has(x.enterpriseId))
          throw fail.conflict(
            `中心服务返回的任务分配无效：assignments.${i}.enterpriseId: '${x.enterpriseId}' 重复`,
          )
        ids.add(x.enterpriseId)
      }
      const refused: Refusal[] = []
      const verified = published.flatMap((raw, i) => {
        const c = verifySignedProfile(raw, serverKey)
        if (c.ok) return [c.value]
        refused.push({ id: idOf(raw, `published.${i}`), field: c.field, message: c.message })
        return []
      })

      const measuresChecked = verifyDocuments('measures', measuresRaw, serverKey)
      const productsChecked = verifyDocuments('products', productsRaw, serverKey)

      const fetchedAt = ctx.nowIso()
      const stored: string[] = []
      const present: string[] = []
      const none = (): DocumentOutcomes => ({ stored: [], present: [], refused: [] })
      let measures = none()
      let products = none()
      await withTransaction(ctx.db, async (trx) => {
        for (const p of verified) {
          const r = await storeVerified(trx, p, 'central', fetchedAt)
          if (r.status === 'refused') {
            refused.push({ id: r.id, field: r.field, message: r.message })
          } else if (r.status === 'present') {
            present.push(r.id)
          } else {
            stored.push(r.id)
            await audit(trx, ctx, 'references.storeRuleProfile', 'ruleProfile', r.id, {
              source: 'central',
              serverUrl,
              profileSha256: r.profileSha256,
              publishedAt: p.body.publishedAt,
            })
          }
        }
        measures = await storeDocuments(
          trx,
          measuresChecked.verified,
          measuresChecked.refused,
          'central',
          fetchedAt,
        )
        products = await storeDocuments(
          trx,
          productsChecked.verified,
          productsChecked.refused,
          'central',
          fetchedAt,
        )
        for (const [kind, o] of [
          ['measures', measures],
          ['products', products],
        ] as const)
          for (const id of o.stored)
            await audit(trx, ctx, 'references.storeDocument', kind, id, {
              source: 'central',
              serverUrl,
            })
        await trx.deleteFrom('syncAssignments').execute()
        if (assignments.length)
          await trx
            .insertInto('syncAssignments')
            .values(assignments.map((x) => ({ ...x, fetchedAt })))
            .execute()
        await trx
          .insertInto('syncPulls')
          .values({
            pulledAt: fetchedAt,
            serverUrl,
            assignments: assignments.length,
            profilesStored: stored.length,
            refusedJson: JSON.stringify(refused),
          })
          .execute()
        await audit(trx, ctx, 'sync.pull', 'sync', serverUrl, {
          assignments: assignments.length,
          ruleProfilesStored: stored,
          ruleProfilesRefused: refused.map((r) => `${r.id} ${r.field}`),
          measuresStored: measures.stored,
          productsStored: products.stored,
          documentsRefused: [...measures.refused, ...products.refused].map(
            (r) => `${r.id} ${r.field}`,
          ),
        })
      })
      if (stored.length) await ctx.reloadRegistry()
      return {
        fetchedAt,
        assignments: assignments.length,
        ruleProfiles: { stored, present, refused },
        measures,
        products,
      }
    },

    /** The enterprises assigned to this assessor, as last pulled (stored; no network). */
    'sync.assignments': async (): Promise<Output<'sync.assignments'>> => {
      const [rows, last] = await Promise.all([
        ctx.db.selectFrom('syncAssignments').selectAll().orderBy('enterpriseId').execute(),
        ctx.db
          .selectFrom('syncPulls')
          .select('pulledAt')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst(),
      ])
      return { fetchedAt: last?.pulledAt ?? null, items: rows }
    },

    'references.ruleProfiles': async (): Promise<Output<'references.ruleProfiles'>> => ({
      items: [
        ...BUILT_IN.ruleProfiles().map(entryOfBuiltIn),
        ...(await storedProfiles(ctx.db)).map(entryOfStored),
      ],
    }),

    /** A signed rule-profile file (exported by the central service), checked like a pulled one. */
    'references.importRuleProfile': async (
      input: Input<'references.importRuleProfile'>,
    ): Promise<Output<'references.importRuleProfile'>> => {
      const { serverKey } = requireSyncConfig(ctx.dataDir, '导入规则配置')
      const name = input.fileName.replace(/\p{Cc}/gu, '_')
      const bytes = Buffer.from(input.contentBase64, 'base64')
      if (bytes.length > MAX_PROFILE_FILE_BYTES)
        throw fail.tooLarge(
          `「${name}」有 ${bytes.length} 字节，不像规则配置文件（上限 ${MAX_PROFILE_FILE_BYTES} 字节）`,
          'contentBase64',
        )
      let raw: unknown
      try {
        raw = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''))
      } catch {
        throw fail.validation(`「${name}」不是有效的 JSON 规则配置文件`, 'contentBase64')
      }
      const c = verifySignedProfile(raw, serverKey)
      if (!c.ok)
        throw fail.validation(`「${name}」验证未通过：${c.field}: ${c.message}`, 'contentBase64')
      const receivedAt = ctx.nowIso()
      const r = await withTransaction(ctx.db, async (trx) => {
        const r = await storeVerified(trx, c.value, 'file', receivedAt)
        if (r.status === 'stored')
          await audit(trx, ctx, 'references.storeRuleProfile', 'ruleProfile', r.id, {
            source: 'file',
            fileName: name,
            profileSha256: r.profileSha256,
            publishedAt: c.value.body.publishedAt,
          })
        return r
      })
      if (r.status === 'refused')
        throw fail.conflict(`「${name}」未导入：${r.field}: ${r.message}`, 'contentBase64')
      if (r.status === 'stored') await ctx.reloadRegistry()
      const row = await ctx.db
        .selectFrom('referenceRuleProfiles')
        .selectAll()
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow()
      return { status: r.status, profile: entryOfStored(row) }
    },
  }
}
