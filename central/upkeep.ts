/**
 * Periodic upkeep of the central service (every minute on each instance; every step is an
 * idempotent delete, so instances running it at once do no harm): spent nonces, ended
 * rate-limit windows, pending key registrations past their time (issue 12 §6) and abandoned
 * evidence uploads with their parts.
 */
import { REQUEST_SKEW_MS } from '../shared/domain/bundle/protocol'
import type { CentralContext } from './ingest'
import { sweepRateLimits } from './rate-limit'

export interface UpkeepResult {
  nonces: number
  rateLimitWindows: number
  expiredRegistrations: number
  abandonedUploads: number
  orphanParts: number
}

/** ISO time before which a pending registration has expired. */
export function pendingExpiry(ctx: CentralContext, now: number): string {
  return new Date(now - ctx.limits.pendingKeyTtlMs).toISOString()
}

export async function upkeep(ctx: CentralContext, now: number): Promise<UpkeepResult> {
  const nonces = await ctx.db
    .deleteFrom('nonces')
    .where('seen_at_ms', '<', now - 2 * REQUEST_SKEW_MS)
    .executeTakeFirst()
  const rateLimitWindows = await sweepRateLimits(ctx.db, now)
  const expired = await ctx.db
    .deleteFrom('assessor_keys')
    .where('status', '=', 'pending')
    .where('registered_at', '<', pendingExpiry(ctx, now))
    .executeTakeFirst()
  await ctx.db
    .deleteFrom('instances')
    .where('seen_at_ms', '<', now - 24 * 60 * 60 * 1000)
    .execute()
  const uploads = await ctx.store.sweep(now)
  return {
    nonces: Number(nonces.numDeletedRows),
    rateLimitWindows,
    expiredRegistrations: Number(expired.numDeletedRows),
    abandonedUploads: uploads.sessions,
    orphanParts: uploads.orphanParts,
  }
}
