import { describe, expect, it } from 'vitest'
import { isPhone, phoneError } from './phone'

describe('enterprise phone numbers', () => {
  it.each([
    '13912345678',
    '139 1234 5678',
    '139-1234-5678',
    '+8613912345678',
    '8613912345678',
    '0392-3312345',
    '03923312345',
    '(0392)3312345',
    '010-62345678',
    '0392-3312345-801',
    '0392-3312345转801',
  ])('accepts %s', (p) => expect(isPhone(p)).toBe(true))

  it.each([
    'abc',
    '1391234567',
    '139123456789',
    '12912345678',
    '3312345',
    '0392-331234',
    '0392-0312345',
    '+1 415 555 0100',
    '13912345678abc',
  ])('refuses %s', (p) => expect(isPhone(p)).toBe(false))

  it('names the field and the accepted formats; empty is no phone', () => {
    expect(phoneError('abc')).toBe(
      '电话「abc」格式不正确：应为 11 位手机号（如 13912345678）或带区号的固定电话（如 0392-3312345）',
    )
    expect(phoneError('')).toBeNull()
    expect(phoneError('  ')).toBeNull()
    expect(phoneError('0392-3312345')).toBeNull()
  })
})
