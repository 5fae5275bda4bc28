import type { Selectable } from 'kysely'

/** A formal report printed here (migration 0005); append-only. */
export interface ReportRegistryTable {
  number: string
  kind: 'diagnosis' | 'acceptance' | 'recheck'
  /** The report hash: SHA-256 of the PDF's report.json. */
  sha256: string
  assessmentId: string
  issuedOn: string
  /** Certificate subject of the signer; null when printed unsigned. */
  signer: string | null
  signedAt: string | null
  createdAt: string
  /**
   * An acceptance printed against a signed diagnosis bundle (migration 0013): that bundle's id,
   * the SHA-256 of its manifest.json and the diagnosis report number it carries; else null.
   */
  diagnosisBundleId: string | null
  diagnosisManifestSha256: string | null
  diagnosisReportNumber: string | null
}
export type ReportRegistryRow = Selectable<ReportRegistryTable>
