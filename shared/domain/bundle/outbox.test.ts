import { describe, expect, it } from 'vitest'
import { backoffDelay, isDue, newOutboxItem, OutboxTransitionError, transition } from './outbox'

describe('outbox state machine', () => {
  it('goes queued → sending → accepted and keeps the receipt', () => {
    let it0 = newOutboxItem('b-00000001', 1000)
    expect(isDue(it0, 1000)).toBe(true)
    it0 = transition(it0, { type: 'start', now: 1001 })
    expect(it0.state).toBe('sending')
    it0 = transition(it0, { type: 'accepted', now: 1002, receipt: '{"r":1}' })
    expect(it0).toMatchObject({ state: 'accepted', receipt: '{"r":1}', lastError: null })
    expect(() => transition(it0, { type: 'start', now: 1003 })).toThrow(OutboxTransitionError)
  })

  it('retries transient failures with exponential backoff from the injected clock', () => {
    const policy = { baseMs: 1000, maxMs: 10_000 }
    let item = newOutboxItem('b-00000002', 0)
    const delays: number[] = []
    let now = 0
    for (let i = 0; i < 6; i++) {
      item = transition(item, { type: 'start', now })
      item = transition(item, { type: 'failed', now, error: 'ECONNREFUSED', policy })
      delays.push(item.nextAttemptAt - now)
      expect(isDue(item, item.nextAttemptAt - 1)).toBe(false)
      expect(isDue(item, item.nextAttemptAt)).toBe(true)
      now = item.nextAttemptAt
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000])
    expect(item).toMatchObject({ state: 'queued', attempts: 6, lastError: 'ECONNREFUSED' })
  })

  it('rejects with a reason, and only a rejected item can be requeued', () => {
    let item = transition(newOutboxItem('b-00000003', 0), { type: 'start', now: 1 })
    item = transition(item, { type: 'rejected', now: 2, reason: 'conflict-same-id: other bytes' })
    expect(item).toMatchObject({ state: 'rejected', lastError: 'conflict-same-id: other bytes' })
    item = transition(item, { type: 'requeue', now: 3 })
    expect(item).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: 3 })
    expect(() => transition(item, { type: 'requeue', now: 4 })).toThrow(
      /cannot requeue when queued/,
    )
  })

  it('recovers an item left sending by a crash', () => {
    const item = transition(newOutboxItem('b-00000004', 0), { type: 'start', now: 1 })
    expect(transition(item, { type: 'recover', now: 50 })).toMatchObject({
      state: 'queued',
      nextAttemptAt: 50,
    })
    const accepted = transition(item, { type: 'accepted', now: 2, receipt: 'x' })
    expect(transition(accepted, { type: 'recover', now: 3 })).toBe(accepted)
  })

  it('applies jitter within half the delay', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1e6, jitter: () => 0.5 })).toBe(300)
    expect(backoffDelay(1, { baseMs: 100, maxMs: 1e6, jitter: () => 0 })).toBe(100)
  })
})
