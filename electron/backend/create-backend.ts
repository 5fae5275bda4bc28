/**
 * The backend every transport shares (Electron IPC, the HTTP host, the CLI, tests):
 * opens <dataDir>/assessor.sqlite, runs migrations, builds the services.
 *
 *   const backend = await createBackend({ dataDir })
 *   const wire = await dispatch(backend, 'assessments.get', { id })
 *   const off = backend.on('assessment.saved', (p) => …)
 *   await backend.close()
 *
 * A migration failure rejects (message names the migration): the shell shows a fatal screen.
 * Electron-only features (key store, dialogs) will enter as adapters in `opts`.
 */
import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { ApiImpl } from '../../shared/contract/api'
import type { EventListener, EventName, EventPayload } from '../../shared/contract/events'
import { createIdGenerator, type IdGenerator } from './db/ids'
import { migrateToLatest } from './db/migrate'
import { openDatabase } from './db/open'
import type { DB } from './db/schema'
import { EvidenceStore } from './evidence/evidence-store'
import type { ServiceContext } from './services/context'
import { DEFAULT_EVIDENCE_MAX_BYTES } from './services/evidence.service'
import { createServices } from './services'

export interface BackendOptions {
  dataDir: string
  /** Clock (tests pass a fixed one). Default: real time. */
  now?: () => Date
  /** Who writes, for the audit log. Default: 'local'. */
  actor?: string
  /** Evidence size limit in bytes. Default 20 MiB. */
  evidenceMaxBytes?: number
  /** Id generator. Default: UUIDv7 layout on `now`. */
  newId?: IdGenerator
}

export interface Backend {
  /** Every contract method; call through `dispatch` from any transport. */
  services: ApiImpl
  dataDir: string
  /** <dataDir>/assessor.sqlite */
  dbFile: string
  /** For backend modules added later (reports, sync): share this connection. */
  db: Kysely<DB>
  ctx: ServiceContext
  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void
  /** Subscribe to every event (transports forward them). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void
  close(): Promise<void>
}

export const DB_FILE_NAME = 'assessor.sqlite'

export async function createBackend(opts: BackendOptions): Promise<Backend> {
  mkdirSync(opts.dataDir, { recursive: true })
  const dbFile = join(opts.dataDir, DB_FILE_NAME)
  const opened = openDatabase(dbFile)
  let schemaVersion = ''
  try {
    schemaVersion = (await migrateToLatest(opened.db)).current
  } catch (e) {
    await opened.close()
    throw e
  }
  const now = opts.now ?? (() => new Date())
  const bus = new EventEmitter()
  bus.setMaxListeners(100)
  const ctx: ServiceContext = {
    db: opened.db,
    dataDir: opts.dataDir,
    now,
    nowIso: () => now().toISOString(),
    actor: opts.actor ?? 'local',
    newId: opts.newId ?? createIdGenerator(now),
    evidence: new EvidenceStore(opts.dataDir),
    evidenceMaxBytes: opts.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      bus.emit(event, payload)
      bus.emit('*', event, payload)
    },
  }
  const services = createServices(ctx, { schemaVersion: () => schemaVersion })
  let closed = false
  return {
    services,
    dataDir: opts.dataDir,
    dbFile,
    db: opened.db,
    ctx,
    on(event, listener) {
      bus.on(event, listener as (p: unknown) => void)
      return () => void bus.off(event, listener as (p: unknown) => void)
    },
    onAny(listener) {
      bus.on('*', listener)
      return () => void bus.off('*', listener)
    },
    async close() {
      if (closed) return
      closed = true
      bus.removeAllListeners()
      await opened.close()
    },
  }
}
