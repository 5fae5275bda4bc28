/**
 * The register's query: filters, search (text and pinyin), order and page, each enterprise joined
 * with its latest current (not superseded) diagnosis or acceptance (a recheck is not one); and
 * where one enterprise stands in that order (to open the page that holds it).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { pinyinQuery } from '../../search/name-keys'
import type { EnterpriseRow } from '../tables/enterprises'
import type { Executor } from '../tx'

export type EnterpriseSortKey =
  'name' | 'uscc' | 'county' | 'industry' | 'batch' | 'updatedAt' | 'assessedAt'

export interface EnterpriseFilter {
  search?: string
  county?: string
  industry?: string
  batch?: number
  zjtx?: string
  /** 'none' = no current assessment; else the latest current assessment's status */
  assessmentStatus?: 'none' | 'draft' | 'completed' | 'signed'
  sort?: EnterpriseSortKey
  order?: 'asc' | 'desc'
}

export interface EnterpriseListRow extends EnterpriseRow {
  assessmentCount: number
  latestId: string | null
  latestKind: 'diagnosis' | 'acceptance' | 'recheck' | null
  latestStatus: 'draft' | 'completed' | 'signed' | null
  latestVersion: number | null
  latestUpdatedAt: string | null
}

/**
 * ORDER BY terms per sort key (snake_case: raw SQL). Every list ends on the id, so the order is
 * total and a page boundary never splits ties differently between two requests; NULLs are mapped
 * to a value so that ascending and descending are exact mirrors.
 */
const ORDER: Record<EnterpriseSortKey, string[]> = {
  name: ['e.name_pinyin', 'e.name', 'e.id'],
  uscc: ['e.uscc', 'e.id'],
  county: ['e.county', 'e.name_pinyin', 'e.id'],
  industry: ['e.industry', 'e.name_pinyin', 'e.id'],
  batch: ['coalesce(e.batch, 9)', 'e.name_pinyin', 'e.id'],
  updatedAt: ['e.updated_at', 'e.id'],
  assessedAt: ["coalesce(l.updated_at, '')", 'e.name_pinyin', 'e.id'],
}

function orderBy(f: EnterpriseFilter): RawBuilder<unknown> {
  const dir = f.order === 'desc' ? 'DESC' : 'ASC'
  return sql.raw(ORDER[f.sort ?? 'name'].map((t) => `${t} ${dir}`).join(', '))
}

function escapeLike(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`
}

/** The conditions on the enterprise itself (raw SQL over alias e), AND-ed; null = none. */
function enterpriseWhere(f: EnterpriseFilter): RawBuilder<SqlBool> | null {
  const c: RawBuilder<unknown>[] = []
  if (f.search) {
    const like = escapeLike(f.search)
    const py = pinyinQuery(f.search)
    const any = [
      sql`e.name LIKE ${like} ESCAPE '\\'`,
      sql`e.uscc LIKE ${like} ESCAPE '\\'`,
      sql`e.contact LIKE ${like} ESCAPE '\\'`,
      sql`e.phone LIKE ${like} ESCAPE '\\'`,
      sql`e.sub_industry LIKE ${like} ESCAPE '\\'`,
    ]
    if (py) {
      any.push(sql`e.name_initials LIKE ${escapeLike(py)} ESCAPE '\\'`)
      any.push(sql`replace(e.name_pinyin, ' ', '') LIKE ${escapeLike(py)} ESCAPE '\\'`)
    }
    c.push(sql`(${sql.join(any, sql` OR `)})`)
  }
  if (f.county) c.push(sql`e.county = ${f.county}`)
  if (f.industry) c.push(sql`e.industry = ${f.industry}`)
  if (f.batch !== undefined) c.push(sql`e.batch = ${f.batch}`)
  if (f.zjtx) c.push(sql`e.zjtx = ${f.zjtx}`)
  return c.length ? sql<SqlBool>`${sql.join(c, sql` AND `)}` : null
}

/** enterprises e LEFT JOIN (latest current diagnosis or acceptance, not a recheck) l WHERE filters */
function withLatest(db: Executor, f: EnterpriseFilter) {
  let q = db.selectFrom('enterprises as e').leftJoin(
    (eb) =>
      eb
        .selectFrom('assessments as a')
        .select([
          'a.enterpriseId',
          'a.id',
          'a.kind',
          'a.status',
          'a.version',
          'a.updatedAt',
          sql<number>`row_number() over (partition by a.enterprise_id order by a.created_at desc, a.id desc)`.as(
            'rn',
          ),
        ])
        .where((w) =>
          w.not(
            w.exists(
              w.selectFrom('assessments as n').select('n.id').whereRef('n.supersedes', '=', 'a.id'),
            ),
          ),
        )
        // A recheck (复核) is the reviewer's check of a signed result, not a step of the
        // enterprise's own diagnosis → acceptance: it never hides 验收 / 专家组合议 (issue 14).
        .where('a.kind', '!=', 'recheck')
        .as('l'),
    (j) => j.onRef('l.enterpriseId', '=', 'e.id').on('l.rn', '=', 1),
  )
  const w = enterpriseWhere(f)
  if (w) q = q.where(w)
  if (f.assessmentStatus === 'none') q = q.where('l.id', 'is', null)
  else if (f.assessmentStatus) q = q.where('l.status', '=', f.assessmentStatus)
  return q
}

/** How many enterprises match (the latest-assessment join only when a filter needs it). */
async function countMatching(db: Executor, f: EnterpriseFilter): Promise<number> {
  if (f.assessmentStatus !== undefined) {
    const r = await withLatest(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst()
    return Number(r?.n ?? 0)
  }
  let q = db.selectFrom('enterprises as e')
  const w = enterpriseWhere(f)
  if (w) q = q.where(w)
  const r = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** One page of the register and the number of enterprises that match. */
export async function listEnterprises(
  db: Executor,
  f: EnterpriseFilter & { limit: number; offset: number },
): Promise<{ rows: EnterpriseListRow[]; total: number }> {
  const total = await countMatching(db, f)
  const rows = await withLatest(db, f)
    .selectAll('e')
    .select([
      'l.id as latestId',
      'l.kind as latestKind',
      'l.status as latestStatus',
      'l.version as latestVersion',
      'l.updatedAt as latestUpdatedAt',
      (eb) =>
        eb
          .selectFrom('assessments as c')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('c.enterpriseId', '=', 'e.id')
          .as('assessmentCount'),
    ])
    .orderBy(orderBy(f))
    .limit(f.limit)
    .offset(f.offset)
    .execute()
  return {
    rows: rows.map((r) => ({ ...r, assessmentCount: Number(r.assessmentCount ?? 0) })),
    total,
  }
}

/** The 0-based position of enterprise `id` in the filtered, ordered register (null: not in it). */
export async function locateEnterprise(
  db: Executor,
  f: EnterpriseFilter,
  id: string,
): Promise<{ index: number | null; total: number }> {
  const ranked = withLatest(db, f).select([
    'e.id as id',
    sql<number>`row_number() over (order by ${orderBy(f)})`.as('pos'),
  ])
  const hit = await db
    .selectFrom(ranked.as('r'))
    .select('r.pos')
    .where('r.id', '=', id)
    .executeTakeFirst()
  return { index: hit ? Number(hit.pos) - 1 : null, total: await countMatching(db, f) }
}
