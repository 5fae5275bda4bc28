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
 *
 * Encryption at rest (issue 7): `key` is a KeyProvider (Electron: electron/main/key-store.ts,
 * OS key store; browser mode/CLI: passphraseFromEnv / passphraseKeyProvider). The database is
 * SQLCipher 4 (see db/open.ts), evidence files AES-256-GCM (evidence-store.ts), backups too.
 * A plain database found at start is encrypted in place (storage/encrypt-db.ts). A wrong key
 * rejects with WRONG_KEY and changes no file. `key: 'unencrypted'` is the explicit plain mode
 * for tests that need raw access; omitting `key` means the same (app.info shows encrypted:false)
 * until every shell passes a provider.
 * A full disk / read-only data directory rejects with DISK_FULL / READ_ONLY_STORAGE.
 * At start, stored evidence files no row names and older than an hour are removed and logged
 * (evidence/unnamed-sweep.ts).
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { ApiImpl } from '../../shared/contract/api'
import type { EventListener, EventName, EventPayload } from '../../shared/contract/events'
import type { ReferenceRegistry } from '../../shared/domain/reference'
import type { ScryptCost } from './crypto/keys'
import type { SecretSealer } from './crypto/secret-sealer'
import { createIdGenerator, type IdGenerator } from './db/ids'
import { migrateToLatest } from './db/migrate'
import { openDatabase } from './db/open'
import {
  autoBackup,
  createBackupFile,
  recoverInterruptedRestore,
  restoreBackupFile,
  type BackupDeps,
} from './storage/backup'
import { acquireDataDirLock, type DataDirLock } from './storage/data-dir-lock'
import { encryptPlainDatabase, removeStaleEncryptionTemps } from './storage/encrypt-db'
import { makePrivate, makePrivateDir } from './storage/private-files'
import type { FetchLike } from '../../shared/domain/bundle/client'
import { evidenceKey, type KeyProvider } from './storage/key-provider'
import { probeWritable, toStorageError } from './storage/storage-errors'
import type { DB } from './db/schema'
import { EvidenceStore } from './evidence/evidence-store'
import { sweepUnnamedFiles, UNNAMED_FILE_GRACE_MS } from './evidence/unnamed-sweep'
import type { ServiceContext } from './services/context'
import { DEFAULT_EVIDENCE_MAX_BYTES } from './services/evidence.service'
import { createServices } from './services'
import { loadRegistry } from './sync/reference-store'

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
  /** Where the database key comes from; 'unencrypted' (or omitted) = plain files, tests only. */
  key?: KeyProvider | 'unencrypted'
  /** Automatic backups into <dataDir>/backups at start and when an assessment is completed
   * (newest `keep` kept, default 5). Default on; tests turn it off. */
  autoBackup?: boolean | { keep: number }
  /** The OS key store that protects the assessor's signing key (Electron: safeStorage, see
   * electron/main/key-store.ts). Absent: the key is protected by a passphrase. */
  keySealer?: SecretSealer
  /** scrypt's cost for a new passphrase-protected signing key (ServiceContext.deviceKeyScrypt). */
  deviceKeyScrypt?: ScryptCost
  /** Where failures of automatic backups and the start-up sweep's removals are reported
   * (default console.error; `error` is undefined for a plain note). */
  log?: (message: string, error: unknown) => void
  /**
   * One process per data directory (storage/data-dir-lock.ts): taken before anything is read,
   * released by close(). `command` is what a second process is told holds it (default: this
   * process's command line). `false` only for tests that open a directory twice on purpose.
   */
  lock?: false | { command?: string }
  /** HTTP for sync (Electron: net.fetch — system proxy, OS certificates; default Node's fetch). */
  fetch?: FetchLike
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
  /** Resolves when the automatic backups queued so far are written (tests, shutdown). */
  idle(): Promise<void>
  close(): Promise<void>
}

export const DB_FILE_NAME = 'assessor.sqlite'

