import { describe, expect, it } from 'vitest'
import { deeperThan, MAX_DEPTH } from './http-input'

const nested = (n: number): unknown => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown

describe('request body nesting (deeperThan)', () => {
  it('counts arrays and objects as levels; scalars add none', () => {
    expect(deeperThan(42, 0)).toBe(false)
    expect(deeperThan('x', 0)).toBe(false)
    expect(deeperThan({}, 0)).toBe(true)
    expect(deeperThan({ a: [{ b: 1 }] }, 3)).toBe(false)
    expect(deeperThan({ a: [{ b: [] }] }, 3)).toBe(true)
  })

  it(`accepts ${MAX_DEPTH} levels and refuses one more`, () => {
    expect(deeperThan(nested(MAX_DEPTH), MAX_DEPTH)).toBe(false)
    expect(deeperThan(nested(MAX_DEPTH + 1), MAX_DEPTH)).toBe(true)
  })

  it('a body nested 200,000 deep is measured without overflowing the stack', () => {
    expect(deeperThan(nested(200_000), MAX_DEPTH)).toBe(true)
  })
})
