import type { Selectable } from 'kysely'

/** Expert panels of acceptance reviews and recheck bases (migration 0006). */

export interface PanelReviewTable {
  id: string
  enterpriseId: string
  leadJson: string
  expertsJson: string
  createdAt: string
  signedBundleId: string | null
  signedManifestSha256: string | null
  recordJson: string | null
}

/** One verified expert bundle of a panel, kept verbatim. */
export interface PanelScoringTable {
  panelId: string
  expertKeyId: string
  bundleId: string
  manifestSha256: string
  fileName: string
  bundle: Uint8Array
  importedAt: string
}

/** The lead's recorded decision on a divergent item. */
export type PanelScoringRow = Selectable<PanelScoringTable>

export interface PanelDecisionTable {
  panelId: string
  itemId: string
  valueJson: string
  reason: string
  decidedAt: string
}

/** The signed original a recheck assessment was imported from, kept verbatim. */
export interface RecheckBaseTable {
  recheckAssessmentId: string
  bundleId: string
  manifestSha256: string
  signerKeyId: string
  bundle: Uint8Array
  importedAt: string
}
