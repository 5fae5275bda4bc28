/**
 * 0008: pinyin sort and search keys of the enterprise name (issue 14: the register at 10,000
 * enterprises sorts in 拼音 order and finds pinyin initials on the server). FROZEN once shipped:
 * never edit, never import app code here; later changes are new, additive migrations
 * (style.md §8.6).
 * - enterprises.name_pinyin: toneless syllables separated by a space, lower case; indexed with name and id
 *   for the default order of the register;
 * - enterprises.name_initials: first letter of every syllable (searched with LIKE).
 * Existing rows are backfilled here with the same rule the app applies on every write
 * (electron/backend/search/name-keys.ts); the rule is copied, not imported, so this migration
 * keeps doing what it did when it shipped.
 */
import { sql, type Kysely } from 'kysely'
import { pinyin } from 'pinyin-pro'

function keys(name: string): { full: string; initials: string } {
  const parts = pinyin(name.normalize('NFKC'), {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    v: true,
  })
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, ''))
    .filter((p) => p !== '')
    // numbers in natural order (2号 before 10号): digits padded to a fixed width in the sort key
    .map((p) => p.replace(/\d+/g, (d) => d.padStart(10, '0')))
  return { full: parts.join(' '), initials: parts.map((p) => p.charAt(0)).join('') }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE enterprises ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT ''`.execute(db)
  await sql`ALTER TABLE enterprises ADD COLUMN name_initials TEXT NOT NULL DEFAULT ''`.execute(db)
  const rows = await sql<{ id: string; name: string }>`SELECT id, name FROM enterprises`.execute(db)
  for (const r of rows.rows) {
    const k = keys(r.name)
    await sql`UPDATE enterprises SET name_pinyin = ${k.full}, name_initials = ${k.initials}
      WHERE id = ${r.id}`.execute(db)
  }
  await sql`CREATE INDEX enterprises_name_pinyin ON enterprises (name_pinyin, name, id)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0008-enterprise-name-keys cannot be reverted')
}
