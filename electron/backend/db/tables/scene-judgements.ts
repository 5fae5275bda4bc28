import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface SceneJudgementTable {
  assessmentId: string
  sceneId: string
  /** 0–4; NULL = not judged yet */
  level: number | null
  note: Generated<string>
  updatedAt: string
}
export type SceneJudgementRow = Selectable<SceneJudgementTable>
export type NewSceneJudgementRow = Insertable<SceneJudgementTable>
export type SceneJudgementRowUpdate = Updateable<SceneJudgementTable>
