/**
 * Contract schemas of the 一企一策 plan (issue 13): 'plan.compute' (the least-effort plan of an
 * assessment for a target level, with measures, matching products, the score and level after it
 * and the projected subsidy for the enterprise's batch), the measures libraries and product
 * catalogues on this device ('references.planDocuments') and a signed one from a file
 * ('references.importDocument'). Figures from the library and the product catalogue are
 * indicative (参考值).
 */
import { z } from 'zod'
import { Base64, Id } from './common'

const Range = z.object({ min: z.int(), max: z.int() })
const Score = z.object({ total: z.number(), level: z.int().min(0).max(4) })
const ItemId = z.string().regex(/^(Q|SC)\d{2}$/, '题目或场景编号，如 Q04、SC06')

export const ComputePlanInput = z.object({
  assessmentId: Id,
  /** 二级 by default (the pilot's acceptance level) */
  target: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(2),
  /** A measures library by id (built-in or stored here); default: the newest published, else built-in */
  measuresId: z.string().min(1).max(64).optional(),
  /** Items the plan must leave as they are (the enterprise will not change them) */
  exclude: z.array(ItemId).max(40).default([]),
})

export const PlanMeasure = z.object({
  option: z.string().optional(),
  level: z.int().optional(),
  title: z.string(),
  actions: z.array(z.string()),
  systems: z.array(z.string()),
  data: z.array(z.string()),
  costYuan: Range,
  weeks: Range,
  effort: z.int(),
})

export const PlanProduct = z.object({
  code: z.string(),
  name: z.string(),
  provider: z.string(),
  priceYuan: Range,
  contact: z.string(),
  note: z.string().optional(),
})

export const PlanStepView = z.object({
  item: z.string(),
  kind: z.enum(['question', 'scene']),
  /** 「Q07 数据安全」 / 「SC03 营销管理（约束性）」 */
  name: z.string(),
  /** Questions: the complete answer after the change */
  answer: z.union([z.string(), z.array(z.string())]).optional(),
  /** Scenes: the level after the change */
  level: z.int().optional(),
  before: z.union([z.string(), z.array(z.string()), z.int(), z.null()]),
  options: z.array(z.string()).optional(),
  gain: z.number(),
  constrained: z.boolean().optional(),
  effort: z.int(),
  costYuan: Range,
  weeks: Range,
  /** One line: 「Q07 数据安全：「无」 → B（+1.25 分；工作量 2；参考费用 …）」 */
  headline: z.string(),
  measures: z.array(PlanMeasure),
  /** Products of the city's catalogue that serve this step, cheapest first */
  products: z.array(PlanProduct),
})

export const SubsidyProjection = z.object({
  policyId: z.string(),
  batch: z.int(),
  /** Level after the plan */
  level: z.int(),
  /** At the low and the high end of the indicative investment */
  low: z.object({ investmentFen: z.int(), retrofitFen: z.int(), totalFen: z.int() }),
  high: z.object({ investmentFen: z.int(), retrofitFen: z.int(), totalFen: z.int() }),
  /** The rule steps at the high end, in words */
  steps: z.array(z.string()),
})

export const PlanView = z.object({
  assessmentId: z.string(),
  target: z.int(),
  reachable: z.boolean(),
  before: Score,
  after: Score,
  effort: z.int(),
  costYuan: Range,
  obstacles: z.array(
    z.object({
      condition: z.enum(['score', 'scenes', 'constrainedScenes']),
      reachable: z.number(),
      need: z.number(),
      text: z.string(),
    }),
  ),
  excluded: z.array(z.string()),
  provisional: z.boolean(),
  ruleProfileId: z.string(),
  steps: z.array(PlanStepView),
  measures: z.object({
    id: z.string(),
    version: z.string(),
    hash: z.string(),
    title: z.string(),
    source: z.enum(['built-in', 'central', 'file']),
    publishedAt: z.string().nullable(),
    /** How to read the figures (参考值) */
    note: z.string(),
  }),
  /** The product catalogue the products come from; null = none pulled yet */
  products: z
    .object({ id: z.string(), title: z.string(), sha256: z.string(), publishedAt: z.string() })
    .nullable(),
  /** Projected subsidy (Hebi-2024) for the enterprise's batch; null with `subsidyNote` when not computable */
  subsidy: SubsidyProjection.nullable(),
  subsidyNote: z.string().nullable(),
  /** The plan as readable Chinese text (preview; compared by the homogeneity guard) */
  text: z.string(),
})

export const PlanDocumentEntry = z.object({
  kind: z.enum(['measures', 'products']),
  id: z.string(),
  catalogueId: z.string(),
  title: z.string(),
  source: z.enum(['built-in', 'central', 'file']),
  sha256: z.string(),
  publishedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  /** entries (measures) or products */
  count: z.int(),
})
export const PlanDocumentList = z.object({
  measures: z.array(PlanDocumentEntry),
  products: z.array(PlanDocumentEntry),
})

export const ImportDocumentInput = z.object({
  fileName: z.string().min(1, '文件名不能为空'),
  contentBase64: Base64,
})
export const ImportDocumentResult = z.object({
  status: z.enum(['stored', 'present']),
  document: PlanDocumentEntry,
})
