import type { Kysely } from 'kysely'
import type { Output } from '../../../shared/contract/api'
import type { EventName, EventPayload } from '../../../shared/contract/events'
import type { DB } from '../db/schema'
import type { IdGenerator } from '../db/ids'
import type { ScryptCost } from '../crypto/keys'
import type { SecretSealer } from '../crypto/secret-sealer'
import type { EvidenceStore } from '../evidence/evidence-store'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import type { FetchLike } from '../../../shared/domain/bundle/client'

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
  /**
   * Catalogues and rule profiles known here: the built-ins plus the rule profiles pulled from
   * the central service or imported from a file (issue 5). Every catalogue / rule-profile lookup
   * for an assessment goes through it.
   */
  registry(): ReferenceRegistry
  /** Re-reads the stored rule profiles (after a pull, an import, a restore). */
  reloadRegistry(): Promise<ReferenceRegistry>
  /** The OS key store for the signing key (Electron); absent in browser mode and the CLI. */
  keySealer?: SecretSealer
  /**
   * scrypt's cost for a passphrase-protected signing key made or re-protected here (absent: the
   * key file's default, N=2^15 — crypto/keys.ts). Only tests lower it (tempBackend), so their
   * hundred-odd keys do not each spend 0.2 s in scrypt; a key file records its own cost.
   */
  deviceKeyScrypt?: ScryptCost
  /** HTTP for sync: Electron's net.fetch in the desktop app, Node's fetch elsewhere. */
  fetch?: FetchLike
}

export interface StorageContext {
  encrypted: boolean
  /** 'os-keystore' | 'passphrase' | 'raw' | 'none' */
  keySource: string
  createBackup(path?: string): Promise<Output<'backup.create'>>
  restoreBackup(path: string): Promise<Output<'backup.restore'>>
}
