/**
 * Opens the local SQLite database (better-sqlite3-multiple-ciphers 12 — the better-sqlite3 API
 * with SQLite3 Multiple Ciphers — + kysely 0.28).
 *
 * Encryption at rest: with a `key` the file is SQLCipher 4 compatible (cipher='sqlcipher',
 * legacy=4, raw 32-byte key `x'…'`), so any SQLCipher 4 tool opens it with
 * `PRAGMA key = "x'<64 hex digits>'"`. A wrong key is only noticed at the first read
 * (SQLITE_NOTADB): `openDatabase` reads the schema right away and throws WRONG_KEY, before
 * anything is written (journal_mode is set only after the key has been checked).
 * Without a key (explicit 'unencrypted' mode, tests needing raw access) the file is plain SQLite.
 *
 * Pragmas:
 *  - journal_mode=WAL: readers never block the writer, crash-safe.
 *  - synchronous=FULL: in WAL mode NORMAL is corruption-safe but a power loss can roll back the
 *    last committed transactions. An answer is acknowledged to the assessor only after commit
 *    ("no answer may ever be lost"), so each commit must be on disk: FULL fsyncs the WAL at every
 *    commit. Cost per commit is one fsync (see test/bench/db.bench.ts), well within one keystroke.
 *  - foreign_keys=ON (off by default in SQLite), busy_timeout=5000 for a second process (CLI).
 *
 * The Kysely instance talks to the handle through a small proxy, so `swapHandle` (restore from a
 * backup) can replace the file under a live Kysely without the services noticing.
 */
import Database from 'better-sqlite3-multiple-ciphers'
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely'
import { cachingSqliteDatabase } from '../../../node/sqlite-statement-cache'
import { AppException } from '../../../shared/contract/errors'
import type { DB } from './schema'

export type SqliteHandle = Database.Database

export interface OpenedDatabase {
  db: Kysely<DB>
  /** The raw handle (pragmas, backups); prefer `db`. Changes after `swapHandle`. */
  readonly sqlite: SqliteHandle
  /** true when the file is SQLCipher-encrypted */
  encrypted: boolean
  /**
   * Runs `fn` while no query can run (holds Kysely's connection), with the current handle
   * closed; `fn` may replace the file(s) and then returns; the file is reopened with the same key.
   * If reopening fails, `fn`'s `undo` (if returned) runs and the old file is reopened.
   */
  swapHandle(fn: () => Promise<(() => Promise<void>) | void>): Promise<void>
  close(): Promise<void>
}

export interface OpenOptions {
  /** 32-byte SQLCipher key; omit for a plain (unencrypted) database. */
  key?: Uint8Array
  readonly?: boolean
}

export function keyPragma(key: Uint8Array): string {
  return `"x'${Buffer.from(key).toString('hex')}'"`
}

/** Sets the SQLCipher 4 scheme and the key on a fresh handle (before the first read). */
export function applyKey(sqlite: SqliteHandle, key: Uint8Array): void {
  sqlite.pragma(`cipher='sqlcipher'`)
  sqlite.pragma('legacy=4')
  sqlite.pragma(`key=${keyPragma(key)}`)
}

export const WRONG_KEY_MESSAGE =
  '数据库密钥不正确：无法打开评测数据库（数据未被改动）。请确认口令或系统密钥库中的密钥。'

/** Opens the raw handle, checks the key by reading the schema. Writes nothing. */
export function openHandle(file: string, opts: OpenOptions = {}): SqliteHandle {
  const sqlite = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: false })
  try {
    if (opts.key) applyKey(sqlite, opts.key)
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (e) {
    sqlite.close()
    if ((e as { code?: string }).code === 'SQLITE_NOTADB')
      throw new AppException(
        'WRONG_KEY',
        opts.key
          ? WRONG_KEY_MESSAGE
          : '数据库已加密：需要密钥才能打开（数据未被改动）。请提供口令或系统密钥。',
      )
    throw e
  }
  return sqlite
}

function configure(sqlite: SqliteHandle, readonly: boolean): void {
  if (!readonly) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
}

export function openDatabase(file: string, opts: OpenOptions = {}): OpenedDatabase {
  let sqlite = openHandle(file, opts)
  try {
    configure(sqlite, opts.readonly ?? false)
  } catch (e) {
    sqlite.close()
    throw e
  }
  // Kysely's SqliteDatabase needs only prepare + close: delegate to the current handle, with its
  // prepared statements reused (node/sqlite-statement-cache.ts).
  const proxy = cachingSqliteDatabase(() => sqlite)
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: proxy }),
    plugins: [new CamelCasePlugin()],
  })
  const reopen = (): SqliteHandle => {
    const h = openHandle(file, opts)
    try {
      configure(h, opts.readonly ?? false)
    } catch (e) {
      h.close()
      throw e
    }
    return h
  }
  return {
    db,
    get sqlite() {
      return sqlite
    },
    encrypted: opts.key !== undefined,
    async swapHandle(fn) {
      await db.connection().execute(async () => {
        sqlite.close()
        let undo: (() => Promise<void>) | void = undefined
        try {
          undo = await fn()
          sqlite = reopen()
        } catch (e) {
          if (undo) await undo()
          sqlite = reopen()
          throw e
        }
      })
    },
    close: async () => {
      await db.destroy() // closes the handle
    },
  }
}
