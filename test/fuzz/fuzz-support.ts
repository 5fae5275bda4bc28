/**
 * Shared bits of the hostile-input (fuzz) tests, issue 7 item 5: run counters that are printed
 * at the end of each file (the issue note quotes them), JSON-path mutation helpers that also
 * work for keys like `__proto__`, and hostile value generators.
 */
import fc from 'fast-check'
import { vi } from 'vitest'

/**
 * FUZZ_SCALE (default 1) multiplies every case count of the fuzz suites, for long runs
 * (e.g. FUZZ_SCALE=20 npx vitest run --project backend test/fuzz); the defaults are moderate so
 * that `npm run check` stays quick. The time limit of each test follows the count.
 * The seed is fixed (test/setup/fast-check-seed.ts; FC_SEED to change it).
 */
export const FUZZ_SCALE = (() => {
  const v = Number(process.env.FUZZ_SCALE ?? 1)
  if (!(v > 0))
    throw new Error(`FUZZ_SCALE must be a positive number, got ${process.env.FUZZ_SCALE}`)
  return v
})()

/** The counts scaled by FUZZ_SCALE; also raises this file's test time limit accordingly. */
export function scaledRuns<T extends Record<string, number>>(runs: T, baseTimeoutMs = 120_000): T {
  vi.setConfig({ testTimeout: Math.round(baseTimeoutMs * Math.max(1, FUZZ_SCALE)) })
  return Object.fromEntries(
    Object.entries(runs).map(([k, n]) => [k, Math.max(1, Math.round(n * FUZZ_SCALE))]),
  ) as T
}

/** Cases run per property, printed by `printCounts` (vitest shows it under `stdout`). */
export class FuzzCounter {
  private readonly counts = new Map<string, number>()
  constructor(readonly suite: string) {}
  hit(property: string): void {
    this.counts.set(property, (this.counts.get(property) ?? 0) + 1)
  }
  total(): number {
    let n = 0
    for (const v of this.counts.values()) n += v
    return n
  }
  entries(): [string, number][] {
    return [...this.counts.entries()]
  }
  print(): void {
    const lines = this.entries().map(([p, n]) => `  ${p}: ${n}`)
    console.log(`[fuzz] ${this.suite}: ${this.total()} cases\n${lines.join('\n')}`)
  }
}

export type JsonPath = readonly string[]

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Own-property set (works for `__proto__`, which `o[k] = v` would turn into a prototype change). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
}

export function getAt(doc: unknown, path: JsonPath): unknown {
  let cur: unknown = doc
  for (const k of path) {
    if (!isRecord(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined
    cur = cur[k]
  }
  return cur
}

/** Sets the value at `path` (creating objects on the way); returns false if not possible. */
export function setAt(doc: Record<string, unknown>, path: JsonPath, value: unknown): boolean {
  let cur: Record<string, unknown> = doc
  for (const k of path.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined
    if (next === undefined) {
      const fresh: Record<string, unknown> = {}
      setOwn(cur, k, fresh)
      cur = fresh
    } else if (isRecord(next)) cur = next
    else return false
  }
  const last = path[path.length - 1]
  if (last === undefined) return false
  // a copy: generated values are shared between runs (fc.constant({})) and must not alias
  setOwn(cur, last, value === undefined ? value : structuredClone(value))
  return true
}

export function deleteAt(doc: Record<string, unknown>, path: JsonPath): boolean {
  const parent = getAt(doc, path.slice(0, -1))
  const last = path[path.length - 1]
  if (!isRecord(parent) || last === undefined) return false
  return delete parent[last]
}

/** Renames a key, keeping its position in the object (what a hand-edited file looks like). */
export function renameAt(doc: Record<string, unknown>, path: JsonPath, newKey: string): boolean {
  const parent = getAt(doc, path.slice(0, -1))
  const last = path[path.length - 1]
  if (
    !isRecord(parent) ||
    last === undefined ||
    !Object.prototype.hasOwnProperty.call(parent, last)
  )
    return false
  const entries = Object.entries(parent)
  for (const k of Object.keys(parent)) delete parent[k]
  for (const [k, v] of entries) setOwn(parent, k === last ? newKey : k, v)
  return true
}

/** Every path to a value in a JSON document (objects only; arrays are leaves). */
export function allPaths(doc: unknown, prefix: JsonPath = []): JsonPath[] {
  if (!isRecord(doc)) return []
  const out: JsonPath[] = []
  for (const [k, v] of Object.entries(doc)) {
    const p = [...prefix, k]
    out.push(p, ...allPaths(v, p))
  }
  return out
}

/** `a.b.c`, or `file` for the root (as the parsers name paths). */
export function pathName(path: JsonPath): string {
  return path.join('.') || 'file'
}

/** Placeholder replaced in JSON text by a nested array too deep for JSON.stringify. */
export const DEEP_SENTINEL = '@@fuzz-deep-nesting@@'
export function deepNestingText(depth: number): string {
  return `${'['.repeat(depth)}0${']'.repeat(depth)}`
}
export function withDeepNesting(json: string, depth: number): string {
  return json.split(JSON.stringify(DEEP_SENTINEL)).join(deepNestingText(depth))
}

/** Keys that have hurt JavaScript parsers before. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']

/** Strings that hurt: control characters, separators, RTL marks, lone surrogates, long runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\n',
    'a\nb',
    '\r\n',
    '\u2028',
    '\u0000',
    '\u202e',
    '\ud800',
    '../../etc/passwd',
    'a/b\\c',
    '..',
    '%00',
    '${x}',
    '<script>',
    "'; DROP TABLE assessments; --",
    ...PROTO_KEYS,
  ),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
)

/** Any JSON value, biased towards the awkward ones. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 5, 2.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.constant([]),
  fc.constant({}),
)
