/**
 * Hostile assessment files (issue 7 item 5): parseAssessmentFile never throws; it returns ok or
 * ONE bounded line that names a field (or says the file is not JSON); every ok result scores
 * within 0..100 at level 0..4; every mutation known to be invalid is refused at its field.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  parseAssessmentFile,
  scoreAssessmentFile,
  type ParseResult,
} from '../../shared/domain/assessment-file'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { USCC_CHARSET } from '../../shared/domain/enterprise/uscc'
import {
  DEEP_SENTINEL,
  FuzzCounter,
  PROTO_KEYS,
  allPaths,
  deleteAt,
  getAt,
  hostileJson,
  hostileString,
  isRecord,
  pathName,
  renameAt,
  scaledRuns,
  setAt,
  setOwn,
  withDeepNesting,
  type JsonPath,
} from './fuzz-support'

const counter = new FuzzCounter('parseAssessmentFile')
afterAll(() => counter.print())

const EXAMPLES_DIR = join(import.meta.dirname, '../../examples')
const EXAMPLES: { name: string; doc: Record<string, unknown> }[] = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((name) => ({
    name,
    doc: JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')) as Record<string, unknown>,
  }))

const CAT = MIIT_2024.catalogue
const QUESTION_IDS = CAT.questions.map((q) => q.id)
const SCENE_IDS = CAT.scenes.map((s) => s.id)
const ITEM_IDS = new Set([...QUESTION_IDS, ...SCENE_IDS])
const TOP_FIELDS = [
  'format',
  'catalogue',
  'catalogueHash',
  'ruleProfile',
  'kind',
  'enterprise',
  'assessor',
  'assessedOn',
  'answers',
  'scenes',
  'notes',
  'fields',
  'survey',
]
const ERROR_START = new RegExp(`^(file is not valid JSON: |file: |(${TOP_FIELDS.join('|')})[.:])`)
const RUNS = scaledRuns({ strings: 1000, json: 600, single: 1200, multi: 500, valid: 300 })

/** The invariants every result must satisfy, whatever the input. */
function checkResult(r: ParseResult): void {
  if (!r.ok) {
    expect(typeof r.error).toBe('string')
    expect(r.error).not.toMatch(/[\r\n\u2028\u2029]/)
    expect(r.error.length).toBeLessThanOrEqual(1000)
    expect(r.error).toMatch(ERROR_START)
    return
  }
  for (const id of Object.keys(r.value.answers)) expect(QUESTION_IDS).toContain(id)
  for (const [id, level] of Object.entries(r.value.scenes)) {
    expect(SCENE_IDS).toContain(id)
    expect([0, 1, 2, 3, 4]).toContain(level)
  }
  const result = scoreAssessmentFile(r.value)
  expect(Number.isFinite(result.total)).toBe(true)
  expect(result.total).toBeGreaterThanOrEqual(0)
  expect(result.total).toBeLessThanOrEqual(100)
  expect([0, 1, 2, 3, 4]).toContain(result.level)
  for (const d of Object.values(result.dimensions)) {
    expect(d.score).toBeGreaterThanOrEqual(0)
    expect(d.score).toBeLessThanOrEqual(d.max)
  }
}

function parse(text: string): ParseResult {
  let r: ParseResult | undefined
  expect(() => {
    r = parseAssessmentFile(text)
  }).not.toThrow()
  if (!r) throw new Error('unreachable')
  checkResult(r)
  return r
}

/** The error starts with the path (`enterprise` matches `enterprise:` and `enterprise.size:`). */
function namesPath(error: string, prefix: string): boolean {
  if (!error.startsWith(prefix)) return false
  return /[.:]$/.test(prefix) || /^[.:]/.test(error.slice(prefix.length))
}

function toText(doc: unknown, depth: number): string {
  return withDeepNesting(JSON.stringify(doc), depth)
}

interface Mutation {
  label: string
  apply(doc: Record<string, unknown>): boolean
  /** The path the error must start with (`answers.` …); null when the result may be ok. */
  expectPrefix: string | null
}

