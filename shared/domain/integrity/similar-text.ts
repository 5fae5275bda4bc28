/**
 * Diagnosis text (per-item notes and the site-survey observations) near-identical across
 * enterprises, by character-trigram similarity. Similar pairs are grouped (connected components),
 * one signal per group.
 */
import { normalizeForSimilarity, similarPairs, trigrams } from '../similarity/trigram'
import { nameList, refOf } from './common'
import type { IntegrityThresholds } from './thresholds'
import type { IntegritySignal, SignalRecord } from './types'

/**
 * The text compared: notes in item order, then the observations, then the 诊断建议 findings and
 * plan text when the bundle carries one (what the laptop's homogeneity guard compared).
 */
export function findingsText(r: SignalRecord): string {
  const notes = Object.keys(r.notes)
    .sort()
    .map((k) => r.notes[k]!)
  return [...notes, r.survey?.observations ?? '', r.adviceText ?? '']
    .filter((s) => s.trim() !== '')
    .join('\n')
}

export function similarText(
  records: readonly SignalRecord[],
  t: IntegrityThresholds,
): IntegritySignal[] {
  const texts = records.map(findingsText)
  const sets = texts.map((s) =>
    Array.from(normalizeForSimilarity(s)).length >= t.similarText.minChars
      ? trigrams(s)
      : new Set<string>(),
  )
  const pairs = similarPairs(
    sets,
    t.similarText.minSimilarity,
    (a, b) => records[a]!.enterpriseKey === records[b]!.enterpriseKey,
  )
  const parent = records.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  for (const p of pairs) parent[find(p.a)] = find(p.b)
  const groups = new Map<number, { members: Set<number>; pairs: typeof pairs }>()
  for (const p of pairs) {
    const root = find(p.a)
    const g = groups.get(root) ?? { members: new Set<number>(), pairs: [] }
    g.members.add(p.a).add(p.b)
    g.pairs.push(p)
    groups.set(root, g)
  }
  const out: IntegritySignal[] = []
  for (const g of groups.values()) {
    const members = [...g.members].sort((a, b) =>
      records[a]!.bundleId < records[b]!.bundleId ? -1 : 1,
    )
    const max = Math.max(...g.pairs.map((p) => p.similarity))
    const names = members.map((i) => records[i]!.enterpriseName)
    out.push({
      type: 'similar-text',
      key: `similar-text:${members.map((i) => records[i]!.bundleId).join(',')}`,
      summary: `${nameList(names)}的诊断文字（条目说明、现场调研情况与诊断建议）高度雷同，三字组相似度最高 ${(max * 100).toFixed(0)}%（阈值 ${(t.similarText.minSimilarity * 100).toFixed(0)}%）。`,
      refs: members.map((i) => refOf(records[i]!)),
      facts: {
        pairs: g.pairs.map((p) => ({
          a: records[p.a]!.bundleId,
          b: records[p.b]!.bundleId,
          similarity: Math.round(p.similarity * 1000) / 1000,
        })),
        excerpt: Object.fromEntries(
          members.map((i) => [records[i]!.bundleId, texts[i]!.slice(0, 120)]),
        ),
        minSimilarity: t.similarText.minSimilarity,
        minChars: t.similarText.minChars,
      },
    })
  }
  return out
}
