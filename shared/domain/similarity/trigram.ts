/**
 * Character-trigram similarity of two texts (issue 16 §2: diagnosis findings and notes that are
 * near-identical across enterprises). Chinese has no word boundaries, so texts are compared as
 * sets of overlapping three-character sequences after normalising: Unicode NFKC (full-width →
 * half-width), lower case, and whitespace and punctuation removed. Similarity is the Jaccard index
 * |A ∩ B| / |A ∪ B| of the two trigram sets, 0 … 1 (1 = the same trigrams).
 */

/** NFKC, lower case, letters/digits/CJK only. */
export function normalizeForSimilarity(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

/**
 * The set of character trigrams of the normalised text. A text of one or two characters is one
 * gram (itself); an empty text has none.
 */
export function trigrams(text: string): Set<string> {
  const chars = Array.from(normalizeForSimilarity(text))
  const out = new Set<string>()
  if (chars.length === 0) return out
  if (chars.length < 3) {
    out.add(chars.join(''))
    return out
  }
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!)
  return out
}

/** Jaccard index of two gram sets; two empty sets are 0 (nothing to compare). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const g of small) if (large.has(g)) shared++
  return shared / (a.size + b.size - shared)
}

/** Trigram similarity of two texts, 0 … 1. */
export function trigramSimilarity(a: string, b: string): number {
  return jaccard(trigrams(a), trigrams(b))
}

export interface SimilarPair {
  /** indexes into the input list, a < b */
  a: number
  b: number
  similarity: number
}

/**
 * Every pair of texts whose trigram similarity is at least `threshold` (0 < threshold ≤ 1),
 * without comparing all pairs: prefix filtering (Chaudhuri et al. 2006). Grams are ordered by how
 * few texts hold them; two sets with Jaccard ≥ t must share a gram among the first
 * |A| − ⌈t·|A|⌉ + 1 of each, so only texts sharing such a prefix gram are compared exactly.
 * `skip(a, b)` leaves out pairs the caller does not want (e.g. the same enterprise).
 */
export function similarPairs(
  sets: readonly ReadonlySet<string>[],
  threshold: number,
  skip: (a: number, b: number) => boolean = () => false,
): SimilarPair[] {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError('threshold: must be in (0, 1]')
  const df = new Map<string, number>()
  for (const s of sets) for (const g of s) df.set(g, (df.get(g) ?? 0) + 1)
  const order = (x: string, y: string): number =>
    df.get(x)! - df.get(y)! || (x < y ? -1 : x > y ? 1 : 0)
  const index = new Map<string, number[]>()
  const out: SimilarPair[] = []
  sets.forEach((s, i) => {
    if (s.size === 0) return
    const sorted = [...s].sort(order)
    const prefix = sorted.slice(0, sorted.length - Math.ceil(threshold * sorted.length) + 1)
    const candidates = new Set<number>()
    for (const g of prefix) {
      const list = index.get(g)
      if (list) for (const j of list) candidates.add(j)
    }
    for (const j of candidates) {
      if (skip(j, i)) continue
      const sim = jaccard(sets[j]!, s)
      if (sim >= threshold) out.push({ a: j, b: i, similarity: sim })
    }
    for (const g of prefix) {
      const list = index.get(g)
      if (list) list.push(i)
      else index.set(g, [i])
    }
  })
  return out.sort((x, y) => x.a - y.a || x.b - y.b)
}
