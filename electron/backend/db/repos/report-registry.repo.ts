import type { Executor } from '../tx'
import type { ReportRegistryRow } from '../tables/report-registry'

/** Records a formal report once; the same number again is a no-op (same data, same hash). */
export async function recordReport(db: Executor, row: ReportRegistryRow): Promise<void> {
  await db
    .insertInto('reportRegistry')
    .values(row)
    .onConflict((oc) => oc.column('number').doNothing())
    .execute()
}

export async function listReports(
  db: Executor,
  filter: { assessmentId?: string } = {},
): Promise<ReportRegistryRow[]> {
  let q = db.selectFrom('reportRegistry').selectAll()
  if (filter.assessmentId) q = q.where('assessmentId', '=', filter.assessmentId)
  return q.orderBy('createdAt', 'desc').orderBy('number').execute()
}
