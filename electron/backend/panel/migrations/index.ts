/**
 * Migrations of the panel tables, kept apart from the app schema (electron/backend/db) with their
 * own Migrator bookkeeping table `panel_migrations` (like sync/migrations). Run on first use.
 */
import { Migrator, type Kysely, type Migration } from 'kysely'
import * as p0001 from './0001-panel'

export const panelMigrations: Record<string, Migration> = { '0001-panel': p0001 }

export async function migratePanel<T>(db: Kysely<T>): Promise<void> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => panelMigrations },
    migrationTableName: 'panel_migrations',
    migrationLockTableName: 'panel_migrations_lock',
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(
      `专家组表迁移失败${failed ? `（${failed.migrationName}）` : ''}：${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
