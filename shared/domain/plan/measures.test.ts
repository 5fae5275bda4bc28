import { describe, expect, it } from 'vitest'
import { MIIT_2024, getCatalogue } from '../catalogue'
import {
  MIIT_2024_MEASURES,
  checkMeasuresLibrary,
  measuresHash,
  plannableOptions,
  requiredEntryKeys,
} from '.'
import type { MeasuresLibrary } from './types'

const L = MIIT_2024_MEASURES.library
const check = (patch: (l: MeasuresLibrary) => unknown) => {
  const l = structuredClone(L)
  return checkMeasuresLibrary(patch(l) ?? l, getCatalogue)
}

describe('the built-in measures library', () => {
  it('covers every option above the lowest and every scene level step, exactly once', () => {
    const keys = L.entries.map((e) => `${e.item}${e.option ? `:${e.option}` : `@${e.level}`}`)
    expect(keys).toEqual(requiredEntryKeys(MIIT_2024.catalogue))
    // 64 question options (Q04 alone has 14) + 16 scenes × 4 level steps
    expect(keys.filter((k) => k.startsWith('Q'))).toHaveLength(64)
    expect(keys.filter((k) => k.startsWith('SC'))).toHaveLength(64)
    expect(plannableOptions(MIIT_2024.catalogue.questions[3]!)).toHaveLength(14)
  })

  it('passes the same check as a city library and is pinned by its canonical hash', () => {
    const c = checkMeasuresLibrary(structuredClone(L), getCatalogue)
    expect(c.ok).toBe(true)
    if (!c.ok) return
    expect(c.hash).toBe(MIIT_2024_MEASURES.hash)
    expect(measuresHash(L)).toBe(MIIT_2024_MEASURES.hash)
    expect(MIIT_2024_MEASURES.hash).toMatch(/^[0-9a-f]{64}$/)
    const { entries, ...rest } = L
    expect(measuresHash({ entries, ...rest })).toBe(MIIT_2024_MEASURES.hash)
  })

  it('marks its figures as indicative and gives concrete content for every entry', () => {
    expect(L.indicative).toBe(true)
    expect(L.note).toMatch(/参考值/)
    for (const e of L.entries) {
      const k = `${e.item} ${e.option ?? e.level}`
      expect(e.actions.length, k).toBeGreaterThan(0)
      expect(e.data.length, k).toBeGreaterThan(0)
      expect(e.costYuan.min, k).toBeLessThanOrEqual(e.costYuan.max)
      expect(e.weeks.min, k).toBeGreaterThan(0)
      expect(e.effort, k).toBeGreaterThan(0)
    }
    // scene steps get harder going up: every scene's effort rises with the level
    for (const s of MIIT_2024.catalogue.scenes) {
      const efforts = [1, 2, 3, 4].map(
        (l) => L.entries.find((e) => e.item === s.id && e.level === l)!.effort,
      )
      expect(efforts, s.id).toEqual([...efforts].sort((a, b) => a - b))
    }
    // no two entries say the same thing
    expect(new Set(L.entries.map((e) => e.title)).size).toBe(L.entries.length)
  })
})

describe('checkMeasuresLibrary names the field', () => {
  it.each([
    ['id', (l: MeasuresLibrary) => void (l.id = 'a b')],
    ['catalogueId', (l: MeasuresLibrary) => void (l.catalogueId = 'MIIT-2099')],
    [
      'indicative',
      (l: MeasuresLibrary) => void ((l as { indicative: unknown }).indicative = false),
    ],
    ['entries.0.effort', (l: MeasuresLibrary) => void (l.entries[0]!.effort = 0)],
    ['entries.1.effort', (l: MeasuresLibrary) => void (l.entries[1]!.effort = 1.5)],
    ['entries.2.costYuan.max', (l: MeasuresLibrary) => void (l.entries[2]!.costYuan.max = -1)],
    [
      'entries.3.costYuan.max',
      (l: MeasuresLibrary) => void (l.entries[3]!.costYuan = { min: 9, max: 8 }),
    ],
    [
      'entries.4.weeks.max',
      (l: MeasuresLibrary) => void (l.entries[4]!.weeks = { min: 9, max: 8 }),
    ],
    ['entries.5.actions', (l: MeasuresLibrary) => void (l.entries[5]!.actions = [])],
    ['entries.6.title', (l: MeasuresLibrary) => void (l.entries[6]!.title = ' ')],
    ['entries.7.item', (l: MeasuresLibrary) => void (l.entries[7]!.item = 'Q99')],
    ['entries.0.option', (l: MeasuresLibrary) => void (l.entries[0]!.option = 'A')],
    ['entries.0.level', (l: MeasuresLibrary) => void (l.entries[0]!.level = 2)],
    ['entries.70.option', (l: MeasuresLibrary) => void (l.entries[70]!.option = 'B')],
    ['entries.70.level', (l: MeasuresLibrary) => void delete l.entries[70]!.level],
    ['entries.9', (l: MeasuresLibrary) => void (l.entries[9] = { ...l.entries[8]! })],
    ['entries', (l: MeasuresLibrary) => void l.entries.pop()],
    ['extra', (l: MeasuresLibrary) => ({ ...l, extra: 1 })],
    ['entries.0.price', (l: MeasuresLibrary) => void Object.assign(l.entries[0]!, { price: 1 })],
  ])('%s', (field, patch) => {
    const c = check(patch)
    expect(c.ok).toBe(false)
    if (!c.ok) expect(c.field).toBe(field)
  })

  it('a missing entry is named', () => {
    const c = check(
      (l) => void (l.entries = l.entries.filter((e) => !(e.item === 'SC16' && e.level === 4))),
    )
    expect(c).toEqual({ ok: false, field: 'entries', message: 'missing 1 entry: SC16@4' })
  })

  it('a city library with other efforts is a different library', () => {
    const c = check((l) => void (l.entries[0]!.effort = 99))
    expect(c.ok && c.hash).not.toBe(MIIT_2024_MEASURES.hash)
  })
})
