import type { Selectable } from 'kysely'
import type { OutboxState } from '../../../../shared/domain/bundle/outbox'

/** One signed bundle to deliver to the central service (migration 0005). */
export interface SyncOutboxTable {
  bundleId: string
  recordId: string
  version: number
  manifestSha256: string
  state: OutboxState
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  receiptJson: string | null
  createdAt: number
  updatedAt: number
}
export type SyncOutboxRow = Selectable<SyncOutboxTable>

/** A signed bundle this device holds, made here or imported from a file (migration 0005). */
export interface SyncBundleTable {
  bundleId: string
  recordId: string
  version: number
  assessmentId: string | null
  source: 'local' | 'import'
  enterpriseName: string
  kind: string
  level: number
  evidenceCount: number
  manifestSha256: string
  keyId: string
  createdAt: string
}
