/**
 * Issue 12 §3: how the sync client classifies a failure. A conflict (409: other bytes under a
 * bundle id, a version that is not the next) needs a person: final. A full or unavailable server
 * (507, 503, any 5xx), a timeout, rate limiting and network errors go away by themselves: retry.
 */
import { describe, expect, it } from 'vitest'
import { isTransient, SyncHttpError } from './client'

const e = (status: number, code: string) => new SyncHttpError(status, code, 'reason')

describe('isTransient', () => {
  it('409 conflicts are final; the upload-offset hint is not a conflict', () => {
    expect(isTransient(e(409, 'conflict-same-id'))).toBe(false)
    expect(isTransient(e(409, 'conflict-version'))).toBe(false)
    expect(isTransient(e(409, 'conflict-offset'))).toBe(true)
  })

  it('507 storage-full, 503 unavailable, 500, 408, 429 and network errors are retried', () => {
    for (const [s, c] of [
      [507, 'storage-full'],
      [503, 'unavailable'],
      [500, 'internal'],
      [408, 'bad-request'],
      [429, 'rate-limited'],
    ] as const)
      expect(isTransient(e(s, c)), `${s} ${c}`).toBe(true)
    expect(isTransient(new TypeError('fetch failed'))).toBe(true)
  })

  it('refusals of the bundle itself are final', () => {
    expect(isTransient(e(422, 'invalid-bundle'))).toBe(false)
    expect(isTransient(e(422, 'evidence-mismatch'))).toBe(false)
    expect(isTransient(e(403, 'auth-key-revoked'))).toBe(false)
  })
})
