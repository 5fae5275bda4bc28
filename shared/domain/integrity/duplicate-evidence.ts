/** The same evidence file (by SHA-256) in the records of different enterprises. */
import { nameList, refOf, short } from './common'
import type { IntegrityThresholds } from './thresholds'
import type { IntegritySignal, SignalRecord } from './types'

export function duplicateEvidence(
  records: readonly SignalRecord[],
  t: IntegrityThresholds,
): IntegritySignal[] {
  const bySha = new Map<string, { record: SignalRecord; name: string; itemId: string | null }[]>()
  for (const r of records)
    for (const e of r.evidence) {
      if (e.size < t.duplicateEvidence.minBytes) continue
      const list = bySha.get(e.sha256) ?? []
      if (!list.some((x) => x.record.bundleId === r.bundleId))
        list.push({ record: r, name: e.name, itemId: e.itemId })
      bySha.set(e.sha256, list)
    }
  const out: IntegritySignal[] = []
  for (const [sha, list] of bySha) {
    const enterprises = new Set(list.map((x) => x.record.enterpriseKey))
    if (enterprises.size < 2) continue
    list.sort((a, b) => (a.record.bundleId < b.record.bundleId ? -1 : 1))
    out.push({
      type: 'duplicate-evidence',
      key: `duplicate-evidence:${sha}:${list.map((x) => x.record.bundleId).join(',')}`,
      summary: `同一佐证文件（SHA-256 ${short(sha)}，「${list[0]!.name}」）出现在 ${enterprises.size} 家企业的评测记录中：${nameList(list.map((x) => x.record.enterpriseName))}。`,
      refs: list.map((x) => refOf(x.record)),
      facts: {
        sha256: sha,
        uses: list.map((x) => ({
          bundleId: x.record.bundleId,
          enterprise: x.record.enterpriseName,
          name: x.name,
          itemId: x.itemId,
        })),
        minBytes: t.duplicateEvidence.minBytes,
      },
    })
  }
  return out
}
