import type { Executor } from '../tx'

export type Selected = string | string[] | null
export type FieldValues = Record<string, number | string | null>

export interface AnswerRecord {
  assessmentId: string
  questionId: string
  selected: Selected
  note: string
  fields: FieldValues
  updatedAt: string
}

function toRecord(r: {
  assessmentId: string
  questionId: string
  selected: string | null
  note: string
  fieldValues: string
  updatedAt: string
}): AnswerRecord {
  return {
    assessmentId: r.assessmentId,
    questionId: r.questionId,
    selected: r.selected === null ? null : (JSON.parse(r.selected) as Selected),
    note: r.note,
    fields: JSON.parse(r.fieldValues) as FieldValues,
    updatedAt: r.updatedAt,
  }
}

export async function listAnswers(db: Executor, assessmentId: string): Promise<AnswerRecord[]> {
  const rows = await db
    .selectFrom('answers')
    .selectAll()
    .where('assessmentId', '=', assessmentId)
    .orderBy('questionId')
    .execute()
  return rows.map(toRecord)
}

export async function getAnswer(
  db: Executor,
  assessmentId: string,
  questionId: string,
): Promise<AnswerRecord | undefined> {
  const r = await db
    .selectFrom('answers')
    .selectAll()
    .where('assessmentId', '=', assessmentId)
    .where('questionId', '=', questionId)
    .executeTakeFirst()
  return r && toRecord(r)
}

/** Insert or replace the selection only (note and fields untouched). */
export async function upsertSelected(
  db: Executor,
  assessmentId: string,
  questionId: string,
  selected: Selected,
  updatedAt: string,
): Promise<void> {
  const json = selected === null ? null : JSON.stringify(selected)
  await db
    .insertInto('answers')
    .values({ assessmentId, questionId, selected: json, updatedAt })
    .onConflict((oc) =>
      oc.columns(['assessmentId', 'questionId']).doUpdateSet({ selected: json, updatedAt }),
    )
    .execute()
}

/** Insert or update note and/or field values (selection untouched). */
export async function upsertNoteFields(
  db: Executor,
  assessmentId: string,
  questionId: string,
  v: { note: string; fields: FieldValues },
  updatedAt: string,
): Promise<void> {
  const fieldValues = JSON.stringify(v.fields)
  await db
    .insertInto('answers')
    .values({ assessmentId, questionId, selected: null, note: v.note, fieldValues, updatedAt })
    .onConflict((oc) =>
      oc
        .columns(['assessmentId', 'questionId'])
        .doUpdateSet({ note: v.note, fieldValues, updatedAt }),
    )
    .execute()
}

/** Copy every answer of one assessment to another (corrections). */
export async function copyAnswers(
  db: Executor,
  fromId: string,
  toId: string,
  updatedAt: string,
): Promise<void> {
  const rows = await db
    .selectFrom('answers')
    .selectAll()
    .where('assessmentId', '=', fromId)
    .execute()
  if (rows.length === 0) return
  await db
    .insertInto('answers')
    .values(rows.map((r) => ({ ...r, assessmentId: toId, updatedAt })))
    .execute()
}
