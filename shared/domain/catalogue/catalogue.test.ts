import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildCatalogue, formField } from '../../../scripts/generate-catalogue'
import { canonicalJson } from '../canonical-json'
import { sha256Hex } from '../hash'
import {
  CATALOGUES,
  MIIT_2024,
  MIIT_2024_FIRST_EDITION_HASH,
  catalogueHash,
  isCatalogueHash,
  findQuestion,
  findScene,
  getCatalogue,
} from './index'
import type { Catalogue } from './types'

/**
 * The indicator facts (../shared/reference/indicators-2024.json, the research reference the
 * catalogue is generated from) are read from the repository's copy, test/reference/, so a clone
 * on its own runs this file too. Where the reference stands beside the repository (CI has it),
 * the copy must be byte for byte the reference: see the last case.
 */
const refPath = fileURLToPath(
  new URL('../../../test/reference/indicators-2024.json', import.meta.url),
)
const besideRepo = fileURLToPath(
  new URL('../../../../shared/reference/indicators-2024.json', import.meta.url),
)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ref = JSON.parse(readFileSync(refPath, 'utf8')) as any
const c = MIIT_2024.catalogue
const milli = (x: number) => Math.round(x * 1000)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function refItems(): any[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return ref.dimensions.flatMap((d: any) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (d.secondary ?? []).flatMap((s: any) => s.tertiary.flatMap((t: any) => t.items)),
  )
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function refScenes(): any[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return ref.dimensions.flatMap((d: any) => (d.groups ?? []).flatMap((g: any) => g.scenes))
}

describe('MIIT-2024 catalogue: structure', () => {
  it('has Q01–Q15 and SC01–SC16 in order', () => {
    expect(c.id).toBe('MIIT-2024')
    expect(c.questions.map((q) => q.id)).toEqual(
      Array.from({ length: 15 }, (_, i) => `Q${String(i + 1).padStart(2, '0')}`),
    )
    expect(c.scenes.map((s) => s.id)).toEqual(
      Array.from({ length: 16 }, (_, i) => `SC${String(i + 1).padStart(2, '0')}`),
    )
  })

  it('every option score is an exact number of thousandths', () => {
    for (const q of c.questions)
      for (const o of q.options)
        expect(Math.abs(o.score * 1000 - milli(o.score))).toBeLessThan(1e-9)
  })

  it("each item's option scores add up to its maximum", () => {
    for (const q of c.questions) {
      if (q.type === 'multi') {
        const sum = q.options.filter((o) => !o.exclusive).reduce((s, o) => s + milli(o.score), 0)
        expect(sum, q.id).toBe(milli(q.maxScore))
        const excl = q.options.filter((o) => o.exclusive)
        expect(excl.length, q.id).toBe(1)
        expect(excl[0]?.text).toBe('无')
        expect(excl[0]?.score).toBe(0)
      } else {
        expect(Math.max(...q.options.map((o) => milli(o.score))), q.id).toBe(milli(q.maxScore))
        expect(Math.min(...q.options.map((o) => milli(o.score))), q.id).toBe(0)
        expect(
          q.options.some((o) => o.exclusive),
          q.id,
        ).toBe(false)
      }
    }
  })

  it('option keys are unique and consecutive letters', () => {
    for (const q of c.questions)
      expect(q.options.map((o) => o.key).join('')).toBe(
        'ABCDEFGHIJKLMNO'.slice(0, q.options.length),
      )
  })

  it('questions add up to secondaries, secondaries to dimensions, 50 + 30 + 20 = 100', () => {
    const scored = c.dimensions.filter((d) => d.mode === 'scored')
    expect(scored.map((d) => [d.id, d.maxScore])).toEqual([
      ['D1', 50],
      ['D3', 30],
      ['D4', 20],
    ])
    let total = 0
    for (const d of scored) {
      const secSum = d.secondaries.reduce((s, x) => s + milli(x.maxScore), 0)
      expect(secSum, d.id).toBe(milli(d.maxScore ?? NaN))
      for (const s of d.secondaries) {
        const qs = c.questions.filter((q) => q.secondary === s.id)
        expect(qs.length, s.id).toBeGreaterThan(0)
        expect(qs.every((q) => q.dimension === d.id)).toBe(true)
        expect(
          qs.reduce((sum, q) => sum + milli(q.maxScore), 0),
          s.id,
        ).toBe(milli(s.maxScore))
      }
      total += milli(d.maxScore ?? 0)
    }
    expect(total).toBe(100_000)
    expect(c.questions.reduce((s, q) => s + milli(q.maxScore), 0)).toBe(100_000)
    const d2 = c.dimensions.find((d) => d.id === 'D2')
    expect(d2?.mode).toBe('scene_level')
    expect(d2?.maxScore).toBeNull()
  })

  it('has 16 scenes in 4 groups, 10 flagged 约束性 by the platform', () => {
    expect(c.sceneGroups.map((g) => g.id)).toEqual(['D2.1', 'D2.2', 'D2.3', 'D2.4'])
    const byGroup = c.sceneGroups.map((g) => c.scenes.filter((s) => s.group === g.id).length)
    expect(byGroup).toEqual([4, 6, 2, 4])
    expect(c.scenes.filter((s) => s.platformConstrained).map((s) => s.id)).toEqual([
      'SC01',
      'SC03',
      'SC06',
      'SC07',
      'SC08',
      'SC09',
      'SC10',
      'SC11',
      'SC12',
      'SC13',
    ])
    for (const s of c.scenes) {
      expect(s.levels).toHaveLength(4)
      for (const t of s.levels) expect(t.length).toBeGreaterThan(10)
    }
  })

  it('form fields carry ids f1.., units and kinds', () => {
    expect(findQuestion(c, 'Q02')?.formFields).toEqual([
      { id: 'f1', label: '具体数据', kind: 'text' },
      { id: 'f2', label: '其中生产设备数量为（台）', kind: 'number', unit: '台' },
      { id: 'f3', label: '实现数字化的生产设备数量为（台）', kind: 'number', unit: '台' },
    ])
    expect(findQuestion(c, 'Q11')?.formFields).toEqual([
      { id: 'f1', label: '具体数据为（万元/年）', kind: 'number', unit: '万元/年' },
    ])
    expect(findQuestion(c, 'Q12')?.formFields.map((f) => f.unit)).toEqual(['吨标准煤', '吨标准煤'])
    expect(findQuestion(c, 'Q14')?.formFields.map((f) => f.id)).toEqual(['f1', 'f2', 'f3', 'f4'])
    expect(findQuestion(c, 'Q01')?.formFields).toEqual([])
    expect(formField('具体数值为', 0)).toEqual({ id: 'f1', label: '具体数值为', kind: 'text' })
  })
})

describe('MIIT-2024 catalogue: texts equal the reference', () => {
  it('questions: text, type, maximum, definition, options, form fields, evidence', () => {
    const items = refItems()
    expect(items).toHaveLength(15)
    for (const it of items) {
      const q = findQuestion(c, it.id)
      expect(q, it.id).toBeDefined()
      if (!q) continue
      expect(q.text).toBe(it.text)
      expect(q.type).toBe(it.answer_type)
      expect(q.maxScore).toBe(it.max_score)
      expect(q.definition).toBe(it.definition)
      expect(q.formFields.map((f) => f.label)).toEqual(it.form_fields)
      expect(q.evidenceSuggestions).toEqual(it.evidence_suggestions.items)
      expect(q.options.map((o) => [o.key, o.text, o.score, o.exclusive ?? false])).toEqual(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        it.options.map((o: any) => [o.key, o.text, o.score, o.exclusive ?? false]),
      )
    }
  })

  it('scenes: names, groups, verbatim level texts, platform flag', () => {
    const scenes = refScenes()
    expect(scenes).toHaveLength(16)
    for (const s of scenes) {
      const sc = findScene(c, s.id)
      expect(sc, s.id).toBeDefined()
      expect(sc?.name).toBe(s.name)
      expect(sc?.levels).toEqual(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        [...s.levels].sort((a: any, b: any) => a.level - b.level).map((l: any) => l.text),
      )
      expect(sc?.platformConstrained).toBe(s.constraint_flags.platform_sceneType_1)
    }
  })

  it('dimensions and secondaries', () => {
    for (const d of ref.dimensions) {
      const cd = c.dimensions.find((x) => x.id === d.id)
      expect(cd?.name).toBe(d.name)
      expect(cd?.secondaries.map((s) => [s.id, s.name, s.maxScore])).toEqual(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (d.secondary ?? []).map((s: any) => [s.id, s.name, s.max_score]),
      )
    }
  })

  it('the generated data file is up to date with the generator', () => {
    expect(buildCatalogue(ref)).toEqual(c)
  })
})

describe('catalogue hash', () => {
  it('is the SHA-256 of the canonical JSON, 64 hex chars, stable', () => {
    expect(MIIT_2024.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(MIIT_2024.hash).toBe(sha256Hex(canonicalJson(c)))
    expect(catalogueHash(structuredClone(c))).toBe(MIIT_2024.hash)
    expect(catalogueHash(buildCatalogue(ref))).toBe(MIIT_2024.hash)
  })

  it('does not depend on key order', () => {
    const reordered = Object.fromEntries(Object.entries(c).reverse()) as unknown as Catalogue
    expect(catalogueHash(reordered)).toBe(MIIT_2024.hash)
  })

  it('changes when one character of one text changes', () => {
    const copy = structuredClone(c)
    const q = copy.questions[0]
    if (!q?.options[1]) throw new Error('fixture')
    q.options[1].text = q.options[1].text.replace('工控', '工空')
    expect(catalogueHash(copy)).not.toBe(MIIT_2024.hash)
    const copy2 = structuredClone(c)
    const s = copy2.scenes[15]
    if (!s) throw new Error('fixture')
    s.levels[3] = s.levels[3] + '。'
    expect(catalogueHash(copy2)).not.toBe(MIIT_2024.hash)
  })

  it('changes when one score changes', () => {
    const copy = structuredClone(c)
    const o = copy.questions[3]?.options[14]
    if (!o) throw new Error('fixture')
    o.score = 0.8
    expect(catalogueHash(copy)).not.toBe(MIIT_2024.hash)
  })

  it('getCatalogue finds by id only', () => {
    expect(getCatalogue('MIIT-2024')).toBe(MIIT_2024)
    expect(getCatalogue('miit-2024')).toBeUndefined()
    expect(getCatalogue('X')).toBeUndefined()
    expect(CATALOGUES).toContain(MIIT_2024)
  })
})

describe('canonicalJson', () => {
  it('sorts keys, drops whitespace, serialises numbers per ECMAScript', () => {
    expect(canonicalJson({ b: 2, a: { d: [1.0, 0.7, 1e21], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[1,0.7,1e+21]},"b":2}',
    )
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}')
  })
  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson(undefined)).toThrow()
    expect(() => canonicalJson(NaN)).toThrow()
    expect(() => canonicalJson({ x: Infinity })).toThrow()
  })
  it('sha256Hex: known vectors for text and bytes', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(sha256Hex('abc'))
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

/**
 * The first edition carried the reference's editorial notes inside the data (Q01 C, Q08 F, Q04,
 * Q10, Q11, five scenes). Rebuilt here exactly as the first generator wrote them, it must hash to
 * the hash assessments pinned then: proof that the two editions differ in the notes only, so
 * isCatalogueHash may accept both (docs/adr/0003-catalogue-without-editorial-notes.md).
 */
describe('MIIT-2024 first edition (with editorial notes)', () => {
  it('is the current catalogue plus the notes, and its hash is still accepted', () => {
    interface WithNotes {
      questions: { id: string; notes?: string[]; options: { key: string; note?: string }[] }[]
      scenes: { id: string; notes?: string[] }[]
    }
    const first = structuredClone(c) as unknown as WithNotes
    const q11 =
      '档位在 S6 与 S7 中均为 [0-10%] … (60%,100%]，作为数字化投入占营业收入的比例明显偏高，待与官方 PDF 核对（indicators-2024.md §3.5）'
    for (const it of refItems()) {
      const q = first.questions.find((x) => x.id === it.id)!
      const notes: string[] = []
      if (it.note) notes.push(it.note)
      if (it.text_variant) notes.push(`题名变体：${it.text_variant}`)
      if (it.id === 'Q11') notes.push(q11)
      if (notes.length) q.notes = notes
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      for (const o of it.options as any[]) {
        const n = [o.note, o.conflict].filter((x: unknown): x is string => !!x)
        if (n.length) q.options.find((x) => x.key === o.key)!.note = n.join('；')
      }
    }
    for (const s of refScenes())
      if (s.levels_order_conflict)
        first.scenes.find((x) => x.id === s.id)!.notes = [s.levels_order_conflict]
    expect(catalogueHash(first as unknown as Catalogue)).toBe(MIIT_2024_FIRST_EDITION_HASH)
    expect(MIIT_2024.hash).not.toBe(MIIT_2024_FIRST_EDITION_HASH)
    expect(isCatalogueHash(MIIT_2024, MIIT_2024_FIRST_EDITION_HASH)).toBe(true)
    expect(isCatalogueHash(MIIT_2024, MIIT_2024.hash)).toBe(true)
    expect(isCatalogueHash(MIIT_2024, '0'.repeat(64))).toBe(false)
  })
})

describe("the repository's copy of the indicator reference", () => {
  const there = existsSync(besideRepo)
  it.skipIf(!there && !process.env['CI'])(
    'is byte for byte ../shared/reference/indicators-2024.json (CI has it beside the checkout)',
    () => {
      expect(there, `${besideRepo} is missing: CI runs with ../shared beside the checkout`).toBe(
        true,
      )
      expect(sha256Hex(readFileSync(refPath))).toBe(sha256Hex(readFileSync(besideRepo)))
    },
  )
})
