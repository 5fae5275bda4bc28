import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { migrations as allMigrations } from './migrations'

/** A provider over the static map (no file system scanning; bundler- and asar-safe). */
export class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly map: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.map
  }
}

export interface MigrateResult {
  applied: string[]
  /** Newest applied migration name ('' when none) */
  current: string
}

/**
 * Brings the schema to the newest version (or to `target`). Throws with the failing
 * migration's name; the caller shows a fatal screen instead of a half-working app.
 */
export async function migrateToLatest<T>(
  db: Kysely<T>,
  opts: { migrations?: Record<string, Migration>; target?: string } = {},
): Promise<MigrateResult> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: new StaticMigrationProvider(opts.migrations ?? allMigrations),
  })
  const { error, results } =
    opts.target === undefined
      ? await migrator.migrateToLatest()
      : await migrator.migrateTo(opts.target)
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    const msg = error instanceof Error ? error.message : String(error)
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${msg}`)
  }
  const all = await migrator.getMigrations()
  const done = all.filter((m) => m.executedAt !== undefined).map((m) => m.name)
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    current: done[done.length - 1] ?? '',
  }
}
