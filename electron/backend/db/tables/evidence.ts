import type { Insertable, Selectable, Updateable } from 'kysely'

export interface EvidenceTable {
  id: string
  assessmentId: string
  /** Qxx, SCxx or 'survey' */
  itemId: string
  sha256: string
  size: number
  mimeType: string
  /** Display only; never part of a path */
  originalName: string
  createdAt: string
}
export type EvidenceRow = Selectable<EvidenceTable>
export type NewEvidenceRow = Insertable<EvidenceTable>
export type EvidenceRowUpdate = Updateable<EvidenceTable>
