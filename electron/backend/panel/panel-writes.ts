/**
 * The lead's writes to an unsigned panel (issue 12 item 7): an expert's scoring, a decision, a
 * decision withdrawn. Each runs in one transaction with its audit entry (audit/audit.ts), so the
 * row and the entry commit together or not at all; the panel is checked unsigned again inside the
 * transaction (a `panel.sign` between the service's read and this write cannot be overtaken).
 */
import { fail } from '../../../shared/contract/errors'
import type { LeadDecision } from '../../../shared/domain/panel'
import { audit } from '../audit/audit'
import { withTransaction, type Executor } from '../db/tx'
import type { PanelScoringTable } from '../db/tables/panel'
import type { ServiceContext } from '../services/context'

async function requireUnsignedIn(trx: Executor, panelId: string): Promise<void> {
  const r = await trx
    .selectFrom('panelReviews')
    .select('signedBundleId')
    .where('id', '=', panelId)
    .executeTakeFirst()
  if (!r) throw fail.notFound(`专家组评审不存在（${panelId}）`, 'panelId')
  if (r.signedBundleId !== null)
    throw fail.conflict('该专家组评审已由组长签名，不能再修改', 'panelId')
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
