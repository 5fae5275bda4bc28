import type { Executor } from '../tx'
import type { EvidenceRow, NewEvidenceRow } from '../tables/evidence'

export async function insertEvidence(db: Executor, row: NewEvidenceRow): Promise<void> {
  await db.insertInto('evidence').values(row).execute()
}

export async function getEvidence(db: Executor, id: string): Promise<EvidenceRow | undefined> {
  return db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listEvidence(
  db: Executor,
  assessmentId: string,
  itemId?: string,
): Promise<EvidenceRow[]> {
  let q = db.selectFrom('evidence').selectAll().where('assessmentId', '=', assessmentId)
  if (itemId) q = q.where('itemId', '=', itemId)
  return q.orderBy('createdAt').orderBy('id').execute()
}

export async function deleteEvidence(db: Executor, id: string): Promise<number> {
  const r = await db.deleteFrom('evidence').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** Copies evidence rows (not files: they are content-addressed) with fresh ids. */
export async function copyEvidence(
  db: Executor,
  fromId: string,
  toId: string,
  newId: () => string,
): Promise<void> {
  const rows = await listEvidence(db, fromId)
  if (rows.length === 0) return
  await db
    .insertInto('evidence')
    .values(rows.map((r) => ({ ...r, id: newId(), assessmentId: toId })))
    .execute()
}
