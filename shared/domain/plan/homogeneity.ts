/**
 * Homogeneity guard (issue 13 item 7, the pure part): how alike two diagnoses read, as the
 * Jaccard similarity of their character-trigram sets, so that a diagnosis whose findings and plan
 * text is near-identical to another enterprise's can be flagged before it is completed.
 *
 * Texts are compared after NFKC normalisation and lower-casing, keeping only letters and digits
 * (any script): punctuation, spaces and line breaks do not make two copies look different.
 * The threshold is data (HOMOGENEITY_POLICY), not code.
 */

export interface HomogeneityPolicy {
  id: string
  /** Similarity at or above which two texts count as near-identical (0–1). */
  threshold: number
  /** Texts with fewer distinct trigrams are too short to judge and are never flagged. */
  minTrigrams: number
}

export const HOMOGENEITY_POLICY: HomogeneityPolicy = {
  id: 'trigram-jaccard-v1',
  threshold: 0.7,
  minTrigrams: 30,
}

/** Letters and digits only, NFKC, lower case; as code points (so 𠀀 counts once). */
export function similarityChars(text: string): string[] {
  return Array.from(text.normalize('NFKC').toLowerCase()).filter((ch) => /[\p{L}\p{N}]/u.test(ch))
}

/** The distinct character trigrams of a text (after normalisation). */
export function trigrams(text: string): Set<string> {
  const chars = similarityChars(text)
  const out = new Set<string>()
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!)
  return out
}

/** |A ∩ B| / |A ∪ B| of two trigram sets; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let common = 0
  for (const t of small) if (large.has(t)) common++
  return common / (a.size + b.size - common)
}

/** Character-trigram similarity of two texts, 0 (nothing shared) … 1 (same trigrams). */
export function trigramSimilarity(a: string, b: string): number {
  return jaccard(trigrams(a), trigrams(b))
}

export interface SimilarText {
  id: string
  similarity: number
}

/**
 * The other texts at or above the policy's threshold, most similar first (ties by id). Empty
 * when `text` is too short to judge.
 */
export function nearIdentical(
  text: string,
  others: readonly { id: string; text: string }[],
  policy: HomogeneityPolicy = HOMOGENEITY_POLICY,
): SimilarText[] {
  const mine = trigrams(text)
  if (mine.size < policy.minTrigrams) return []
  return others
    .map((o) => ({ id: o.id, similarity: jaccard(mine, trigrams(o.text)) }))
    .filter((s) => s.similarity >= policy.threshold)
    .sort((x, y) => y.similarity - x.similarity || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}

/**
 * The most similar of the others (ties by id), whatever the threshold; `judged: false` when
 * `text` is too short to judge, `best: null` when there are no others.
 */
export function mostSimilar(
  text: string,
  others: readonly { id: string; text: string }[],
  policy: HomogeneityPolicy = HOMOGENEITY_POLICY,
): { judged: false } | { judged: true; best: SimilarText | null } {
  const mine = trigrams(text)
  if (mine.size < policy.minTrigrams) return { judged: false }
  let best: SimilarText | null = null
  for (const o of others) {
    const similarity = jaccard(mine, trigrams(o.text))
    if (!best || similarity > best.similarity || (similarity === best.similarity && o.id < best.id))
      best = { id: o.id, similarity }
  }
  return { judged: true, best }
}