export async function createBackend(opts: BackendOptions): Promise<Backend> {
  const dataDir = opts.dataDir
  const dbFile = join(dataDir, DB_FILE_NAME)
  const provider = opts.key === 'unencrypted' ? undefined : opts.key
  let key: Uint8Array | undefined
  const storageFailure = (e: unknown) =>
    toStorageError(e, dataDir) ??
    ((e as { code?: string }).code === 'SQLITE_CANTOPEN' ? probeWritable(dataDir) : null) ??
    e
  let lock: DataDirLock | undefined
  try {
    makePrivateDir(dataDir)
    if (opts.lock !== false) lock = acquireDataDirLock(dataDir, opts.lock ?? {})
  } catch (e) {
    throw storageFailure(e)
  }
  const failStart = (e: unknown): never => {
    lock?.release()
    throw storageFailure(e)
  }
  try {
    recoverInterruptedRestore(dataDir, dbFile)
    key = provider ? await provider.getKey(dataDir) : undefined
    if (key) await encryptPlainDatabase(dbFile, key)
    else removeStaleEncryptionTemps(dbFile)
  } catch (e) {
    return failStart(e)
  }
  let opened: ReturnType<typeof openDatabase>
  try {
    opened = openDatabase(dbFile, key ? { key } : {})
  } catch (e) {
    return failStart(e)
  }
  let schemaVersion = ''
  const evidence = new EvidenceStore(dataDir, key ? evidenceKey(key) : undefined)
  const now = opts.now ?? (() => new Date())
  const log =
    opts.log ??
    ((m: string, e: unknown) => (e === undefined ? console.error(m) : console.error(m, e)))
  try {
    makePrivate(dbFile)
    schemaVersion = (await migrateToLatest(opened.db)).current
    await evidence.encryptPlainFiles()
  } catch (e) {
    await opened.close()
    return failStart(e)
  }
  // Stored files no row names (a crash between a file and its commit, removed evidence), older
  // than the grace period: removed and counted. A failure here is logged, never stops the start.
  try {
    // file times come from the OS clock, so the real one here, not `now` (tests fix that)
    const swept = await sweepUnnamedFiles(opened.db, evidence, { now: new Date() })
    if (swept.removed.length > 0 || swept.temps > 0)
      log(
        `[evidence] start-up sweep: removed ${swept.removed.length} stored file(s) no row names and ${swept.temps} stale temp file(s), older than ${UNNAMED_FILE_GRACE_MS / 3_600_000} h; kept ${swept.kept} younger unnamed file(s)`,
        undefined,
      )
  } catch (e) {
    log('[evidence] start-up sweep failed:', e)
  }
  let registry: ReferenceRegistry
  try {
    registry = await loadRegistry(opened.db, log)
  } catch (e) {
    await opened.close()
    return failStart(e)
  }
  const reloadRegistry = async () => (registry = await loadRegistry(opened.db, log))
  const bus = new EventEmitter()
  bus.setMaxListeners(100)
  const backupDeps: BackupDeps = {
    dataDir,
    dbFile,
    opened,
    db: opened.db,
    key,
    keySource: provider?.kind ?? 'none',
    evidence,
    now,
    schemaVersion: () => schemaVersion,
    migrate: async () => (schemaVersion = (await migrateToLatest(opened.db)).current),
  }
  // Backups and restores run one at a time, in order.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }
  const keep =
    opts.autoBackup === false
      ? 0
      : typeof opts.autoBackup === 'object'
        ? opts.autoBackup.keep
        : undefined
  const scheduleAuto = (reason: string) => {
    if (keep === 0) return
    void serial(() => autoBackup(backupDeps, reason, keep)).catch((e: unknown) =>
      log(`[backup] automatic backup (${reason}) failed:`, e),
    )
  }
  const ctx: ServiceContext = {
    db: opened.db,
    dataDir,
    now,
    nowIso: () => now().toISOString(),
    actor: opts.actor ?? 'local',
    newId: opts.newId ?? createIdGenerator(now),
    evidence,
    evidenceMaxBytes: opts.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES,
    ...(opts.keySealer ? { keySealer: opts.keySealer } : {}),
    ...(opts.deviceKeyScrypt ? { deviceKeyScrypt: opts.deviceKeyScrypt } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      bus.emit(event, payload)
      bus.emit('*', event, payload)
      if (
        event === 'assessment.statusChanged' &&
        (payload as { status?: string }).status === 'completed'
      )
        scheduleAuto('completed')
    },
    registry: () => registry,
    reloadRegistry,
    storage: {
      encrypted: key !== undefined,
      keySource: provider?.kind ?? 'none',
      createBackup: (path) => serial(() => createBackupFile(backupDeps, path)),
      restoreBackup: (path) =>
        serial(async () => {
          const r = await restoreBackupFile(backupDeps, path)
          await reloadRegistry()
          return r
        }),
    },
  }
  const services = createServices(ctx, { schemaVersion: () => schemaVersion })
  scheduleAuto('start')
  let closed = false
  return {
    services,
    dataDir,
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
    idle: () => serial(async () => undefined),
    async close() {
      if (closed) return
      closed = true
      bus.removeAllListeners()
      await serial(async () => undefined)
      try {
        await opened.close()
      } finally {
        lock?.release()
      }
    },
  }
}
