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
 * without comparing all pairs: the AllPairs join (Bayardo et al. 2007, with the prefix filter of
 * Chaudhuri et al. 2006). Grams are ordered by how few texts hold them; sets are visited from the
 * smallest. Two sets with Jaccard ≥ t must share a gram among the first |A| − ⌈t·|A|⌉ + 1 of the
 * probing set and the first |B| − ⌈2t/(1+t)·|B|⌉ + 1 of the indexed one, and |B| ≥ t·|A|; only
 * such pairs are compared exactly, so the result equals an all-pairs comparison.
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
  const byId = sets
    .map((s, i) => ({ i, size: s.size }))
    .filter((x) => x.size > 0)
    .sort((a, b) => a.size - b.size || a.i - b.i)
  const index = new Map<string, { list: number[]; from: number }>()
  const out: SimilarPair[] = []
  const indexShare = (2 * threshold) / (1 + threshold)
  for (const { i, size } of byId) {
    const sorted = [...sets[i]!].sort(order)
    const probe = size - Math.ceil(threshold * size - 1e-9) + 1
    const minSize = threshold * size - 1e-9
    const candidates = new Set<number>()
    for (let k = 0; k < probe; k++) {
      const entry = index.get(sorted[k]!)
      if (!entry) continue
      // sets were indexed from the smallest: drop those now too small for any later set
      while (entry.from < entry.list.length && sets[entry.list[entry.from]!]!.size < minSize)
        entry.from++
      for (let m = entry.from; m < entry.list.length; m++) candidates.add(entry.list[m]!)
    }
    for (const j of candidates) {
      const [a, b] = j < i ? [j, i] : [i, j]
      if (skip(a, b)) continue
      const sim = jaccard(sets[a]!, sets[b]!)
      if (sim >= threshold) out.push({ a, b, similarity: sim })
    }
    const indexed = size - Math.ceil(indexShare * size - 1e-9) + 1
    for (let k = 0; k < indexed; k++) {
      const entry = index.get(sorted[k]!)
      if (entry) entry.list.push(i)
      else index.set(sorted[k]!, { list: [i], from: 0 })
    }
  }
  return out.sort((x, y) => x.a - y.a || x.b - y.b)
}