const questionArb = fc.constantFrom(...CAT.questions)
const sceneIdArb = fc.constantFrom(...SCENE_IDS)
const unknownIdArb = fc
  .oneof(
    hostileString,
    fc.constantFrom('Q00', 'Q16', 'Q1', 'q01', 'Q01 ', 'SC00', 'SC17', 'sc01', 'D1', 'survey'),
  )
  .filter((id) => !ITEM_IDS.has(id))

/** One mutation of a valid file, with what the parser must say about it. */
function mutationArb(doc: Record<string, unknown>): fc.Arbitrary<Mutation> {
  const paths = allPaths(doc)
  const objectPaths: JsonPath[] = [[], ...paths.filter((p) => isRecord(getAt(doc, p)))]
  const requiredTop = ['format', 'catalogue', 'kind', 'enterprise', 'answers', 'scenes']
  const mutations: fc.Arbitrary<Mutation>[] = [
    unknownIdArb.map((id) => ({
      label: 'unknown question id',
      apply: (d) => setAt(d, ['answers', id], 'A'),
      expectPrefix: 'answers.',
    })),
    unknownIdArb.map((id) => ({
      label: 'unknown scene id',
      apply: (d) => setAt(d, ['scenes', id], 1),
      expectPrefix: 'scenes.',
    })),
    fc
      .tuple(
        sceneIdArb,
        fc.oneof(
          fc.constantFrom(-1, 5, 2.5, '2', null, true, [], {}, 1e300, -1e300, 4.000001),
          fc.integer().filter((n) => n < 0 || n > 4),
          fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n) || n < 0 || n > 4),
        ),
      )
      .map(([id, level]) => ({
        label: 'scene level out of range',
        apply: (d) => setAt(d, ['scenes', id], level),
        expectPrefix: `scenes.${id}:`,
      })),
    fc
      .tuple(
        fc.constantFrom(
          ...CAT.questions.filter((q) => q.type === 'multi' && q.options.some((o) => o.exclusive)),
        ),
        fc.nat(),
        fc.nat(),
      )
      .map(([q, a, b]) => {
        const none = q.options.find((o) => o.exclusive)?.key ?? 'A'
        const others = q.options.filter((o) => !o.exclusive).map((o) => o.key)
        const n = 1 + (a % others.length)
        const picked = [none, ...others.slice(0, n)]
        const at = b % picked.length
        ;[picked[0], picked[at]] = [picked[at] ?? none, none]
        return {
          label: '「无」 with others',
          apply: (d: Record<string, unknown>) => setAt(d, ['answers', q.id], picked),
          expectPrefix: `answers.${q.id}:`,
        }
      }),
    fc
      .tuple(
        questionArb,
        fc.oneof(
          fc.constantFrom(null, true, 0, 1, {}, [], [null], [1], ['A', 'A'], '', 'a', 'Z'),
          hostileString,
          fc.array(hostileString, { minLength: 1, maxLength: 3 }),
        ),
      )
      .filter(([q, v]) => {
        const keys = q.options.map((o) => o.key)
        if (q.type === 'single') return !(typeof v === 'string' && keys.includes(v))
        // a multi answer is valid only as a non-empty list of distinct known keys
        return !(
          Array.isArray(v) &&
          v.length > 0 &&
          v.every((k) => typeof k === 'string' && keys.includes(k)) &&
          new Set(v).size === v.length &&
          !(v.length > 1 && v.some((k) => q.options.find((o) => o.key === k)?.exclusive))
        )
      })
      .map(([q, v]) => ({
        label: 'wrong answer value',
        apply: (d) => setAt(d, ['answers', q.id], v),
        expectPrefix: `answers.${q.id}:`,
      })),
    fc.constantFrom(...requiredTop).map((k) => ({
      label: 'required field deleted',
      apply: (d) => deleteAt(d, [k]),
      expectPrefix: `${k}:`,
    })),
    fc.constantFrom('name').map((k) => ({
      label: 'enterprise.name deleted',
      apply: (d) => deleteAt(d, ['enterprise', k]),
      expectPrefix: 'enterprise.name:',
    })),
    fc
      .tuple(
        fc.constantFrom('name', 'size', 'batch', 'zjtx', 'county'),
        fc.oneof(fc.constantFrom(null, 0, 4, 1.5, true, [], {}, '', '   ', 'huge'), fc.integer()),
      )
      .filter(([k, v]) => {
        if (k === 'batch') return ![1, 2, 3].includes(v as number)
        if (k === 'name' || k === 'county') return typeof v !== 'string' || v.trim() === ''
        return true // size/zjtx: none of these is an enum value
      })
      .map(([k, v]) => ({
        label: 'wrong enterprise field',
        apply: (d) => setAt(d, ['enterprise', k], v),
        expectPrefix: `enterprise.${k}:`,
      })),
    fc.tuple(fc.nat({ max: 17 }), fc.constantFrom(...USCC_CHARSET)).map(([i, c]) => ({
      label: 'uscc one character changed',
      apply: (d) => {
        const u = getAt(d, ['enterprise', 'uscc'])
        if (typeof u !== 'string' || u[i] === c) return false
        return setAt(d, ['enterprise', 'uscc'], u.slice(0, i) + c + u.slice(i + 1))
      },
      expectPrefix: 'enterprise.uscc:',
    })),
    fc
      .tuple(
        fc.constantFrom(...objectPaths),
        fc.oneof(hostileString, fc.constantFrom(...PROTO_KEYS)),
      )
      .map(([p, key]) => ({
        label: 'key added',
        apply: (d) => {
          const parent = getAt(d, p)
          if (!isRecord(parent) || Object.prototype.hasOwnProperty.call(parent, key)) return false
          // a known id added to answers/scenes/notes/fields may be valid: skip those
          if (ITEM_IDS.has(key) || /^f\d+$/.test(key)) return false
          setOwn(parent, key, 'x')
          return true
        },
        expectPrefix: pathName(p),
      })),
    fc.constantFrom(...paths).chain((p) =>
      fc.oneof(hostileString, fc.constantFrom(...PROTO_KEYS)).map((newKey) => ({
        label: 'key renamed',
        apply: (d: Record<string, unknown>) => {
          if (ITEM_IDS.has(newKey) || /^f\d+$/.test(newKey) || newKey === p[p.length - 1])
            return false
          const parent = getAt(d, p.slice(0, -1))
          if (!isRecord(parent) || Object.prototype.hasOwnProperty.call(parent, newKey))
            return false
          return renameAt(d, p, newKey)
        },
        // the parent names the unknown key, or the old name is reported missing
        expectPrefix: p.length === 1 ? null : `${pathName(p.slice(0, -1))}`,
      })),
    ),
    fc.constantFrom(...paths).map((p) => ({
      label: 'deep nesting',
      apply: (d: Record<string, unknown>) => setAt(d, p, DEEP_SENTINEL),
      // a deep list is never a valid value anywhere in the format
      expectPrefix: pathName(p),
    })),
    fc.tuple(fc.constantFrom(...paths), hostileJson).map(([p, v]) => ({
      label: 'value replaced',
      apply: (d: Record<string, unknown>) => setAt(d, p, v),
      expectPrefix: null,
    })),
    fc.constantFrom(...paths).map((p) => ({
      label: 'key deleted',
      apply: (d: Record<string, unknown>) => deleteAt(d, p),
      expectPrefix: null,
    })),
    fc
      .tuple(fc.constantFrom(...paths), fc.integer({ min: 50_000, max: 400_000 }))
      .map(([p, n]) => ({
        label: 'huge string',
        apply: (d: Record<string, unknown>) => setAt(d, p, '数'.repeat(n)),
        expectPrefix: null,
      })),
  ]
  return fc.oneof(...mutations)
}

