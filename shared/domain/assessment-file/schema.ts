/**
 * `sme-dl-assessment/v1`: the JSON exchange format of one assessment (design.md §5). The zod
 * schemas check the shape; parseAssessmentFile (parse.ts) adds the checks against the catalogue.
 */
import { z } from 'zod'

export const ASSESSMENT_FORMAT_V1 = 'sme-dl-assessment/v1'

export const ASSESSMENT_KINDS = ['diagnosis', 'acceptance', 'recheck'] as const
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number]
export const ASSESSMENT_KIND_LABELS: Record<AssessmentKind, string> = {
  diagnosis: '诊断评测',
  acceptance: '验收评价',
  recheck: '复核',
}

/** 专精特新 status. */
export const ZJTX_STATUSES = ['none', 'innovative', 'provincial', 'little_giant'] as const
export type ZjtxStatus = (typeof ZJTX_STATUSES)[number]
export const ZJTX_LABELS: Record<ZjtxStatus, string> = {
  none: '无',
  innovative: '创新型中小企业',
  provincial: '省级专精特新中小企业',
  little_giant: '国家级专精特新“小巨人”企业',
}

/** 企业规模 (工信部联企业〔2011〕300号 categories). */
export const ENTERPRISE_SIZES = ['medium', 'small', 'micro'] as const
export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number]
export const ENTERPRISE_SIZE_LABELS: Record<EnterpriseSize, string> = {
  medium: '中型',
  small: '小型',
  micro: '微型',
}

/** Hebi pilot industries (试点行业) named in the pilot plan. */
export const HEBI_PILOT_INDUSTRIES = [
  '智能电器电子信息制造',
  '新材料制品制造',
  '绿色食品加工制造',
] as const

/** Whether `s` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const dt = new Date(Date.UTC(y, mo - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d
}

export const isoDate = z
  .string()
  .refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD' })

const text = z.string().trim().min(1, { message: 'must not be empty' })

export const enterpriseSchema = z.strictObject({
  name: text,
  /** 统一社会信用代码, checked with its GB 32100 check character. */
  uscc: z.string().optional(),
  /** 县区, e.g. 淇滨区 */
  county: text.optional(),
  /** 试点行业, e.g. 新材料制品制造 */
  industry: text.optional(),
  /** 细分行业 */
  subIndustry: text.optional(),
  size: z.enum(ENTERPRISE_SIZES).optional(),
  /** 试点批次 */
  batch: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  zjtx: z.enum(ZJTX_STATUSES).optional(),
})
export type EnterpriseInfo = z.infer<typeof enterpriseSchema>

export const assessorSchema = z.strictObject({ name: text, agency: text.optional() })
export type AssessorInfo = z.infer<typeof assessorSchema>

export const surveyPersonSchema = z.strictObject({
  name: text,
  agency: text,
  role: text,
  contact: text.optional(),
})
/** 现场调研记录: date, people on site (name, agency, role, contact), observations. */
export const siteSurveySchema = z.strictObject({
  date: isoDate,
  people: z.array(surveyPersonSchema),
  observations: z.string(),
})
export type SiteSurvey = z.infer<typeof siteSurveySchema>

/** The shape; answers, scenes, notes and fields are checked against the catalogue afterwards. */
export const assessmentFileShape = z.strictObject({
  format: z.literal(ASSESSMENT_FORMAT_V1),
  catalogue: z.string(),
  catalogueHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lowercase hex characters' })
    .optional(),
  ruleProfile: z.string().optional(),
  kind: z.enum(ASSESSMENT_KINDS),
  enterprise: enterpriseSchema,
  assessor: assessorSchema.optional(),
  assessedOn: isoDate.optional(),
  answers: z.record(z.string(), z.unknown()),
  scenes: z.record(z.string(), z.unknown()),
  notes: z.record(z.string(), z.string()).optional(),
  fields: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  survey: siteSurveySchema.optional(),
})
