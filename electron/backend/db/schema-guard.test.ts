/**
 * Schema guard (style.md §8.6): the schema after all migrations is compared with a committed
 * snapshot, so any change is deliberate and visible in review (additive-only once shipped);
 * and the hot queries use their indexes (EXPLAIN QUERY PLAN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../test-helpers'
import { migrateToLatest } from './migrate'
import { openDatabase, type OpenedDatabase } from './open'

let o: OpenedDatabase
let cleanup: () => void
beforeAll(async () => {
  const t = tempDir()
  cleanup = t.cleanup
  o = openDatabase(`${t.dir}/guard.sqlite`)
  await migrateToLatest(o.db)
})
afterAll(async () => {
  await o.close()
  cleanup()
})

function plan(query: string): string {
  const rows = o.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]
  return rows.map((r) => r.detail).join(' | ')
}

describe('schema guard', () => {
  it('matches the committed snapshot', async () => {
    const rows = o.sqlite
      .prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all() as { type: string; name: string; sql: string }[]
    const dump = rows
      .map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ')};`)
      .join('\n')
    await expect(dump + '\n').toMatchFileSnapshot('./__snapshots__/schema.sql')
  })

  it('hot queries use indexes', () => {
    expect(plan("SELECT * FROM answers WHERE assessment_id = 'x'")).toMatch(
      /SEARCH answers USING PRIMARY KEY/,
    )
    expect(plan("SELECT * FROM scene_judgements WHERE assessment_id = 'x'")).toMatch(
      /SEARCH scene_judgements USING PRIMARY KEY/,
    )
    expect(plan("SELECT * FROM evidence WHERE assessment_id = 'x' AND item_id = 'Q01'")).toMatch(
      /USING INDEX evidence_assessment_item/,
    )
    expect(plan("SELECT * FROM enterprises WHERE uscc = 'x'")).toMatch(
      /USING INDEX sqlite_autoindex_enterprises/,
    )
    expect(plan("SELECT id FROM assessments WHERE supersedes = 'x'")).toMatch(
      /USING (COVERING )?INDEX sqlite_autoindex_assessments/,
    )
    expect(
      plan("SELECT * FROM assessments WHERE enterprise_id = 'x' AND kind = 'diagnosis'"),
    ).toMatch(/USING INDEX assessments_enterprise/)
    // the register's default order (拼音) walks its index instead of sorting 10,000 rows
    expect(
      plan('SELECT * FROM enterprises e ORDER BY e.name_pinyin, e.name, e.id LIMIT 50'),
    ).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/)
  })
})
