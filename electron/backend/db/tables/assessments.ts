import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface AssessmentTable {
  id: string
  enterpriseId: string
  kind: 'diagnosis' | 'acceptance' | 'recheck'
  status: Generated<'draft' | 'completed' | 'signed'>
  catalogueId: string
  catalogueHash: string
  ruleProfileId: string
  assessorName: string
  assessorAgency: Generated<string>
  /** YYYY-MM-DD */
  assessedOn: string | null
  /** JSON text of the site-survey record */
  survey: Generated<string>
  version: Generated<number>
  supersedes: string | null
  supersedeReason: string | null
  createdAt: string
  updatedAt: string
  completedAt: string | null
}
export type AssessmentRow = Selectable<AssessmentTable>
export type NewAssessmentRow = Insertable<AssessmentTable>
export type AssessmentRowUpdate = Updateable<AssessmentTable>
