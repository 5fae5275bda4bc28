/**
 * The client outbox as a pure state machine (design.md §6): every state visible.
 *
 *   queued ──start──▶ sending ──accepted──▶ accepted (receipt kept)
 *     ▲                  │ └──rejected──▶ rejected (reason kept; `requeue` by the user)
 *     └──retry later─────┘   transient failure: attempts+1, next attempt after backoff
 *
 * A process that dies while `sending` leaves the item `sending`; `recover` puts it back to
 * `queued` at start-up. Pushing is idempotent at the server, so resending is safe.
 */
export const OUTBOX_STATES = ['queued', 'sending', 'accepted', 'rejected'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  queued: '待发送',
  sending: '发送中',
  accepted: '已接收',
  rejected: '被拒绝',
}

export interface OutboxItem {
  bundleId: string
  state: OutboxState
  attempts: number
  /** ms since epoch; a queued item is due when now ≥ nextAttemptAt. */
  nextAttemptAt: number
  /** Last transient error or the rejection reason. */
  lastError: string | null
  /** The signed receipt JSON once accepted. */
  receipt: string | null
  updatedAt: number
}

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
  /** Jitter in [0,1): multiplies the delay by (1 - jitter/2 … 1); injected for determinism. */
  jitter?: () => number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 30 * 60 * 1000 }

/** Delay before attempt `attempts + 1`, after `attempts` failures (≥ 1): base·2^(n−1), capped. */
export function backoffDelay(attempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, attempts)
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 40))
  const j = policy.jitter ? policy.jitter() : 0
  return Math.round(raw * (1 - j / 2))
}

export type OutboxEvent =
  | { type: 'start'; now: number }
  | { type: 'accepted'; now: number; receipt: string }
  | { type: 'rejected'; now: number; reason: string }
  | { type: 'failed'; now: number; error: string; policy?: BackoffPolicy }
  | { type: 'recover'; now: number }
  | { type: 'requeue'; now: number }

export class OutboxTransitionError extends Error {}

export function newOutboxItem(bundleId: string, now: number): OutboxItem {
  return {
    bundleId,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    receipt: null,
    updatedAt: now,
  }
}

export function isDue(item: OutboxItem, now: number): boolean {
  return item.state === 'queued' && item.nextAttemptAt <= now
}

/** Applies an event; throws OutboxTransitionError for a transition the machine does not allow. */
export function transition(item: OutboxItem, ev: OutboxEvent): OutboxItem {
  const bad = (): never => {
    throw new OutboxTransitionError(`outbox ${item.bundleId}: cannot ${ev.type} when ${item.state}`)
  }
  switch (ev.type) {
    case 'start':
      if (item.state !== 'queued') return bad()
      return { ...item, state: 'sending', updatedAt: ev.now }
    case 'accepted':
      if (item.state !== 'sending') return bad()
      return { ...item, state: 'accepted', receipt: ev.receipt, lastError: null, updatedAt: ev.now }
    case 'rejected':
      if (item.state !== 'sending') return bad()
      return { ...item, state: 'rejected', lastError: ev.reason, updatedAt: ev.now }
    case 'failed': {
      if (item.state !== 'sending') return bad()
      const attempts = item.attempts + 1
      return {
        ...item,
        state: 'queued',
        attempts,
        lastError: ev.error,
        nextAttemptAt: ev.now + backoffDelay(attempts, ev.policy),
        updatedAt: ev.now,
      }
    }
    case 'recover':
      if (item.state !== 'sending') return item
      return { ...item, state: 'queued', nextAttemptAt: ev.now, updatedAt: ev.now }
    case 'requeue':
      if (item.state !== 'rejected') return bad()
      return { ...item, state: 'queued', attempts: 0, nextAttemptAt: ev.now, updatedAt: ev.now }
  }
}
