/**
 * zod shapes of the 诊断建议 (findings + accepted plan) and of what a signed bundle carries for
 * it: manifest.advice (`sme-dl-advice/v1`) and manifest.homogeneity. Errors name the field.
 * Both manifest fields are additive and optional: bundles without them verify as before.
 */
import { z } from 'zod'
import type { HomogeneityRecord } from './text'
import type {
  AcceptedPlan,
  AdviceMeasure,
  AdviceProduct,
  AdviceStep,
  DiagnosisAdvice,
  SceneFinding,
} from './types'

export const ADVICE_FORMAT_V1 = 'sme-dl-advice/v1'

/** Limits of what the assessor types (characters). */
export const TEXT_LIMITS = { finding: 2000, title: 120, text: 4000, name: 200 } as const

const SceneId = z.string().regex(/^SC\d{2}$/, '场景编号，如 SC06')
const ItemId = z.string().regex(/^(Q|SC)\d{2}$/, '题目或场景编号，如 Q04、SC06')
const Range = z
  .strictObject({ min: z.int().min(0), max: z.int().min(0) })
  .refine((r) => r.min <= r.max, { message: 'min 不能大于 max' })
const Fen = z.int('投入应为整数（分）').min(0, '投入不能为负').max(1e13, '投入过大')

export const sceneFindingSchema = z.strictObject({
  sceneId: SceneId,
  statusQuo: z.string().max(TEXT_LIMITS.finding),
  painPoints: z.string().max(TEXT_LIMITS.finding),
  needs: z.string().max(TEXT_LIMITS.finding),
}) satisfies z.ZodType<SceneFinding>

export const adviceMeasureSchema = z.strictObject({
  id: z.string().min(1).max(80),
  source: z.enum(['suggested', 'own']),
  entryKey: z.string().max(40).nullable(),
  title: z.string().trim().min(1, '措施名称不能为空').max(TEXT_LIMITS.title),
  text: z.string().max(TEXT_LIMITS.text),
  costYuan: Range.nullable(),
  weeks: Range.nullable(),
  investmentFen: Fen.nullable(),
}) satisfies z.ZodType<AdviceMeasure>

export const adviceProductSchema = z.strictObject({
  source: z.enum(['suggested', 'own']),
  code: z.string().max(64).nullable(),
  name: z.string().trim().min(1, '产品名称不能为空').max(TEXT_LIMITS.name),
  provider: z.string().max(TEXT_LIMITS.name),
  priceYuan: Range.nullable(),
}) satisfies z.ZodType<AdviceProduct>

const SceneLevelSchema = z.union([
  z.literal(0),
  z.literal(1),
  z.literal(2),
  z.literal(3),
  z.literal(4),
])
const Answer = z.union([z.string().max(8), z.array(z.string().max(8)).max(26)])

export const adviceStepSchema = z.strictObject({
  item: ItemId,
  kind: z.enum(['question', 'scene']),
  answer: Answer.optional(),
  level: SceneLevelSchema.optional(),
  before: z.union([Answer, SceneLevelSchema, z.null()]),
  gain: z.number().min(0),
  constrained: z.boolean().optional(),
  measures: z.array(adviceMeasureSchema).max(40),
  products: z.array(adviceProductSchema).max(40),
}) satisfies z.ZodType<AdviceStep>

const Target = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])

export const acceptedPlanSchema = z.strictObject({
  target: Target,
  measures: z.strictObject({
    id: z.string().min(1).max(64),
    version: z.string().max(32),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (SHA-256)'),
  }),
  products: z
    .strictObject({
      id: z.string().min(1).max(64),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (SHA-256)'),
    })
    .nullable(),
  acceptedAt: z.string().min(1).max(40),
  steps: z.array(adviceStepSchema).max(40),
}) satisfies z.ZodType<AcceptedPlan>

export const diagnosisAdviceSchema = z.strictObject({
  findings: z.array(sceneFindingSchema).max(40),
  plan: acceptedPlanSchema.nullable(),
}) satisfies z.ZodType<DiagnosisAdvice>

/** manifest.advice */
export interface AdviceRecord extends DiagnosisAdvice {
  format: typeof ADVICE_FORMAT_V1
  /** Re-scored with the plan applied (verify recomputes it); null without a plan. */
  after: { total: number; level: number } | null
  /** The assessor's investment estimates summed, fen. */
  investmentFen: number
}

export const adviceRecordSchema = z.strictObject({
  format: z.literal(ADVICE_FORMAT_V1),
  findings: diagnosisAdviceSchema.shape.findings,
  plan: diagnosisAdviceSchema.shape.plan,
  after: z.strictObject({ total: z.number(), level: z.int().min(0).max(4) }).nullable(),
  investmentFen: Fen,
}) satisfies z.ZodType<AdviceRecord>

/** manifest.homogeneity */
export const homogeneityRecordSchema = z.strictObject({
  policy: z.string().min(1).max(64),
  threshold: z.number().min(0).max(1),
  similarity: z.number().min(0).max(1),
  otherRecordId: z.string().min(1).max(80).nullable(),
  compared: z.int().min(0),
  judged: z.boolean(),
}) satisfies z.ZodType<HomogeneityRecord>
