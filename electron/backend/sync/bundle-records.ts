/**
 * The signed bundles this device holds: the files (BundleStore under <dataDir>/bundles) and their
 * rows (sync_bundles), as functions other services call (issue 12: services call functions, not
 * each other's API methods). `storeAndRecord` is the one way to add a bundle together with other
 * rows: the file is written first, the rows in one transaction, and a file this call wrote is
 * removed again when the transaction fails, so a failure leaves neither rows nor the file.
 */
import { join } from 'node:path'
import type { Transaction } from 'kysely'
import { fail } from '../../../shared/contract/errors'
import type { BundleSummary } from '../../../shared/contract/schemas/sync'
import { parseAssessmentFile, scoreAssessmentFile } from '../../../shared/domain/assessment-file'
import type { BundleManifest } from '../../../shared/domain/bundle/types'
import type { DB } from '../db/schema'
import { withTransaction, type Executor, type TxContext } from '../db/tx'
import type { ServiceContext } from '../services/context'
import { BundleStore, type StoredBundle } from './bundle-store'
import { outboxReasonText } from './net-text'
import { getRow } from './outbox-repo'

export function bundleStoreOf(ctx: ServiceContext): BundleStore {
  return new BundleStore(join(ctx.dataDir, 'bundles'), ctx.registry)
}

/** Inserts the sync_bundles row of a verified bundle (a row already there is kept). */
export async function recordBundle(
  db: Executor,
  ctx: ServiceContext,
  manifest: BundleManifest,
  manifestSha256: string,
  source: 'local' | 'import',
  assessmentId: string | null,
): Promise<void> {
  const parsed = parseAssessmentFile(JSON.stringify(manifest.assessment), ctx.registry())
  const level = parsed.ok ? scoreAssessmentFile(parsed.value, ctx.registry()).level : 0
  const ent = (manifest.assessment['enterprise'] ?? {}) as { name?: string }
  await db
    .insertInto('syncBundles')
    .values({
      bundleId: manifest.bundleId,
      recordId: manifest.recordId,
      version: manifest.version,
      assessmentId,
      source,
      enterpriseName: ent.name ?? '',
      kind: String(manifest.assessment['kind'] ?? ''),
      level,
      evidenceCount: manifest.evidence.length,
      manifestSha256,
      keyId: manifest.assessorKey.keyId,
      createdAt: manifest.createdAt,
    })
    .onConflict((oc) => oc.column('bundleId').doNothing())
    .execute()
}

/**
 * Verifies and stores `bytes`, then runs `rows` (which records the bundle and whatever belongs
 * with it) in one transaction. If anything after the file write fails, a file written by this
 * call is removed before the error is rethrown (BundleStoreError when the bytes are refused).
 */
export async function storeAndRecord<T>(
  ctx: ServiceContext,
  bytes: Uint8Array,
  rows: (trx: Transaction<DB>, tx: TxContext, stored: StoredBundle) => Promise<T>,
): Promise<{ stored: StoredBundle; value: T }> {
  const store = bundleStoreOf(ctx)
  const stored = store.put(bytes)
  try {
    const value = await withTransaction(ctx.db, (trx, tx) => rows(trx, tx, stored))
    return { stored, value }
  } catch (e) {
    if (stored.status === 'stored') store.remove(stored.bundleId)
    throw e
  }
}

export async function bundleSummary(db: Executor, bundleId: string): Promise<BundleSummary> {
  const b = await db
    .selectFrom('syncBundles')
    .selectAll()
    .where('bundleId', '=', bundleId)
    .executeTakeFirst()
  if (!b) throw fail.notFound(`签名包不存在（${bundleId}）`, 'bundleId')
  const o = await getRow(db, bundleId)
  return {
    ...b,
    outbox: o
      ? {
          state: o.state,
          attempts: o.attempts,
          nextAttemptAt: o.nextAttemptAt,
          lastError: o.lastError === null ? null : outboxReasonText(o.lastError),
          receipt: o.receiptJson,
        }
      : null,
  }
}

/** A stored bundle as a file to hand out: a safe file name and the bytes (base64). */
export async function exportBundle(
  ctx: ServiceContext,
  bundleId: string,
): Promise<{ fileName: string; contentBase64: string }> {
  const s = await bundleSummary(ctx.db, bundleId)
  const safe =
    s.enterpriseName
      .replace(/[\\/:*?"<>|]/g, '_')
      .replace(/\p{Cc}/gu, '_')
      .slice(0, 40) || 'bundle'
  return {
    fileName: `${safe}-v${s.version}-${s.bundleId.slice(0, 8)}.dlbundle`,
    contentBase64: bundleStoreOf(ctx).read(bundleId).toString('base64'),
  }
}
