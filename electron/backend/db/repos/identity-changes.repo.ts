import type { Executor } from '../tx'
import type { IdentityChangeRow } from '../tables/identity-changes'

export async function appendIdentityChange(db: Executor, row: IdentityChangeRow): Promise<void> {
  await db.insertInto('enterpriseIdentityChanges').values(row).execute()
}

/** An enterprise's identity changes, oldest first. */
export async function identityChangesOf(
  db: Executor,
  enterpriseId: string,
): Promise<IdentityChangeRow[]> {
  return db
    .selectFrom('enterpriseIdentityChanges')
    .selectAll()
    .where('enterpriseId', '=', enterpriseId)
    .orderBy('changedAt')
    .orderBy('id')
    .execute()
}
