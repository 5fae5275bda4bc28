/**
 * 诊断建议 tables (migration 0014): findings per scene, the accepted plan, its steps and
 * measures. Reads return the shapes of shared/domain/advice. Callers own the transaction.
 */
import type {
  AcceptedPlan,
  AdviceMeasure,
  AdviceProduct,
  AdviceStep,
  DiagnosisAdvice,
  SceneFinding,
} from '../../../../shared/domain/advice'
import { fromMilli, toMilli } from '../../../../shared/domain/scoring/points'
import type { SceneLevel } from '../../../../shared/domain/scoring/types'
import type { AdviceMeasureRow } from '../tables/advice'
import type { Executor } from '../tx'

export async function listFindings(db: Executor, assessmentId: string): Promise<SceneFinding[]> {
  const rows = await db
    .selectFrom('adviceFindings')
    .select(['sceneId', 'statusQuo', 'painPoints', 'needs'])
    .where('assessmentId', '=', assessmentId)
    .orderBy('sceneId')
    .execute()
  return rows
}

export async function upsertFinding(
  db: Executor,
  assessmentId: string,
  f: SceneFinding,
  updatedAt: string,
): Promise<void> {
  const { sceneId, statusQuo, painPoints, needs } = f
  await db
    .insertInto('adviceFindings')
    .values({ assessmentId, sceneId, statusQuo, painPoints, needs, updatedAt })
    .onConflict((oc) =>
      oc
        .columns(['assessmentId', 'sceneId'])
        .doUpdateSet({ statusQuo, painPoints, needs, updatedAt }),
    )
    .execute()
}

function toMeasure(r: AdviceMeasureRow): AdviceMeasure {
  return {
    id: r.id,
    source: r.source,
    entryKey: r.entryKey,
    title: r.title,
    text: r.text,
    costYuan:
      r.costMinYuan !== null && r.costMaxYuan !== null
        ? { min: r.costMinYuan, max: r.costMaxYuan }
        : null,
    weeks: r.weeksMin !== null && r.weeksMax !== null ? { min: r.weeksMin, max: r.weeksMax } : null,
    investmentFen: r.investmentFen,
  }
}

