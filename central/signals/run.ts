/**
 * Computing and keeping the integrity signals (issue 16 §2). A run reads the current records,
 * runs the shared detectors and upserts each signal by id = SHA-256 of its key, so every instance
 * computes the same rows and two runs at once do no harm. Signals no longer found are kept with
 * active = 0. A run is skipped when nothing was accepted since the last one (fingerprint).
 * Pages never wait for a run (except the very first): `npm run central -- signals` (e.g. from
 * cron) or a reviewer's 重新计算 recomputes; the list says when new results arrived since.
 * Signals never change a result: nothing here writes to bundles.
 */
import { createHash } from 'node:crypto'
import { detectSignals } from '../../shared/domain/integrity/detect'
import {
  HEBI_2024_INTEGRITY,
  type IntegrityThresholds,
} from '../../shared/domain/integrity/thresholds'
import type { CentralContext } from '../ingest'
import { loadSignalRecords } from './load'

export function thresholdsId(t: IntegrityThresholds): string {
  return `${t.id}@${t.version}`
}

export function signalId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}

async function fingerprint(ctx: CentralContext, t: IntegrityThresholds): Promise<string> {
  const r = await ctx.db
    .selectFrom('bundles')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('accepted_at').as('last'),
    ])
    .where('status', '=', 'accepted')
    .executeTakeFirstOrThrow()
  return `${Number(r.n)}|${r.last ?? ''}|${thresholdsId(t)}`
}

export interface SignalRun {
  computedAt: string
  records: number
  signals: number
  open: number
  skipped: boolean
  /** results arrived since the run shown (only when it was not recomputed) */
  stale: boolean
}

async function openCount(ctx: CentralContext): Promise<number> {
  const r = await ctx.db
    .selectFrom('integrity_signals as s')
    .leftJoin('signal_reviews as v', 'v.signal_id', 's.id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('s.active', '=', 1)
    .where('v.id', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function computeSignals(
  ctx: CentralContext,
  opts: {
    force?: boolean
    /** Compute only when there was never a run (reading pages never waits for a recompute). */
    onlyIfNeverRun?: boolean
    thresholds?: IntegrityThresholds
  } = {},
): Promise<SignalRun> {
  const t = opts.thresholds ?? HEBI_2024_INTEGRITY
  const fp = await fingerprint(ctx, t)
  const last = await ctx.db
    .selectFrom('signal_runs')
    .selectAll()
    .where('id', '=', 'latest')
    .executeTakeFirst()
  if (!opts.force && last && (last.fingerprint === fp || opts.onlyIfNeverRun)) {
    const n = await ctx.db
      .selectFrom('integrity_signals')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('active', '=', 1)
      .executeTakeFirstOrThrow()
    return {
      computedAt: last.computed_at,
      records: Number(last.records),
      signals: Number(n.n),
      open: await openCount(ctx),
      skipped: true,
      stale: last.fingerprint !== fp,
    }
  }
  const records = await loadSignalRecords(ctx)
  const found = detectSignals(records, t)
  const at = ctx.now().toISOString()
  const tid = thresholdsId(t)
  await ctx.db.transaction().execute(async (trx) => {
    // everything found again is set active below, in the same transaction
    await trx.updateTable('integrity_signals').set({ active: 0 }).where('active', '=', 1).execute()
    for (const s of found) {
      const id = signalId(s.key)
      await trx
        .insertInto('integrity_signals')
        .values({
          id,
          type: s.type,
          signal_key: s.key,
          summary: s.summary,
          refs_json: JSON.stringify(s.refs),
          facts_json: JSON.stringify(s.facts),
          thresholds_id: tid,
          first_seen_at: at,
          last_seen_at: at,
          active: 1,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            summary: s.summary,
            facts_json: JSON.stringify(s.facts),
            last_seen_at: at,
            active: 1,
          }),
        )
        .execute()
      const refs = [...new Map(s.refs.map((r) => [r.bundleId, r])).values()]
      if (refs.length)
        await trx
          .insertInto('integrity_signal_refs')
          .values(
            refs.map((r) => ({
              signal_id: id,
              bundle_id: r.bundleId,
              enterprise_key: r.enterpriseKey,
            })),
          )
          .onConflict((oc) => oc.columns(['signal_id', 'bundle_id']).doNothing())
          .execute()
    }
    await trx
      .insertInto('signal_runs')
      .values({ id: 'latest', fingerprint: fp, computed_at: at, records: records.length })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ fingerprint: fp, computed_at: at, records: records.length }),
      )
      .execute()
  })
  return {
    computedAt: at,
    records: records.length,
    signals: found.length,
    open: await openCount(ctx),
    skipped: false,
    stale: false,
  }
}
