/**
 * Contract schemas of the 诊断建议 step (issue 13 items 5–7): the assessor's findings per scene,
 * the accepted plan (edited measures, products, investment estimates) and its live projection
 * (score and level after, projected subsidy), and the homogeneity check against other
 * enterprises' diagnoses on this device. Every write is one change, acknowledged after commit,
 * READ_ONLY once the assessment is completed or signed.
 */
import { z } from 'zod'
import {
  TEXT_LIMITS,
  acceptedPlanSchema,
  adviceProductSchema,
  sceneFindingSchema,
} from '../../domain/advice/schema'
import { Id } from './common'
import { SubsidyProjection } from './plan'

const SceneId = z.string().regex(/^SC\d{2}$/, '场景编号，如 SC06')
const ItemId = z.string().regex(/^(Q|SC)\d{2}$/, '题目或场景编号，如 Q04、SC06')
const Target = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
  error: '目标等级应为 1–4',
})
const Fen = z
  .int({ error: '投入估算应为整数（分）' })
  .min(0, '投入估算不能为负')
  .max(1e13, '投入估算过大')
const Weeks = z
  .object({
    min: z.int({ error: '工期应为整数（周）' }).min(0, '工期不能为负').max(520, '工期过长'),
    max: z.int({ error: '工期应为整数（周）' }).min(0, '工期不能为负').max(520, '工期过长'),
  })
  .refine((r) => r.min <= r.max, { message: '工期下限不能大于上限', path: ['min'] })
const finding = (what: string) =>
  z.string().max(TEXT_LIMITS.finding, `${what}过长（最多 ${TEXT_LIMITS.finding} 字）`)
const Title = z
  .string()
  .trim()
  .min(1, '措施名称不能为空')
  .max(TEXT_LIMITS.title, `措施名称过长（最多 ${TEXT_LIMITS.title} 字）`)
const Text = z.string().max(TEXT_LIMITS.text, `措施内容过长（最多 ${TEXT_LIMITS.text} 字）`)

export const AdviceInput = z.object({ assessmentId: Id })

export const SetFindingInput = z
  .object({
    assessmentId: Id,
    sceneId: SceneId,
    /** 现状 */
    statusQuo: finding('现状').optional(),
    /** 痛点问题 */
    painPoints: finding('痛点问题').optional(),
    /** 需求 */
    needs: finding('需求').optional(),
  })
  .refine((v) => v.statusQuo !== undefined || v.painPoints !== undefined || v.needs !== undefined, {
    message: '现状、痛点问题、需求至少填一项',
    path: ['statusQuo'],
  })

export const AcceptPlanInput = z.object({
  assessmentId: Id,
  /** 二级 by default (the pilot's acceptance level) */
  target: Target.default(2),
  measuresId: z.string().min(1).max(64).optional(),
  /** Items the plan must leave as they are */
  exclude: z.array(ItemId).max(40).default([]),
})

export const UpdateMeasureInput = z
  .object({
    assessmentId: Id,
    measureId: Id,
    title: Title.optional(),
    text: Text.optional(),
    /** The assessor's estimate in fen; null clears it */
    investmentFen: Fen.nullable().optional(),
    /** Duration in weeks; null clears it */
    weeks: Weeks.nullable().optional(),
  })
  .refine(
    (v) =>
      v.title !== undefined ||
      v.text !== undefined ||
      v.investmentFen !== undefined ||
      v.weeks !== undefined,
    { message: '名称、内容、投入估算、工期至少改一项', path: ['title'] },
  )

export const AddMeasureInput = z.object({
  assessmentId: Id,
  /** The plan step (item) the measure belongs to */
  item: ItemId,
  title: Title,
  text: Text.default(''),
  investmentFen: Fen.nullable().default(null),
  weeks: Weeks.nullable().default(null),
})

export const MeasureRefInput = z.object({ assessmentId: Id, measureId: Id })
export const StepRefInput = z.object({ assessmentId: Id, item: ItemId })

export const SetProductsInput = z.object({
  assessmentId: Id,
  item: ItemId,
  /** The step's products after the change (suggested ones kept, the assessor's own added) */
  products: z.array(adviceProductSchema).max(40, '每个步骤最多 40 个产品'),
})

const Score = z.object({ total: z.number(), level: z.int().min(0).max(4) })

export const AdviceProjectionView = z.object({
  target: z.int(),
  before: Score,
  after: Score,
  /** The kept steps reach the target */
  meets: z.boolean(),
  /** Steps not needed for the target */
  droppable: z.array(z.string()),
  /** Per step: 'open' (still to do) or 'reached' (the assessment already has it) */
  states: z.record(z.string(), z.enum(['open', 'reached'])),
  investment: z.object({
    estimatedFen: z.int(),
    measures: z.int(),
    estimated: z.int(),
    lowFen: z.int(),
    highFen: z.int(),
  }),
  subsidy: SubsidyProjection.nullable(),
  subsidyNote: z.string().nullable(),
})

export const TimelineView = z.object({
  rows: z.array(
    z.object({
      item: z.string(),
      startWeek: z.int(),
      endWeek: z.int(),
      lane: z.int(),
      unestimated: z.int(),
    }),
  ),
  totalWeeks: z.int(),
  unestimated: z.int(),
  lanes: z.int(),
})

export const AdviceView = z.object({
  assessmentId: z.string(),
  /** Completed or signed: nothing can change */
  readOnly: z.boolean(),
  findings: z.array(sceneFindingSchema),
  plan: acceptedPlanSchema.nullable(),
  /** The plan's target, or 二级 without a plan */
  target: z.int(),
  projection: AdviceProjectionView.nullable(),
  timeline: TimelineView.nullable(),
  /** Scenes below the target without complete findings (the 诊断报告 is a draft until none) */
  missingFindings: z.array(z.string()),
  /** Why the diagnosis is not formal yet, as far as the findings go */
  draftReasons: z.array(z.string()),
})

export const HomogeneityMatch = z.object({
  assessmentId: z.string(),
  /** The other diagnosis's record (its first version's assessment id) */
  recordId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  similarity: z.number(),
})

export const HomogeneityView = z.object({
  policy: z.object({ id: z.string(), threshold: z.number(), minTrigrams: z.int() }),
  /** This diagnosis's findings and plan text was long enough to judge */
  judged: z.boolean(),
  /** Other enterprises' diagnoses at or above the threshold, most similar first */
  matches: z.array(HomogeneityMatch),
  /** The most similar other diagnosis, whatever the threshold (null: none to compare) */
  best: HomogeneityMatch.nullable(),
  compared: z.int(),
})
