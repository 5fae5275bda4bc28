/**
 * The sync and panel tables used to be migrated lazily by maps of their own (sync/migrations,
 * panel/migrations, removed in issue 12); they are now migrations 0005 and 0006 of the one map.
 * `__fixtures__/legacy-0004-sync-panel.sqlite` was made by the old code path (0001–0004, then the
 * old sync map, then the old panel map, rows in every folded table; see __fixtures__/README.md).
 */
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../create-backend'
import { tempDir } from '../test-helpers'
import { migrateToLatest } from './migrate'
import { migrations } from './migrations'
import { openDatabase, type SqliteHandle } from './open'

const FIXTURE = join(import.meta.dirname, '__fixtures__', 'legacy-0004-sync-panel.sqlite')
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

function schemaOf(sqlite: SqliteHandle): string[] {
  const rows = sqlite
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all() as { type: string; name: string; sql: string }[]
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ')}`)
}

const FOLDED = [
  'sync_outbox',
  'sync_bundles',
  'panel_reviews',
  'panel_scorings',
  'panel_decisions',
  'recheck_bases',
]

describe('one migration map', () => {
  it('a fresh database has every table right after migrateToLatest (nothing lazy)', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    const o = openDatabase(join(t.dir, 'x.sqlite'))
    cleanups.push(() => o.close())
    await migrateToLatest(o.db)
    const names = (
      o.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as {
        name: string
      }[]
    ).map((r) => r.name)
    for (const t of FOLDED) expect(names).toContain(t)
    expect(names.filter((n) => /_migrations/.test(n))).toEqual([])
  })

  it('a database made by the old separate maps opens, keeps its rows and ends with the same schema', async () => {
    const t = tempDir()
    cleanups.push(t.cleanup)
    copyFileSync(FIXTURE, join(t.dir, 'assessor.sqlite'))
    const b = await createBackend({ dataDir: t.dir, key: 'unencrypted', autoBackup: false })
    let open = true
    cleanups.push(() => (open ? b.close() : undefined))

    const s = b.ctx.db
    expect(await s.selectFrom('syncOutbox').select(['bundleId', 'state']).execute()).toEqual([
      { bundleId: 'b1', state: 'queued' },
    ])
    expect(
      await s.selectFrom('syncBundles').select(['bundleId', 'enterpriseName', 'level']).execute(),
    ).toEqual([{ bundleId: 'b1', enterpriseName: '鹤壁旧库企业', level: 2 }])
    expect(await s.selectFrom('panelReviews').select(['id', 'leadJson']).execute()).toEqual([
      { id: 'p1', leadJson: '{"name":"王五"}' },
    ])
    expect(await s.selectFrom('panelDecisions').select(['itemId', 'reason']).execute()).toEqual([
      { itemId: 'Q01', reason: '现场核实' },
    ])
    const base = await s.selectFrom('recheckBases').selectAll().executeTakeFirstOrThrow()
    expect(Buffer.from(base.bundle).toString()).toBe('PK-bytes')

    const applied = (
      await s
        .withoutPlugins()
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute()
    ).map((r) => (r as { name: string }).name)
    expect(applied).toEqual(Object.keys(migrations))

    // Same schema as a database migrated from empty: the snapshot covers it too.
    const f = tempDir()
    cleanups.push(f.cleanup)
    const fresh = openDatabase(join(f.dir, 'fresh.sqlite'))
    cleanups.push(() => fresh.close())
    await migrateToLatest(fresh.db)
    await b.close()
    open = false
    const upgraded = openDatabase(join(t.dir, 'assessor.sqlite'), { readonly: true })
    cleanups.push(() => upgraded.close())
    expect(schemaOf(upgraded.sqlite)).toEqual(schemaOf(fresh.sqlite))
  })
})
