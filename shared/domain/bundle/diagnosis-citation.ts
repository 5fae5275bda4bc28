/**
 * The chain rule of issue 11 item 1 at the receiving end: an acceptance bundle names, in
 * `manifest.diagnosis`, the signed diagnosis it compares against, and the receiver (the central
 * service) holds that diagnosis. The cited bundle must be that very bundle (same id and manifest
 * SHA-256), a diagnosis, of the same enterprise (USCC on both), assessed before the acceptance,
 * and — when a report number is cited — carry that diagnosis report. Pure: the caller looks the
 * held bundle up. Every problem is one line naming the manifest field.
 */
import type { DiagnosisCitation } from './types'

/** What the receiver knows of the bundle it holds under the cited manifest SHA-256. */
export interface HeldDiagnosis {
  bundleId: string
  /** the assessment kind of the held bundle */
  kind: string
  uscc: string | null
  assessedOn: string | null
  /** the diagnosis report numbers the held bundle carries (manifest.reports) */
  reportNumbers: readonly string[]
}

export interface CitingAcceptance {
  uscc: string | null
  assessedOn: string | null
}

const FIELD = 'manifest.json diagnosis'

/** The first problem with an acceptance's citation, or null when the chain holds. */
export function citationProblem(
  citation: DiagnosisCitation | undefined,
  acceptance: CitingAcceptance,
  held: HeldDiagnosis | undefined,
): string | null {
  if (!citation)
    return `${FIELD}: an acceptance must name the signed diagnosis it compares against (bundleId, manifestSha256, reportNumber); this bundle names none`
  const sha = citation.manifestSha256
  if (!held)
    return `${FIELD}.manifestSha256: no diagnosis bundle with manifest SHA-256 ${sha.slice(0, 16)}… is held here; push the diagnosis first`
  if (held.bundleId !== citation.bundleId)
    return `${FIELD}.bundleId: ${citation.bundleId} differs from the bundle held under that manifest SHA-256 (${held.bundleId})`
  if (held.kind !== 'diagnosis')
    return `${FIELD}.manifestSha256: the cited bundle ${held.bundleId} is of kind ${held.kind}, not a diagnosis`
  if (!acceptance.uscc || !held.uscc)
    return `${FIELD}: both the acceptance and the cited diagnosis must give the enterprise's USCC (enterprise.uscc) to show they are the same enterprise`
  if (held.uscc !== acceptance.uscc)
    return `${FIELD}.manifestSha256: the cited diagnosis is of another enterprise (USCC ${held.uscc}, this acceptance ${acceptance.uscc})`
  if (!held.assessedOn || !acceptance.assessedOn)
    return `${FIELD}: both the acceptance and the cited diagnosis must give their assessment date (assessedOn)`
  if (held.assessedOn >= acceptance.assessedOn)
    return `${FIELD}.manifestSha256: the cited diagnosis was assessed on ${held.assessedOn}, not before this acceptance (${acceptance.assessedOn})`
  if (citation.reportNumber !== null && !held.reportNumbers.includes(citation.reportNumber))
    return `${FIELD}.reportNumber: ${citation.reportNumber} is not a diagnosis report of the cited bundle`
  return null
}
