/**
 * Checks one answer against its question. Returns null when the answer is valid, otherwise one
 * line naming the question and the problem (the exchange-format parser prefixes `answers.`).
 */
import type { CatalogueQuestion } from '../catalogue/types'

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value
}

const keysCache = new WeakMap<CatalogueQuestion, string[]>()
function optionKeys(q: CatalogueQuestion): string[] {
  let keys = keysCache.get(q)
  if (!keys) {
    keys = q.options.map((o) => o.key)
    keysCache.set(q, keys)
  }
  return keys
}

export function validateAnswer(question: CatalogueQuestion, value: unknown): string | null {
  const id = question.id
  const known = optionKeys(question)
  const knownText = (): string => known.join(', ')
  if (question.type === 'single') {
    if (Array.isArray(value))
      return `${id}: a single-choice question takes one option key, not a list`
    if (typeof value !== 'string')
      return `${id}: a single-choice answer is one option key (${knownText()}), got ${describe(value)}`
    if (!known.includes(value))
      return `${id}: unknown option key '${value}' (known: ${knownText()})`
    return null
  }
  if (!Array.isArray(value))
    return typeof value === 'string'
      ? `${id}: a multi-choice question takes a list of option keys, e.g. ["${value}"]`
      : `${id}: a multi-choice answer is a list of option keys (${knownText()}), got ${describe(value)}`
  if (value.length === 0)
    return `${id}: empty list; select at least one option (「无」 if none applies)`
  const seen = new Set<string>()
  for (const k of value) {
    if (typeof k !== 'string') return `${id}: option keys are strings, got ${describe(k)}`
    if (!known.includes(k)) return `${id}: unknown option key '${k}' (known: ${knownText()})`
    if (seen.has(k)) return `${id}: option '${k}' is selected twice`
    seen.add(k)
  }
  const exclusive = question.options.find((o) => o.exclusive && seen.has(o.key))
  if (exclusive && value.length > 1)
    return `${id}: 「${exclusive.text}」(${exclusive.key}) cannot be combined with other options`
  return null
}