const exampleArb = fc.constantFrom(...EXAMPLES)
const mutationsOf = new Map(EXAMPLES.map((e) => [e, mutationArb(e.doc)]))
const mutationsFor = (e: (typeof EXAMPLES)[number]): fc.Arbitrary<Mutation> => {
  const arb = mutationsOf.get(e)
  if (!arb) throw new Error(`no mutations for ${e.name}`)
  return arb
}
// the unfixed parser overflowed its stack from a depth of about 5000
const depthArb = fc.integer({ min: 1_000, max: 20_000 })

describe('parseAssessmentFile under hostile input', () => {
  it('the examples parse (the base of every mutation)', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(4)
    for (const e of EXAMPLES) expect(parseAssessmentFile(JSON.stringify(e.doc)).ok).toBe(true)
  })

  it('arbitrary strings: never throws, one line naming a field or "not JSON"', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
          hostileString,
          fc.constantFrom('', '\uFEFF', '\uFEFF{}', 'null', '[]', '"x"', '{', '{"a":1,}'),
        ),
        (s) => {
          counter.hit('arbitrary strings')
          const r = parse(s)
          expect(r.ok).toBe(false)
        },
      ),
      { numRuns: RUNS.strings },
    )
  })

  it('arbitrary JSON values: never throws, refuses with a field-naming line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.dictionary(fc.constantFrom(...TOP_FIELDS, ...PROTO_KEYS), hostileJson),
          fc.record({
            format: fc.constant('sme-dl-assessment/v1'),
            catalogue: fc.oneof(fc.constant('MIIT-2024'), hostileString),
            kind: fc.oneof(fc.constantFrom('diagnosis', 'acceptance', 'recheck'), hostileJson),
            enterprise: hostileJson,
            answers: fc.dictionary(
              fc.oneof(unknownIdArb, fc.constantFrom(...QUESTION_IDS)),
              hostileJson,
            ),
            scenes: fc.dictionary(fc.oneof(unknownIdArb, sceneIdArb), hostileJson),
          }),
        ),
        (v) => {
          counter.hit('arbitrary JSON values')
          parse(JSON.stringify(v))
        },
      ),
      { numRuns: RUNS.json },
    )
  })

  it('one mutation of a valid example: refused at the mutated field when it is invalid', () => {
    fc.assert(
      fc.property(
        exampleArb.chain((e) => fc.tuple(fc.constant(e), mutationsFor(e), depthArb)),
        ([e, m, depth]) => {
          const doc = structuredClone(e.doc)
          fc.pre(m.apply(doc))
          counter.hit(`one mutation: ${m.label}`)
          const r = parse(toText(doc, depth))
          if (m.expectPrefix !== null) {
            expect(r.ok, `${e.name} ${m.label}`).toBe(false)
            if (!r.ok) expect(namesPath(r.error, m.expectPrefix), r.error.slice(0, 200)).toBe(true)
          }
        },
      ),
      { numRuns: RUNS.single },
    )
  })

  it('several random mutations: never throws, ok results score within 0..100', () => {
    fc.assert(
      fc.property(
        exampleArb.chain((e) =>
          fc.tuple(fc.constant(e), fc.array(mutationsFor(e), { minLength: 2, maxLength: 5 })),
        ),
        depthArb,
        ([e, ms], depth) => {
          const doc = structuredClone(e.doc)
          for (const m of ms) m.apply(doc)
          counter.hit('several mutations')
          parse(toText(doc, depth))
        },
      ),
      { numRuns: RUNS.multi },
    )
  })

  it('random valid answers and scene levels are accepted and score within 0..100', () => {
    const answerArb = (q: (typeof CAT.questions)[number]) => {
      const keys = q.options.map((o) => o.key)
      if (q.type === 'single') return fc.constantFrom(...keys)
      const none = q.options.find((o) => o.exclusive)?.key
      const others = q.options.filter((o) => !o.exclusive).map((o) => o.key)
      const subset = fc.subarray(others, { minLength: 1 })
      return none ? fc.oneof(fc.constant([none]), subset) : subset
    }
    const answersArb = fc.record(
      Object.fromEntries(CAT.questions.map((q) => [q.id, answerArb(q)])) as Record<
        string,
        fc.Arbitrary<string | string[]>
      >,
      { requiredKeys: [] },
    )
    const scenesArb = fc.record(
      Object.fromEntries(SCENE_IDS.map((id) => [id, fc.integer({ min: 0, max: 4 })])),
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(exampleArb, answersArb, scenesArb, (e, answers, scenes) => {
        counter.hit('random valid files')
        const doc: Record<string, unknown> = { ...structuredClone(e.doc), answers, scenes }
        delete doc.fields
        delete doc.notes
        const r = parse(JSON.stringify(doc))
        expect(r.ok, r.ok ? '' : r.error).toBe(true)
      }),
      { numRuns: RUNS.valid },
    )
  })
})
