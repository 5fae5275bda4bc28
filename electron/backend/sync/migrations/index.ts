/**
 * Migrations of the sync client's tables, kept apart from the app schema (electron/backend/db)
 * with their own Migrator bookkeeping table `sync_migrations`, so the two evolve independently
 * in the same database file. Call `migrateSync(db)` after the app's `migrateToLatest(db)`.
 */
import { Migrator, type Kysely, type Migration } from 'kysely'
import * as s0001 from './0001-outbox'
import * as s0002 from './0002-bundles'

export const syncMigrations: Record<string, Migration> = {
  '0001-outbox': s0001,
  '0002-bundles': s0002,
}

export async function migrateSync<T>(db: Kysely<T>): Promise<void> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => syncMigrations },
    migrationTableName: 'sync_migrations',
    migrationLockTableName: 'sync_migrations_lock',
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(
      `同步表迁移失败${failed ? `（${failed.migrationName}）` : ''}：${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
