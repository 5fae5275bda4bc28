/**
 * Homogeneity guard (issue 13 item 7, the pure part): how alike two diagnoses read, as the
 * Jaccard similarity of their character-trigram sets, so that a diagnosis whose findings and plan
 * text is near-identical to another enterprise's can be flagged before it is completed.
 *
 * The similarity itself is the one function the central service's integrity signals use
 * (shared/domain/similarity/trigram.ts: NFKC, lower case, letters and digits only, trigram
 * Jaccard), so the laptop's warning and the city's recomputation measure the same thing. The
 * threshold is data (HOMOGENEITY_POLICY), not code.
 */
import { jaccard, trigrams } from '../similarity/trigram'

export { jaccard, normalizeForSimilarity, trigramSimilarity, trigrams } from '../similarity/trigram'

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
