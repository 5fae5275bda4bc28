/**
 * The text of a diagnosis the homogeneity guard compares (issue 13 item 7): the assessor's
 * findings per scene and the accepted plan's measures (titles and texts as edited) and products.
 * Catalogue texts and item names are left out: two enterprises at the same level share those
 * by nature; what should differ is what the assessor saw and proposes. Pure.
 */
import { mostSimilar, type HomogeneityPolicy } from '../plan/homogeneity'
import type { DiagnosisAdvice } from './types'

export function adviceText(advice: DiagnosisAdvice): string {
  const lines: string[] = []
  const findings = [...advice.findings].sort((a, b) => (a.sceneId < b.sceneId ? -1 : 1))
  for (const f of findings)
    for (const t of [f.statusQuo, f.painPoints, f.needs]) if (t.trim()) lines.push(t.trim())
  for (const s of advice.plan?.steps ?? []) {
    for (const m of s.measures) lines.push(m.title, m.text)
    for (const p of s.products) if (p.source === 'own') lines.push(p.name)
  }
  return lines.filter((l) => l.trim()).join('\n')
}

/** Has the assessor recorded anything (findings or a plan)? */
export function hasAdvice(advice: DiagnosisAdvice): boolean {
  return (
    advice.plan !== null ||
    advice.findings.some((f) => f.statusQuo.trim() || f.painPoints.trim() || f.needs.trim())
  )
}

/**
 * What travels in a signed bundle for the central service (manifest.homogeneity): the highest
 * similarity of this diagnosis to another enterprise's on this device and that record's id.
 */
export interface HomogeneityRecord {
  policy: string
  threshold: number
  /** Max over the others, rounded to 3 decimals (0 when there is none or the text is too short). */
  similarity: number
  /** The record (first version's assessment id = bundle recordId) of that other diagnosis. */
  otherRecordId: string | null
  /** How many other enterprises' diagnoses were compared. */
  compared: number
  /** The text was long enough to judge (policy.minTrigrams). */
  judged: boolean
}

export function homogeneityRecord(
  text: string,
  others: readonly { id: string; text: string }[],
  policy: HomogeneityPolicy,
): HomogeneityRecord {
  const r = mostSimilar(text, others, policy)
  const best = r.judged ? r.best : null
  return {
    policy: policy.id,
    threshold: policy.threshold,
    similarity: best ? Math.round(best.similarity * 1000) / 1000 : 0,
    otherRecordId: best && best.similarity > 0 ? best.id : null,
    compared: others.length,
    judged: r.judged,
  }
}
