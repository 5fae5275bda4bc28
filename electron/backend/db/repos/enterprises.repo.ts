import { sql } from 'kysely'
import type { Executor } from '../tx'
import type { EnterpriseRow, EnterpriseRowUpdate, NewEnterpriseRow } from '../tables/enterprises'

export async function insertEnterprise(db: Executor, row: NewEnterpriseRow): Promise<void> {
  await db.insertInto('enterprises').values(row).execute()
}

export async function updateEnterprise(
  db: Executor,
  id: string,
  patch: EnterpriseRowUpdate,
): Promise<number> {
  const r = await db.updateTable('enterprises').set(patch).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function getEnterprise(db: Executor, id: string): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function getEnterpriseByUscc(
  db: Executor,
  uscc: string,
): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').selectAll().where('uscc', '=', uscc).executeTakeFirst()
}

/** Which of these USCCs already exist. */
export async function existingUsccs(db: Executor, usccs: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < usccs.length; i += 500) {
    const chunk = usccs.slice(i, i + 500)
    if (chunk.length === 0) continue
    const rows = await db
      .selectFrom('enterprises')
      .select('uscc')
      .where('uscc', 'in', chunk)
      .execute()
    for (const r of rows) found.add(r.uscc)
  }
  return found
}

export interface EnterpriseFilter {
  search?: string
  county?: string
  industry?: string
  batch?: number
  zjtx?: string
  /** 'none' = no current assessment; else the latest current assessment's status */
  assessmentStatus?: 'none' | 'draft' | 'completed' | 'signed'
  limit: number
  offset: number
}

export interface EnterpriseListRow extends EnterpriseRow {
  assessmentCount: number
  latestId: string | null
  latestKind: 'diagnosis' | 'acceptance' | 'recheck' | null
  latestStatus: 'draft' | 'completed' | 'signed' | null
  latestVersion: number | null
  latestUpdatedAt: string | null
}

/** Enterprises with filters; joined with their latest current (not superseded) diagnosis or acceptance. */
export async function listEnterprises(
  db: Executor,
  f: EnterpriseFilter,
): Promise<{ rows: EnterpriseListRow[]; total: number }> {
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
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`
    q = q.where((w) =>
      w.or([
        sql<boolean>`e.name LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`e.uscc LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`e.contact LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`e.sub_industry LIKE ${like} ESCAPE '\\'`,
      ]),
    )
  }
  if (f.county) q = q.where('e.county', '=', f.county)
  if (f.industry) q = q.where('e.industry', '=', f.industry as EnterpriseRow['industry'])
  if (f.batch !== undefined) q = q.where('e.batch', '=', f.batch)
  if (f.zjtx) q = q.where('e.zjtx', '=', f.zjtx as EnterpriseRow['zjtx'])
  if (f.assessmentStatus === 'none') q = q.where('l.id', 'is', null)
  else if (f.assessmentStatus) q = q.where('l.status', '=', f.assessmentStatus)

  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  const rows = await q
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
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute()
  return {
    rows: rows.map((r) => ({ ...r, assessmentCount: Number(r.assessmentCount ?? 0) })),
    total: Number(totalRow?.n ?? 0),
  }
}
