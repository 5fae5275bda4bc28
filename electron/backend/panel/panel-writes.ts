/**
 * The lead's panel writes (issue 12 item 7): the panel made, an expert's scoring, a decision, a
 * decision withdrawn, the lead's signature. Each runs in one transaction with its audit entry
 * (audit/audit.ts), so the rows and the entry commit together or not at all. The writes to an
 * unsigned panel check it unsigned again inside the transaction (a `panel.sign` between the
 * service's read and this write cannot be overtaken).
 */
import { fail } from '../../../shared/contract/errors'
import type { LeadDecision, PanelReview } from '../../../shared/domain/panel'
import { audit } from '../audit/audit'
import { withTransaction, type Executor } from '../db/tx'
import type { PanelReviewTable, PanelScoringTable } from '../db/tables/panel'
import type { ServiceContext } from '../services/context'

/** NOT_FOUND / CONFLICT unless the panel exists and is unsigned, read inside `trx`. */
export async function requireUnsignedIn(trx: Executor, panelId: string): Promise<void> {
  const r = await trx
    .selectFrom('panelReviews')
    .select('signedBundleId')
    .where('id', '=', panelId)
    .executeTakeFirst()
  if (!r) throw fail.notFound(`专家组评审不存在（${panelId}）`, 'panelId')
  if (r.signedBundleId !== null)
    throw fail.conflict('该专家组评审已由组长签名，不能再修改', 'panelId')
}

/**
 * Stores a new panel; audit 'panel.create' with the enterprise and the lead's and experts' key
 * ids.
 */
export async function storePanel(
  ctx: ServiceContext,
  row: PanelReviewTable,
  review: PanelReview,
): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    await trx.insertInto('panelReviews').values(row).execute()
    await audit(trx, ctx, 'panel.create', 'panel', row.id, {
      enterpriseId: row.enterpriseId,
      leadKeyId: review.lead.keyId,
      expertKeyIds: review.experts.map((e) => e.keyId),
    })
  })
}

/** Stores (or replaces) one expert's verified scoring bundle; audit 'panel.importScoring'. */
export async function storeScoring(ctx: ServiceContext, row: PanelScoringTable): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    await requireUnsignedIn(trx, row.panelId)
    const replaced = await trx
      .selectFrom('panelScorings')
      .select('bundleId')
      .where('panelId', '=', row.panelId)
      .where('expertKeyId', '=', row.expertKeyId)
      .executeTakeFirst()
    await trx
      .insertInto('panelScorings')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['panelId', 'expertKeyId']).doUpdateSet({
          bundleId: row.bundleId,
          manifestSha256: row.manifestSha256,
          fileName: row.fileName,
          bundle: row.bundle,
          importedAt: row.importedAt,
        }),
      )
      .execute()
    await audit(trx, ctx, 'panel.importScoring', 'panel', row.panelId, {
      expertKeyId: row.expertKeyId,
      bundleId: row.bundleId,
      manifestSha256: row.manifestSha256,
      fileName: row.fileName,
      replacedBundleId: replaced?.bundleId ?? null,
    })
  })
}

/** Records (or replaces) the lead's decision on one item; audit 'panel.decide'. */
export async function storeDecision(
  ctx: ServiceContext,
  panelId: string,
  decision: LeadDecision,
): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    await requireUnsignedIn(trx, panelId)
    const decidedAt = ctx.nowIso()
    const valueJson = JSON.stringify(decision.value)
    await trx
      .insertInto('panelDecisions')
      .values({ panelId, itemId: decision.itemId, valueJson, reason: decision.reason, decidedAt })
      .onConflict((oc) =>
        oc
          .columns(['panelId', 'itemId'])
          .doUpdateSet({ valueJson, reason: decision.reason, decidedAt }),
      )
      .execute()
    await audit(trx, ctx, 'panel.decide', 'panel', panelId, {
      itemId: decision.itemId,
      value: decision.value,
      reason: decision.reason,
    })
  })
}

/**
 * Withdraws the lead's decision on one item; audit 'panel.clearDecision' with the value and
 * reason withdrawn. No decision on the item: nothing changes and nothing is logged.
 */
export async function clearDecision(
  ctx: ServiceContext,
  panelId: string,
  itemId: string,
): Promise<void> {
  await withTransaction(ctx.db, async (trx) => {
    await requireUnsignedIn(trx, panelId)
    const was = await trx
      .selectFrom('panelDecisions')
      .select(['valueJson', 'reason'])
      .where('panelId', '=', panelId)
      .where('itemId', '=', itemId)
      .executeTakeFirst()
    if (!was) return
    await trx
      .deleteFrom('panelDecisions')
      .where('panelId', '=', panelId)
      .where('itemId', '=', itemId)
      .execute()
    await audit(trx, ctx, 'panel.clearDecision', 'panel', panelId, {
      itemId,
      value: JSON.parse(was.valueJson) as unknown,
      reason: was.reason,
    })
  })
}

/**
 * The lead's signature on the panel, in the transaction that records the lead's bundle
 * (sync/bundle-records.ts `storeAndRecord`): the bundle's row, the panel's signature and record,
 * and audit 'panel.sign' with the bundle id and manifest hash.
 */
export async function recordSignature(
  trx: Executor,
  ctx: ServiceContext,
  panelId: string,
  signed: { bundleId: string; manifestSha256: string; recordJson: string },
): Promise<void> {
  // a second panel.sign that read the panel unsigned before this one committed is refused, not
  // allowed to overwrite the first signature (panel.sign also checks before its bundle row)
  await requireUnsignedIn(trx, panelId)
  await trx
    .updateTable('panelReviews')
    .set({
      signedBundleId: signed.bundleId,
      signedManifestSha256: signed.manifestSha256,
      recordJson: signed.recordJson,
    })
    .where('id', '=', panelId)
    .execute()
  await audit(trx, ctx, 'panel.sign', 'panel', panelId, {
    bundleId: signed.bundleId,
    manifestSha256: signed.manifestSha256,
  })
}
