import { z } from 'zod'

export const TargetProgressView = z.object({
  id: z.string(),
  title: z.string(),
  clause: z.string(),
  target: z.number(),
  unit: z.enum(['家', '%']),
  note: z.string(),
  current: z.number().nullable(),
  basis: z.string(),
  ratio: z.number().nullable(),
  met: z.boolean().nullable(),
})

export const ProgressGroupView = z.object({
  name: z.string(),
  enterprises: z.number().int(),
  diagnosed: z.number().int(),
  accepted: z.number().int(),
  acceptedAtLeast2: z.number().int(),
  acceptedLevel4: z.number().int(),
  zjtx: z.number().int(),
  currentLevels: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
})
export type ProgressGroupView = z.infer<typeof ProgressGroupView>

export const ProgressView = z.object({
  planTitle: z.string(),
  dataAt: z.string(),
  bundles: z.number().int(),
  records: z.number().int(),
  targets: z.array(TargetProgressView),
  total: ProgressGroupView,
  byCounty: z.array(ProgressGroupView),
  byIndustry: z.array(ProgressGroupView),
  byBatch: z.array(ProgressGroupView),
  byProvider: z.array(ProgressGroupView),
})
export type ProgressView = z.infer<typeof ProgressView>

const Line = z.object({
  id: z.string(),
  title: z.string(),
  estimatedFen: z.number().int(),
  capFen: z.number().int(),
  remainingFen: z.number().int(),
  over: z.boolean(),
  message: z.string(),
  source: z.string(),
})

export const BudgetBatchView = z.object({
  batch: z.string(),
  enterprises: z.number().int(),
  diagnosisFen: z.number().int(),
  retrofitFen: z.number().int(),
  totalFen: z.number().int(),
  /** The retrofit rule of the batch at 二级/三级, e.g. 不超过实际投入 50%，最高 50 万元 */
  rule: z.string(),
})

export const BudgetEnterpriseRow = z.object({
  key: z.string(),
  name: z.string(),
  batch: z.number().int().nullable(),
  level: z.number().int().nullable(),
  investmentFen: z.number().int().nullable(),
  diagnosisFen: z.number().int(),
  retrofitFen: z.number().int(),
  problem: z.string().nullable(),
})

export const BudgetInput = z.strictObject({
  batch: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
})
export const BudgetView = z.object({
  policyTitle: z.string(),
  notes: z.array(z.string()),
  lines: z.array(Line),
  byBatch: z.array(BudgetBatchView),
  rows: z.array(BudgetEnterpriseRow),
  anyOver: z.boolean(),
})
export type BudgetView = z.infer<typeof BudgetView>
