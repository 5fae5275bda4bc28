import type { Selectable } from 'kysely'

/** One change of an enterprise's USCC, name or batch (migration 0011); append-only. */
export interface IdentityChangeTable {
  id: string
  enterpriseId: string
  field: 'uscc' | 'name' | 'batch'
  /** The value before / after, as text (batch '1'…'3'; null = 未分配). */
  oldValue: string | null
  newValue: string | null
  reason: string
  changedAt: string
  changedBy: string
}
export type IdentityChangeRow = Selectable<IdentityChangeTable>