export async function getPlan(db: Executor, assessmentId: string): Promise<AcceptedPlan | null> {
  const p = await db
    .selectFrom('advicePlans')
    .selectAll()
    .where('assessmentId', '=', assessmentId)
    .executeTakeFirst()
  if (!p) return null
  const [steps, measures] = await Promise.all([
    db
      .selectFrom('adviceSteps')
      .selectAll()
      .where('assessmentId', '=', assessmentId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('adviceMeasures')
      .selectAll()
      .where('assessmentId', '=', assessmentId)
      .orderBy('item')
      .orderBy('position')
      .execute(),
  ])
  return {
    target: p.target as AcceptedPlan['target'],
    measures: { id: p.measuresId, version: p.measuresVersion, hash: p.measuresHash },
    products:
      p.productsId !== null && p.productsSha256 !== null
        ? { id: p.productsId, sha256: p.productsSha256 }
        : null,
    acceptedAt: p.acceptedAt,
    steps: steps.map((s): AdviceStep => {
      const value = JSON.parse(s.valueJson) as string | string[] | number
      return {
        item: s.item,
        kind: s.kind,
        ...(s.kind === 'scene'
          ? { level: value as SceneLevel }
          : { answer: value as string | string[] }),
        before: JSON.parse(s.beforeJson) as AdviceStep['before'],
        gain: fromMilli(s.gainMilli),
        ...(s.constrained !== null ? { constrained: s.constrained === 1 } : {}),
        measures: measures.filter((m) => m.item === s.item).map(toMeasure),
        products: JSON.parse(s.productsJson) as AdviceProduct[],
      }
    }),
  }
}

export async function loadAdvice(db: Executor, assessmentId: string): Promise<DiagnosisAdvice> {
  const [findings, plan] = await Promise.all([
    listFindings(db, assessmentId),
    getPlan(db, assessmentId),
  ])
  return { findings, plan }
}

/** Removes the plan with its steps and measures (ON DELETE CASCADE). */
export async function deletePlan(db: Executor, assessmentId: string): Promise<void> {
  await db.deleteFrom('advicePlans').where('assessmentId', '=', assessmentId).execute()
}

function measureValues(
  assessmentId: string,
  item: string,
  position: number,
  m: AdviceMeasure,
  updatedAt: string,
) {
  return {
    id: m.id,
    assessmentId,
    item,
    position,
    source: m.source,
    entryKey: m.entryKey,
    title: m.title,
    text: m.text,
    costMinYuan: m.costYuan?.min ?? null,
    costMaxYuan: m.costYuan?.max ?? null,
    weeksMin: m.weeks?.min ?? null,
    weeksMax: m.weeks?.max ?? null,
    investmentFen: m.investmentFen,
    updatedAt,
  }
}

/** Replaces the assessment's plan (if any) with `plan`, steps and measures in order. */
export async function writePlan(
  db: Executor,
  assessmentId: string,
  plan: AcceptedPlan,
  updatedAt: string,
): Promise<void> {
  await deletePlan(db, assessmentId)
  await db
    .insertInto('advicePlans')
    .values({
      assessmentId,
      target: plan.target,
      measuresId: plan.measures.id,
      measuresVersion: plan.measures.version,
      measuresHash: plan.measures.hash,
      productsId: plan.products?.id ?? null,
      productsSha256: plan.products?.sha256 ?? null,
      acceptedAt: plan.acceptedAt,
      updatedAt,
    })
    .execute()
  for (const [position, s] of plan.steps.entries()) {
    await db
      .insertInto('adviceSteps')
      .values({
        assessmentId,
        item: s.item,
        position,
        kind: s.kind,
        valueJson: JSON.stringify(s.kind === 'scene' ? (s.level ?? 0) : (s.answer ?? null)),
        beforeJson: JSON.stringify(s.before),
        gainMilli: toMilli(s.gain),
        constrained: s.constrained === undefined ? null : s.constrained ? 1 : 0,
        productsJson: JSON.stringify(s.products),
      })
      .execute()
    for (const [i, m] of s.measures.entries())
      await db
        .insertInto('adviceMeasures')
        .values(measureValues(assessmentId, s.item, i, m, updatedAt))
        .execute()
  }
}

export async function touchPlan(db: Executor, assessmentId: string, updatedAt: string) {
  await db
    .updateTable('advicePlans')
    .set({ updatedAt })
    .where('assessmentId', '=', assessmentId)
    .execute()
}

export async function getMeasure(
  db: Executor,
  assessmentId: string,
  id: string,
): Promise<AdviceMeasureRow | undefined> {
  return db
    .selectFrom('adviceMeasures')
    .selectAll()
    .where('assessmentId', '=', assessmentId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function updateMeasure(
  db: Executor,
  id: string,
  patch: Partial<Pick<AdviceMeasure, 'title' | 'text' | 'investmentFen' | 'weeks'>>,
  updatedAt: string,
): Promise<void> {
  await db
    .updateTable('adviceMeasures')
    .set({
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.text !== undefined ? { text: patch.text } : {}),
      ...(patch.investmentFen !== undefined ? { investmentFen: patch.investmentFen } : {}),
      ...(patch.weeks !== undefined
        ? { weeksMin: patch.weeks?.min ?? null, weeksMax: patch.weeks?.max ?? null }
        : {}),
      updatedAt,
    })
    .where('id', '=', id)
    .execute()
}

export async function insertMeasure(
  db: Executor,
  assessmentId: string,
  item: string,
  m: AdviceMeasure,
  updatedAt: string,
): Promise<void> {
  const last = await db
    .selectFrom('adviceMeasures')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('assessmentId', '=', assessmentId)
    .where('item', '=', item)
    .executeTakeFirst()
  const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1
  await db
    .insertInto('adviceMeasures')
    .values(measureValues(assessmentId, item, position, m, updatedAt))
    .execute()
}

export async function deleteMeasure(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('adviceMeasures').where('id', '=', id).execute()
}

export async function deleteStep(db: Executor, assessmentId: string, item: string): Promise<void> {
  await db
    .deleteFrom('adviceSteps')
    .where('assessmentId', '=', assessmentId)
    .where('item', '=', item)
    .execute()
}

export async function setStepProducts(
  db: Executor,
  assessmentId: string,
  item: string,
  products: AdviceProduct[],
): Promise<void> {
  await db
    .updateTable('adviceSteps')
    .set({ productsJson: JSON.stringify(products) })
    .where('assessmentId', '=', assessmentId)
    .where('item', '=', item)
    .execute()
}

/** A correction's new version starts from the old version's findings and plan (new measure ids). */
export async function copyAdvice(
  db: Executor,
  fromId: string,
  toId: string,
  updatedAt: string,
  newId: () => string,
): Promise<void> {
  const { findings, plan } = await loadAdvice(db, fromId)
  for (const f of findings) await upsertFinding(db, toId, f, updatedAt)
  if (plan)
    await writePlan(
      db,
      toId,
      {
        ...plan,
        steps: plan.steps.map((s) => ({
          ...s,
          measures: s.measures.map((m) => ({ ...m, id: newId() })),
        })),
      },
      updatedAt,
    )
}

/** Assessments that hold findings or a plan. */
export async function assessmentsWithAdvice(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('adviceFindings')
    .select('assessmentId')
    .union(db.selectFrom('advicePlans').select('assessmentId'))
    .execute()
  return rows.map((r) => r.assessmentId)
}
