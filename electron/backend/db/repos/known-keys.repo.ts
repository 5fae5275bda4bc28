import type { Executor } from '../tx'
import type { KnownKeyRow } from '../tables/known-keys'

export async function listKnownKeys(db: Executor): Promise<KnownKeyRow[]> {
  return db.selectFrom('knownKeys').selectAll().orderBy('name').orderBy('keyId').execute()
}

export async function getKnownKey(db: Executor, keyId: string): Promise<KnownKeyRow | undefined> {
  return db.selectFrom('knownKeys').selectAll().where('keyId', '=', keyId).executeTakeFirst()
}

/** Inserts a key or updates its name, agency and source (the key itself never changes). */
export async function putKnownKey(db: Executor, row: KnownKeyRow): Promise<void> {
  await db
    .insertInto('knownKeys')
    .values(row)
    .onConflict((oc) =>
      oc.column('keyId').doUpdateSet({
        name: row.name,
        agency: row.agency,
        source: row.source,
        updatedAt: row.updatedAt,
      }),
    )
    .execute()
}
