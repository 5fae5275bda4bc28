import type { Executor } from '../tx'
import type { AssessmentRow, AssessmentRowUpdate, NewAssessmentRow } from '../tables/assessments'

export async function insertAssessment(db: Executor, row: NewAssessmentRow): Promise<void> {
  await db.insertInto('assessments').values(row).execute()
}

export async function updateAssessment(
  db: Executor,
  id: string,
  patch: AssessmentRowUpdate,
): Promise<number> {
  const r = await db.updateTable('assessments').set(patch).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function getAssessment(db: Executor, id: string): Promise<AssessmentRow | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The id of the version that replaces `id`, if any. */
export async function getSupersededBy(db: Executor, id: string): Promise<string | null> {
  const r = await db
    .selectFrom('assessments')
    .select('id')
    .where('supersedes', '=', id)
    .executeTakeFirst()
  return r?.id ?? null
}

export interface AssessmentListRow extends AssessmentRow {
  enterpriseName: string
  supersededBy: string | null
}

export async function listAssessments(
  db: Executor,
  f: {
    enterpriseId?: string
    kind?: AssessmentRow['kind']
    status?: AssessmentRow['status']
    includeSuperseded: boolean
  },
): Promise<AssessmentListRow[]> {
  let q = db
    .selectFrom('assessments as a')
    .innerJoin('enterprises as e', 'e.id', 'a.enterpriseId')
    .leftJoin('assessments as n', 'n.supersedes', 'a.id')
    .selectAll('a')
    .select(['e.name as enterpriseName', 'n.id as supersededBy'])
  if (f.enterpriseId) q = q.where('a.enterpriseId', '=', f.enterpriseId)
  if (f.kind) q = q.where('a.kind', '=', f.kind)
  if (f.status) q = q.where('a.status', '=', f.status)
  if (!f.includeSuperseded) q = q.where('n.id', 'is', null)
  return q.orderBy('a.createdAt', 'desc').orderBy('a.id', 'desc').execute()
}

/** Latest current (not superseded) assessment of a kind for an enterprise. */
export async function latestCurrentOfKind(
  db: Executor,
  enterpriseId: string,
  kind: AssessmentRow['kind'],
): Promise<AssessmentRow | undefined> {
  return db
    .selectFrom('assessments as a')
    .leftJoin('assessments as n', 'n.supersedes', 'a.id')
    .selectAll('a')
    .where('a.enterpriseId', '=', enterpriseId)
    .where('a.kind', '=', kind)
    .where('n.id', 'is', null)
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id', 'desc')
    .executeTakeFirst()
}
