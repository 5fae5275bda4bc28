/**
 * A measures library given as data (built in, published by the city's central service, or read
 * from a file): its shape, its checks against the catalogue it names, and its content hash.
 * Every problem names the field, e.g. `entries.17.costYuan.max: must not be below min`.
 */
import { z } from 'zod'
import { canonicalJson } from '../canonical-json'
import { sha256Hex } from '../hash'
import type { Catalogue, CatalogueQuestion, PinnedCatalogue } from '../catalogue/types'
import type { MeasureEntry, MeasuresLibrary, PinnedMeasures } from './types'

/** Ids a city may give its library: ASCII, no spaces or path separators, at most 64 chars. */
export const MEASURES_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Effort weights are whole numbers 1–1000. */
export const MAX_EFFORT = 1000
/** No single measure is indicated above 100 million 元. */
const MAX_COST_YUAN = 100_000_000

const line = z.string().trim().min(1, 'must not be empty').max(500)
const range = (max: number) =>
  z
    .strictObject({ min: z.number().int().min(0).max(max), max: z.number().int().min(0).max(max) })
    .refine((r) => r.min <= r.max, { message: 'max must not be below min', path: ['max'] })

const entryShape = z.strictObject({
  item: z.string().regex(/^[A-Z]{1,3}\d{2}$/, 'an item id such as Q04 or SC06'),
  option: z.string().min(1).max(4).optional(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  title: line,
  actions: z.array(line).min(1).max(12),
  systems: z.array(line).max(12),
  data: z.array(line).min(1).max(12),
  costYuan: range(MAX_COST_YUAN),
  weeks: range(520),
  effort: z.number().int().min(1).max(MAX_EFFORT),
})

export const measuresLibraryShape = z.strictObject({
  id: z.string().regex(MEASURES_ID, 'letters, digits, . _ - only, at most 64'),
  catalogueId: z.string().min(1),
  title: z.string().trim().min(1).max(200),
  version: z.string().trim().min(1).max(40),
  indicative: z.literal(true),
  note: z.string().trim().min(1).max(2000),
  entries: z.array(entryShape).max(2000),
})

export type MeasuresCheck =
  | { ok: true; library: MeasuresLibrary; hash: string }
  | { ok: false; field: string; message: string }

/** hex SHA-256 of the RFC 8785 canonical JSON of the library. */
export function measuresHash(l: MeasuresLibrary): string {
  return sha256Hex(canonicalJson(l))
}

export function pinMeasures(l: MeasuresLibrary): PinnedMeasures {
  return { library: l, hash: measuresHash(l) }
}

/**
 * The options of a question that a library must cover: single choice every option after the
 * first (each entry is the step from the one below), multi choice every option but 「无」.
 */
export function plannableOptions(q: CatalogueQuestion): string[] {
  return q.type === 'single'
    ? q.options.slice(1).map((o) => o.key)
    : q.options.filter((o) => !o.exclusive).map((o) => o.key)
}

/** Key of an entry in a library index: 'Q04:C' or 'SC06@3'. */
export function entryKey(item: string, optionOrLevel: string | number): string {
  return typeof optionOrLevel === 'number' ? `${item}@${optionOrLevel}` : `${item}:${optionOrLevel}`
}

/** Every entry the catalogue asks for, in catalogue order. */
export function requiredEntryKeys(c: Catalogue): string[] {
  return [
    ...c.questions.flatMap((q) => plannableOptions(q).map((o) => entryKey(q.id, o))),
    ...c.scenes.flatMap((s) => [1, 2, 3, 4].map((l) => entryKey(s.id, l))),
  ]
}

/**
 * Checks a library from outside: shape (unknown keys refused), a catalogue this build knows,
 * exactly one entry for every option above the lowest and every scene level step, nothing else.
 */
export function checkMeasuresLibrary(
  raw: unknown,
  catalogueOf: (id: string) => PinnedCatalogue | undefined,
): MeasuresCheck {
  const bad = (field: string, message: string): MeasuresCheck => ({ ok: false, field, message })
  const r = measuresLibraryShape.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]
    const path = i?.path.map(String).join('.') ?? ''
    if (i?.code === 'unrecognized_keys') {
      const key = i.keys[0] ?? ''
      return bad(path ? `${path}.${key}` : key, 'unknown field')
    }
    return bad(path || 'library', i?.message ?? 'invalid')
  }
  const l = r.data
  const pinned = catalogueOf(l.catalogueId)
  if (!pinned) return bad('catalogueId', `unknown catalogue '${l.catalogueId}'`)
  const c = pinned.catalogue
  const questions = new Map(c.questions.map((q) => [q.id, q]))
  const sceneIds = new Set(c.scenes.map((s) => s.id))
  const seen = new Set<string>()
  for (const [i, e] of l.entries.entries()) {
    const f = `entries.${i}`
    let key: string
    const q = questions.get(e.item)
    if (q) {
      if (e.level !== undefined) return bad(`${f}.level`, `${e.item} is a question: give option`)
      if (e.option === undefined) return bad(`${f}.option`, `required for question ${e.item}`)
      if (!plannableOptions(q).includes(e.option))
        return bad(
          `${f}.option`,
          `'${e.option}' is not an option of ${e.item} above the lowest (${plannableOptions(q).join(', ')})`,
        )
      key = entryKey(e.item, e.option)
    } else if (sceneIds.has(e.item)) {
      if (e.option !== undefined) return bad(`${f}.option`, `${e.item} is a scene: give level`)
      if (e.level === undefined) return bad(`${f}.level`, `required for scene ${e.item}`)
      key = entryKey(e.item, e.level)
    } else return bad(`${f}.item`, `'${e.item}' is not a question or scene of ${c.id}`)
    if (seen.has(key)) return bad(f, `${key} is given twice`)
    seen.add(key)
  }
  const missing = requiredEntryKeys(c).filter((k) => !seen.has(k))
  if (missing.length)
    return bad(
      'entries',
      `missing ${missing.length} entr${missing.length > 1 ? 'ies' : 'y'}: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ' …' : ''}`,
    )
  const library: MeasuresLibrary = {
    id: l.id,
    catalogueId: l.catalogueId,
    title: l.title,
    version: l.version,
    indicative: true,
    note: l.note,
    entries: l.entries.map((e) => copyEntry(e)),
  }
  return { ok: true, library, hash: measuresHash(library) }
}

function copyEntry(e: MeasureEntry): MeasureEntry {
  return {
    ...e,
    actions: [...e.actions],
    systems: [...e.systems],
    data: [...e.data],
    costYuan: { ...e.costYuan },
    weeks: { ...e.weeks },
  }
}
