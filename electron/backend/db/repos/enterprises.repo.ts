import { nameKeys } from '../../search/name-keys'
import type { Executor } from '../tx'
import type { EnterpriseRow, EnterpriseRowUpdate, NewEnterpriseRow } from '../tables/enterprises'

/** Every write of a name writes its pinyin keys too (search/name-keys.ts). */
export async function insertEnterprise(db: Executor, row: NewEnterpriseRow): Promise<void> {
  await db
    .insertInto('enterprises')
    .values({ ...row, ...nameKeys(row.name) })
    .execute()
}

export async function updateEnterprise(
  db: Executor,
  id: string,
  patch: EnterpriseRowUpdate,
): Promise<number> {
  const set = patch.name === undefined ? patch : { ...patch, ...nameKeys(patch.name) }
  const r = await db.updateTable('enterprises').set(set).where('id', '=', id).executeTakeFirst()
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

/** The registered enterprises with these USCCs. */
export async function enterprisesByUscc(
  db: Executor,
  usccs: string[],
): Promise<Map<string, EnterpriseRow>> {
  const found = new Map<string, EnterpriseRow>()
  for (let i = 0; i < usccs.length; i += 500) {
    const chunk = usccs.slice(i, i + 500)
    if (chunk.length === 0) continue
    const rows = await db.selectFrom('enterprises').selectAll().where('uscc', 'in', chunk).execute()
    for (const r of rows) found.set(r.uscc, r)
  }
  return found
}

/** Which of these enterprises have an assessment that is no longer a draft (completed, signed). */
export async function withFinishedAssessments(db: Executor, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    if (chunk.length === 0) continue
    const rows = await db
      .selectFrom('assessments')
      .select('enterpriseId')
      .distinct()
      .where('enterpriseId', 'in', chunk)
      .where('status', '!=', 'draft')
      .execute()
    for (const r of rows) found.add(r.enterpriseId)
  }
  return found
}
