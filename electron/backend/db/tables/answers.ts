import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface AnswerTable {
  assessmentId: string
  questionId: string
  /** JSON text: "B" or ["B","C"]; NULL = no option picked yet */
  selected: string | null
  note: Generated<string>
  /** JSON text: { f1: 12, f2: "…" } */
  fieldValues: Generated<string>
  updatedAt: string
}
export type AnswerRow = Selectable<AnswerTable>
export type NewAnswerRow = Insertable<AnswerTable>
export type AnswerRowUpdate = Updateable<AnswerTable>
