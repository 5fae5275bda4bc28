/** Reading and clearing integrity signals (the console's signals.* methods). */
import type { ConsoleInput, ConsoleOutput } from '../../shared/console/api'
import { consoleFail } from '../../shared/console/errors'
import type { SignalView } from '../../shared/console/schemas/signals'
import { SIGNAL_LABELS, type SignalType } from '../../shared/domain/integrity/types'
import { HEBI_2024_INTEGRITY } from '../../shared/domain/integrity/thresholds'
import type { IntegritySignalTable } from '../db/schema'
import type { CentralContext } from '../ingest'
import { appendConsoleAudit } from '../console/audit'
import { computeSignals } from './run'

async function reviewsOf(
  ctx: CentralContext,
  ids: string[],
): Promise<Map<string, SignalView['reviews']>> {
  const out = new Map<string, SignalView['reviews']>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('signal_reviews')
      .selectAll()
      .where('signal_id', 'in', ids.slice(i, i + 500))
      .orderBy('id')
      .execute()
    for (const r of rows)
      out.set(r.signal_id, [
        ...(out.get(r.signal_id) ?? []),
        { action: 'clear', reason: r.reason, by: r.username, at: r.at },
      ])
  }
  return out
}

function view(r: IntegritySignalTable, reviews: SignalView['reviews']): SignalView {
  return {
    id: r.id,
    type: r.type as SignalType,
    label: SIGNAL_LABELS[r.type as SignalType] ?? r.type,
    summary: r.summary,
    refs: JSON.parse(r.refs_json) as SignalView['refs'],
    facts: JSON.parse(r.facts_json) as Record<string, unknown>,
    status: reviews.some((v) => v.action === 'clear') ? 'cleared' : 'open',
    active: Number(r.active) === 1,
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    thresholds: r.thresholds_id,
    reviews,
  }
}

export async function listSignals(
  ctx: CentralContext,
  f: ConsoleInput<'signals.list'>,
): Promise<ConsoleOutput<'signals.list'>> {
  const run = await computeSignals(ctx, { onlyIfNeverRun: true })
  let q = ctx.db.selectFrom('integrity_signals').selectAll().where('active', '=', 1)
  if (f.type) q = q.where('type', '=', f.type)
  if (f.enterpriseKey)
    q = q.where('id', 'in', (eb) =>
      eb
        .selectFrom('integrity_signal_refs')
        .select('signal_id')
        .where('enterprise_key', '=', f.enterpriseKey!),
    )
  const rows = await q.orderBy('type').orderBy('first_seen_at').orderBy('id').execute()
  const reviews = await reviewsOf(
    ctx,
    rows.map((r) => r.id),
  )
  const all = rows.map((r) => view(r, reviews.get(r.id) ?? []))
  const counts: Record<string, number> = { open: 0, cleared: 0 }
  for (const s of all) counts[s.status] = (counts[s.status] ?? 0) + 1
  return {
    computedAt: run.computedAt,
    stale: run.stale,
    thresholds: { ...HEBI_2024_INTEGRITY },
    counts,
    items: f.status === 'all' ? all : all.filter((s) => s.status === f.status),
  }
}

export async function getSignal(ctx: CentralContext, id: string): Promise<SignalView> {
  const r = await ctx.db
    .selectFrom('integrity_signals')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!r) throw consoleFail.notFound(`没有编号为 ${id.slice(0, 12)}… 的诚信信号`, 'id')
  return view(r, (await reviewsOf(ctx, [id])).get(id) ?? [])
}

/** Clears a signal with a reason; the review and its audit row commit together. */
export async function clearSignal(
  ctx: CentralContext,
  input: ConsoleInput<'signals.clear'>,
  who: { username: string; ip: string | null },
): Promise<SignalView> {
  const before = await getSignal(ctx, input.id)
  const done = before.reviews.find((v) => v.action === 'clear')
  if (done)
    throw consoleFail.conflict(`该信号已由 ${done.by} 于 ${done.at} 清除：${done.reason}`, 'id')
  const at = ctx.now()
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('signal_reviews')
        .values({
          signal_id: input.id,
          action: 'clear',
          reason: input.reason,
          username: who.username,
          at: at.toISOString(),
        })
        .execute()
      await appendConsoleAudit(trx, at, {
        username: who.username,
        action: 'signals.clear',
        target: input.id,
        detail: {
          type: before.type,
          reason: input.reason,
          refs: before.refs.map((r) => r.bundleId),
        },
        ip: who.ip,
      })
    })
  } catch (e) {
    const again = await getSignal(ctx, input.id)
    const other = again.reviews.find((v) => v.action === 'clear')
    if (other)
      throw consoleFail.conflict(
        `该信号已由 ${other.by} 于 ${other.at} 清除：${other.reason}`,
        'id',
      )
    throw e
  }
  return getSignal(ctx, input.id)
}
