/**
 * Opens the central database: PostgreSQL when a URL is given (DATABASE_URL), else an SQLite file
 * (WAL, synchronous=FULL). Runs the migrations before returning.
 */
import Database from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import { centralMigrations } from './migrations'
import type { CentralDB } from './schema'
import { cachingSqliteDatabase } from '../../node/sqlite-statement-cache'

export interface CentralDatabase {
  db: Kysely<CentralDB>
  dialect: 'sqlite' | 'postgres'
  close(): Promise<void>
}

export async function openCentralDatabase(opts: {
  databaseUrl?: string | undefined
  sqlitePath: string
}): Promise<CentralDatabase> {
  let db: Kysely<CentralDB>
  let dialect: CentralDatabase['dialect']
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 })
    // An idle connection the server closed (restart, failover, administrator) must not stop the
    // process: the pool drops it and the next query opens a new one.
    pool.on('error', (e) => {
      process.stderr.write(`central database: idle connection lost (${e.message.split('\n')[0]})\n`)
    })
    // A connection lost while checked out for a transaction emits 'error' with no listener of
    // the pool's attached: without this one the process would stop. The statement waiting on it
    // fails on its own (and the request is answered 503).
    pool.on('connect', (client) => {
      client.on('error', () => undefined)
    })
    db = new Kysely<CentralDB>({ dialect: new PostgresDialect({ pool }) })
    dialect = 'postgres'
  } else {
    const sqlite = new Database(opts.sqlitePath)
    sqlite.pragma('journal_mode = WAL')
    // Issue 12 §5: FULL, so a receipt is never signed for a commit a power cut can undo.
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('foreign_keys = ON')
    // the prepared statements reused (node/sqlite-statement-cache.ts)
    db = new Kysely<CentralDB>({
      dialect: new SqliteDialect({ database: cachingSqliteDatabase(() => sqlite) }),
    })
    dialect = 'sqlite'
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => centralMigrations },
    migrationTableName: 'central_migrations',
    migrationLockTableName: 'central_migrations_lock',
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    await db.destroy()
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(
      `central database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return { db, dialect, close: () => db.destroy() }
}
