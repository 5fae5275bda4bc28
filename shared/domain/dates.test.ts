import { describe, expect, it } from 'vitest'
import { localDate } from './dates'

describe('localDate', () => {
  it('is the local calendar date, zero-padded', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59, 59))).toBe('2026-01-05')
    expect(localDate(new Date(2026, 10, 21, 0, 0, 0))).toBe('2026-11-21')
    expect(localDate(new Date(999, 11, 31, 12))).toBe('999-12-31')
  })
})
