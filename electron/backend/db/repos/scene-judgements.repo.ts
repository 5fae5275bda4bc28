import type { Executor } from '../tx'
import type { SceneJudgementRow } from '../tables/scene-judgements'

export type SceneRecord = SceneJudgementRow

export async function listScenes(db: Executor, assessmentId: string): Promise<SceneRecord[]> {
  return db
    .selectFrom('sceneJudgements')
    .selectAll()
    .where('assessmentId', '=', assessmentId)
    .orderBy('sceneId')
    .execute()
}

export async function getScene(
  db: Executor,
  assessmentId: string,
  sceneId: string,
): Promise<SceneRecord | undefined> {
  return db
    .selectFrom('sceneJudgements')
    .selectAll()
    .where('assessmentId', '=', assessmentId)
    .where('sceneId', '=', sceneId)
    .executeTakeFirst()
}

export async function upsertSceneLevel(
  db: Executor,
  assessmentId: string,
  sceneId: string,
  level: number | null,
  updatedAt: string,
): Promise<void> {
  await db
    .insertInto('sceneJudgements')
    .values({ assessmentId, sceneId, level, updatedAt })
    .onConflict((oc) => oc.columns(['assessmentId', 'sceneId']).doUpdateSet({ level, updatedAt }))
    .execute()
}

export async function upsertSceneNote(
  db: Executor,
  assessmentId: string,
  sceneId: string,
  note: string,
  updatedAt: string,
): Promise<void> {
  await db
    .insertInto('sceneJudgements')
    .values({ assessmentId, sceneId, level: null, note, updatedAt })
    .onConflict((oc) => oc.columns(['assessmentId', 'sceneId']).doUpdateSet({ note, updatedAt }))
    .execute()
}

export async function copyScenes(
  db: Executor,
  fromId: string,
  toId: string,
  updatedAt: string,
): Promise<void> {
  const rows = await listScenes(db, fromId)
  if (rows.length === 0) return
  await db
    .insertInto('sceneJudgements')
    .values(rows.map((r) => ({ ...r, assessmentId: toId, updatedAt })))
    .execute()
}
