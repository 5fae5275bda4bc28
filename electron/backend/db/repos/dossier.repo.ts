import type { Executor } from '../tx'
import type {
  DossierFileRow,
  DossierItemRow,
  LedgerRowRecord,
  LedgerRowUpdate,
  NewLedgerRow,
} from '../tables/dossier'

export async function insertDossierFile(db: Executor, row: DossierFileRow): Promise<void> {
  await db.insertInto('dossierFiles').values(row).execute()
}

export async function listDossierFiles(
  db: Executor,
  enterpriseId: string,
): Promise<DossierFileRow[]> {
  return db
    .selectFrom('dossierFiles')
    .selectAll()
    .where('enterpriseId', '=', enterpriseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

export async function getDossierFile(
  db: Executor,
  id: string,
): Promise<DossierFileRow | undefined> {
  return db.selectFrom('dossierFiles').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listDossierItems(
  db: Executor,
  enterpriseId: string,
  templateId: string,
): Promise<DossierItemRow[]> {
  return db
    .selectFrom('dossierItems')
    .selectAll()
    .where('enterpriseId', '=', enterpriseId)
    .where('templateId', '=', templateId)
    .execute()
}

export async function upsertDossierItem(
  db: Executor,
  row: Omit<DossierItemRow, 'fileIds'> & { fileIds: string[] },
): Promise<void> {
  const values = { ...row, fileIds: JSON.stringify(row.fileIds) }
  await db
    .insertInto('dossierItems')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['enterpriseId', 'templateId', 'itemId']).doUpdateSet({
        templateVersion: values.templateVersion,
        state: values.state,
        reason: values.reason,
        fileIds: values.fileIds,
        updatedAt: values.updatedAt,
      }),
    )
    .execute()
}

/** Ledger rows of an enterprise in entry order (the 1-based row numbers the messages use). */
export async function listLedgerRows(
  db: Executor,
  enterpriseId: string,
): Promise<LedgerRowRecord[]> {
  return db
    .selectFrom('ledgerRows')
    .selectAll()
    .where('enterpriseId', '=', enterpriseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute()
}

export async function getLedgerRow(db: Executor, id: string): Promise<LedgerRowRecord | undefined> {
  return db.selectFrom('ledgerRows').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertLedgerRow(db: Executor, row: NewLedgerRow): Promise<void> {
  await db.insertInto('ledgerRows').values(row).execute()
}

export async function updateLedgerRow(
  db: Executor,
  id: string,
  patch: LedgerRowUpdate,
): Promise<void> {
  await db.updateTable('ledgerRows').set(patch).where('id', '=', id).execute()
}

export async function deleteLedgerRow(db: Executor, id: string): Promise<number> {
  const r = await db.deleteFrom('ledgerRows').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows)
}
