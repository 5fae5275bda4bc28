import type { Executor } from '../tx'
import type { AssessorProfileRow } from '../tables/assessor-profile'

export async function getAssessorProfile(db: Executor): Promise<AssessorProfileRow | undefined> {
  return db.selectFrom('assessorProfile').selectAll().where('id', '=', 1).executeTakeFirst()
}

/** Inserts or replaces the one profile row. */
export async function putAssessorProfile(
  db: Executor,
  row: Omit<AssessorProfileRow, 'id'>,
): Promise<void> {
  await db
    .insertInto('assessorProfile')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute()
}
