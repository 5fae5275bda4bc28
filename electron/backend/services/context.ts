import type { Kysely } from 'kysely'
import type { Output } from '../../../shared/contract/api'
import type { EventName, EventPayload } from '../../../shared/contract/events'
import type { DB } from '../db/schema'
import type { IdGenerator } from '../db/ids'
import type { EvidenceStore } from '../evidence/evidence-store'

/** What every service gets: the database, the clock, ids, the actor, the evidence store, events. */
export interface ServiceContext {
  db: Kysely<DB>
  dataDir: string
  now: () => Date
  /** now() as ISO-8601 UTC */
  nowIso(): string
  /** Who writes (audit log): assessor name or OS user */
  actor: string
  newId: IdGenerator
  evidence: EvidenceStore
  evidenceMaxBytes: number
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  /** Encryption at rest + backup/restore (filled by createBackend). */
  storage: StorageContext
}

export interface StorageContext {
  encrypted: boolean
  /** 'os-keystore' | 'passphrase' | 'raw' | 'none' */
  keySource: string
  createBackup(path?: string): Promise<Output<'backup.create'>>
  restoreBackup(path: string): Promise<Output<'backup.restore'>>
}
