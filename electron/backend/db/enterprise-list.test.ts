/**
 * The register's query on a real SQLite file: 拼音 order, every sort in both directions with
 * pages that never overlap or skip, search by name / USCC / contact / pinyin initials, locate; and
 * migration 0008 backfilling the keys of rows written before it.
 */
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { ENTERPRISE_SORTS } from '../../../shared/contract/schemas/enterprise'
import { makeUscc, tempDir } from '../test-helpers'
import { migrateToLatest } from './migrate'
import { openDatabase, type OpenedDatabase } from './open'
import { listEnterprises, locateEnterprise } from './repos/enterprise-list.repo'
import { nameKeys } from '../search/name-keys'
import { insertEnterprise, updateEnterprise } from './repos/enterprises.repo'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})
async function fresh(target?: string): Promise<OpenedDatabase> {
  const t = tempDir()
  const o = openDatabase(`${t.dir}/test.sqlite`)
  cleanups.push(t.cleanup, () => o.close())
  await migrateToLatest(o.db, target ? { target } : {})
  return o
}

const T = '2026-11-27T00:00:00.000Z'
const NAMES = [
  '淇滨电气有限公司',
  '鹤壁前进电子厂',
  '安阳路食品有限公司',
  '鹤壁新材料科技',
  '淇县绿色食品',
  '浚县长城电器',
  'ABC精密电子',
  '山城区镁业',
  '鹤山区宏达',
  '鹤壁市淇滨电气配件',
]

async function seed(o: OpenedDatabase): Promise<void> {
  for (const [i, name] of NAMES.entries())
    await insertEnterprise(o.db, {
      id: `e${String(i).padStart(2, '0')}`,
      uscc: makeUscc(100 + i),
      name,
      county: ['淇滨区', '浚县', '淇县'][i % 3]!,
      industry: 'green_food',
      size: 'small',
      batch: i % 4 === 0 ? null : (i % 3) + 1,
      contact: i === 3 ? '王小明' : '',
      createdAt: T,
      updatedAt: `2026-11-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`,
    })
}

describe('register query', () => {
  it('orders by 拼音 by default', async () => {
    const o = await fresh()
    await seed(o)
    const { rows, total } = await listEnterprises(o.db, { limit: 100, offset: 0 })
    expect(total).toBe(NAMES.length)
    expect(rows.map((r) => r.name)).toEqual([
      'ABC精密电子',
      '安阳路食品有限公司',
      '鹤壁前进电子厂',
      '鹤壁市淇滨电气配件',
      '鹤壁新材料科技',
      '鹤山区宏达',
      '浚县长城电器',
      '淇滨电气有限公司',
      '淇县绿色食品',
      '山城区镁业',
    ])
  })

  it('every sort, both ways: pages of 3 cover the list exactly once; desc mirrors asc', async () => {
    const o = await fresh()
    await seed(o)
    for (const sort of ENTERPRISE_SORTS) {
      const all = await listEnterprises(o.db, { sort, limit: 100, offset: 0 })
      const desc = await listEnterprises(o.db, { sort, order: 'desc', limit: 100, offset: 0 })
      expect(
        desc.rows.map((r) => r.id),
        sort,
      ).toEqual(all.rows.map((r) => r.id).reverse())
      const paged: string[] = []
      for (let off = 0; off < NAMES.length; off += 3)
        paged.push(
          ...(await listEnterprises(o.db, { sort, limit: 3, offset: off })).rows.map((r) => r.id),
        )
      expect(paged, sort).toEqual(all.rows.map((r) => r.id))
      // locate gives each one's position in the same order
      for (const [i, r] of all.rows.entries())
        expect(await locateEnterprise(o.db, { sort }, r.id), `${sort} ${r.name}`).toEqual({
          index: i,
          total: NAMES.length,
        })
    }
    const byBatch = await listEnterprises(o.db, { sort: 'batch', limit: 100, offset: 0 })
    expect(byBatch.rows.map((r) => r.batch)).toEqual([1, 1, 1, 2, 2, 3, 3, null, null, null])
  })

  it('search: name, USCC, contact, pinyin initials or full pinyin', async () => {
    const o = await fresh()
    await seed(o)
    const names = async (search: string, more: object = {}) =>
      (await listEnterprises(o.db, { search, ...more, limit: 100, offset: 0 })).rows.map(
        (r) => r.name,
      )
    expect(await names('qbdq')).toEqual(['鹤壁市淇滨电气配件', '淇滨电气有限公司'])
    expect(await names('QBDQ')).toEqual(['鹤壁市淇滨电气配件', '淇滨电气有限公司'])
    expect(await names('qibin')).toEqual(['鹤壁市淇滨电气配件', '淇滨电气有限公司'])
    expect(await names('hbxcl')).toEqual(['鹤壁新材料科技'])
    expect(await names('电气')).toEqual(['鹤壁市淇滨电气配件', '淇滨电气有限公司'])
    expect(await names(makeUscc(105).slice(12))).toEqual(['浚县长城电器'])
    expect(await names('王小明')).toEqual(['鹤壁新材料科技'])
    expect(await names('abc')).toEqual(['ABC精密电子'])
    expect(await names('qbdq', { county: '浚县' })).toEqual([])
    expect(await names('%')).toEqual([])
    // a filter that excludes it: locate says so
    expect(await locateEnterprise(o.db, { search: 'qbdq' }, 'e03')).toEqual({
      index: null,
      total: 2,
    })
  })

  it('renaming rewrites the keys', async () => {
    const o = await fresh()
    await seed(o)
    await updateEnterprise(o.db, 'e02', { name: '淇滨第二电气', updatedAt: T })
    const r = await listEnterprises(o.db, { search: 'qbdedq', limit: 10, offset: 0 })
    expect(r.rows.map((x) => x.id)).toEqual(['e02'])
  })
})

describe('migration 0008', () => {
  it('backfills the keys of enterprises registered before it, as the app writes them', async () => {
    const o = await fresh('0007-reference-documents')
    const names = ['淇滨电气有限公司', '鹤壁ABC（2号）厂', '长城银行鹤壁10号网点', '绿色食品']
    for (const [i, name] of names.entries())
      await sql`INSERT INTO enterprises (id, uscc, name, county, industry, size, batch, created_at,
        updated_at) VALUES (${`old${i}`}, ${makeUscc(i + 1)}, ${name}, '淇滨区', 'green_food',
        'small', 1, ${T}, ${T})`.execute(o.db)
    await migrateToLatest(o.db)
    const rows = o.sqlite
      .prepare('SELECT name, name_pinyin, name_initials FROM enterprises ORDER BY id')
      .all() as { name: string; name_pinyin: string; name_initials: string }[]
    expect(rows.map((r) => [r.name_pinyin, r.name_initials])).toEqual(
      names.map((n) => [nameKeys(n).namePinyin, nameKeys(n).nameInitials]),
    )
    expect(rows[0]).toMatchObject({
      name_pinyin: 'qi bin dian qi you xian gong si',
      name_initials: 'qbdqyxgs',
    })
  })
})
