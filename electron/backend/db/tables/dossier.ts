import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { ChecklistState, LedgerCategory } from '../../../../shared/domain/dossier'

/** A file of an enterprise's dossier; the bytes live in the evidence store by SHA-256. */
export interface DossierFileTable {
  id: string
  enterpriseId: string
  sha256: string
  size: number
  mimeType: string
  /** Display only; never part of a path */
  originalName: string
  createdAt: string
}

/** One checklist entry (一企一档 材料清单). */
export interface DossierItemTable {
  enterpriseId: string
  templateId: string
  templateVersion: string
  itemId: string
  state: ChecklistState
  reason: Generated<string>
  /** JSON array of dossier_files ids */
  fileIds: Generated<string>
  updatedAt: string
}

/** One invoice of the investment ledger (投入清单). */
export interface LedgerRowTable {
  id: string
  enterpriseId: string
  invoiceNo: string
  /** invoiceKey(invoiceNo): unique per enterprise */
  invoiceKey: string
  date: string
  supplier: string
  amountFen: number
  category: LedgerCategory
  invoiceFileId: string | null
  paymentFileId: string | null
  note: Generated<string>
  createdAt: string
  updatedAt: string
}

export type DossierFileRow = Selectable<DossierFileTable>
export type DossierItemRow = Selectable<DossierItemTable>
export type LedgerRowRecord = Selectable<LedgerRowTable>
export type NewLedgerRow = Insertable<LedgerRowTable>
export type LedgerRowUpdate = Updateable<LedgerRowTable>
