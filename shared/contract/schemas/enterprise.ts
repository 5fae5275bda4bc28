import { z } from 'zod'
import { HEBI, HEBI_COUNTY_NAMES, HEBI_INDUSTRY_LIST, countyError } from '../../domain/city'
import { phoneError } from '../../domain/enterprise/phone'
import { Id, IsoTime } from './common'

/** The three Hebi pilot industries (试点行业), from the city data (shared/domain/city). */
export const PILOT_INDUSTRIES = HEBI_INDUSTRY_LIST
export const IndustryId = z.enum(['electrical_electronics', 'new_materials', 'green_food'], {
  error: '试点行业应为 智能电器电子信息制造 / 新材料制品制造 / 绿色食品加工制造 之一',
})
export type IndustryId = z.infer<typeof IndustryId>

export const ENTERPRISE_SIZES = [
  { id: 'medium', name: '中型' },
  { id: 'small', name: '小型' },
  { id: 'micro', name: '微型' },
] as const
export const EnterpriseSize = z.enum(['medium', 'small', 'micro'], {
  error: '企业规模应为 中型 / 小型 / 微型 之一',
})
export type EnterpriseSize = z.infer<typeof EnterpriseSize>

/** 专精特新 status. */
export const ZJTX_STATUSES = [
  { id: 'none', name: '无' },
  { id: 'innovative', name: '创新型中小企业' },
  { id: 'provincial', name: '省级专精特新中小企业' },
  { id: 'little_giant', name: '专精特新“小巨人”企业' },
] as const
export const ZjtxStatus = z.enum(['none', 'innovative', 'provincial', 'little_giant'], {
  error: '专精特新应为 无 / 创新型中小企业 / 省级专精特新 / 小巨人 之一',
})
export type ZjtxStatus = z.infer<typeof ZjtxStatus>

/** Counties/districts of Hebi (shared/domain/city). */
export const HEBI_COUNTIES = HEBI_COUNTY_NAMES

/** 试点批次 1–3: any other number is refused (never clamped). */
export const Batch = z
  .int({ error: '试点批次应为 1、2 或 3' })
  .min(1, '试点批次应为 1、2 或 3')
  .max(3, '试点批次应为 1、2 或 3（没有第 4 批）')

const req = (label: string, max = 200) =>
  z
    .string({ error: `${label}不能为空` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}过长（最多 ${max} 字）`)
const opt = (label: string, max = 200) =>
  z.string().trim().max(max, `${label}过长（最多 ${max} 字）`)

const fieldSchemas = {
  /** 统一社会信用代码, 18 chars (GB 32100). */
  uscc: z
    .string({ error: '统一社会信用代码不能为空' })
    .trim()
    .toUpperCase()
    .length(18, '统一社会信用代码应为 18 位'),
  name: req('企业名称'),
  /** One of the city's counties/districts (shared/domain/city; Hebi's by default). */
  county: req('县区', 50).superRefine((v, c) => {
    const e = countyError(HEBI, v)
    if (e) c.addIssue({ code: 'custom', message: e })
  }),
  industry: IndustryId,
  /** 细分行业 */
  subIndustry: opt('细分行业', 100),
  size: EnterpriseSize,
  zjtx: ZjtxStatus,
  /** 试点批次 1–3; null = not yet assigned */
  batch: Batch.nullable(),
  contact: opt('联系人', 50),
  /** Mainland mobile or landline (shared/domain/enterprise/phone); empty = none. */
  phone: opt('电话', 50).superRefine((v, c) => {
    const e = phoneError(v)
    if (e) c.addIssue({ code: 'custom', message: e })
  }),
  address: opt('地址', 300),
}

/** Editable enterprise fields (create). The USCC check character is verified by the backend. */
export const EnterpriseFields = z.object({
  ...fieldSchemas,
  subIndustry: fieldSchemas.subIndustry.default(''),
  zjtx: fieldSchemas.zjtx.default('none'),
  batch: fieldSchemas.batch.default(null),
  contact: fieldSchemas.contact.default(''),
  phone: fieldSchemas.phone.default(''),
  address: fieldSchemas.address.default(''),
})
/** A partial update: only the fields present change (no defaults applied). */
export const EnterprisePatch = z
  .object(fieldSchemas)
  .partial()
  .refine((p) => Object.keys(p).length > 0, '没有要修改的字段')
export type EnterpriseFields = z.infer<typeof EnterpriseFields>

export const Enterprise = EnterpriseFields.extend({
  id: Id,
  createdAt: IsoTime,
  updatedAt: IsoTime,
})
export type Enterprise = z.infer<typeof Enterprise>

export const AssessmentKind = z.enum(['diagnosis', 'acceptance', 'recheck'], {
  error: '评测类型应为 diagnosis（诊断）/ acceptance（验收）/ recheck（复核）',
})
export type AssessmentKind = z.infer<typeof AssessmentKind>
export const AssessmentStatus = z.enum(['draft', 'completed', 'signed'])
export type AssessmentStatus = z.infer<typeof AssessmentStatus>

export const EnterpriseListItem = Enterprise.extend({
  assessmentCount: z.int(),
  /** The most recently created current (not superseded) assessment, if any. */
  latestAssessment: z
    .object({
      id: Id,
      kind: AssessmentKind,
      status: AssessmentStatus,
      version: z.int(),
      updatedAt: IsoTime,
    })
    .nullable(),
})
export type EnterpriseListItem = z.infer<typeof EnterpriseListItem>

/** How the register can be ordered; every order ends on the id, so pages never overlap. */
export const ENTERPRISE_SORTS = [
  'name',
  'uscc',
  'county',
  'industry',
  'batch',
  'updatedAt',
  'assessedAt',
] as const
export const EnterpriseSort = z.enum(ENTERPRISE_SORTS, {
  error: `排序应为 ${ENTERPRISE_SORTS.join(' / ')} 之一`,
})
export type EnterpriseSort = z.infer<typeof EnterpriseSort>

/** The register's filters and order (without the page). */
export const EnterpriseQuery = z.object({
  /** Substring of name, USCC, contact, phone or 细分行业; letters also match the name's pinyin
   * (initials 'qbdq' or full 'qibin') */
  search: z.string().trim().max(100).optional(),
  county: z.string().trim().optional(),
  industry: IndustryId.optional(),
  batch: Batch.optional(),
  zjtx: ZjtxStatus.optional(),
  /** 'none' = no assessment yet; otherwise the status of the latest assessment */
  assessmentStatus: z.enum(['none', 'draft', 'completed', 'signed']).optional(),
  /** Absent = 'name': 拼音 order of the name */
  sort: EnterpriseSort.optional(),
  /** Absent = 'asc' */
  order: z.enum(['asc', 'desc'], { error: '顺序应为 asc 或 desc' }).optional(),
})
export type EnterpriseQuery = z.input<typeof EnterpriseQuery>

export const ListEnterprisesInput = EnterpriseQuery.extend({
  limit: z.int().min(1).max(1000).default(200),
  offset: z.int().min(0).default(0),
})
export const EnterpriseList = z.object({ items: z.array(EnterpriseListItem), total: z.int() })

/** Where one enterprise stands in the register under these filters and this order. */
export const LocateEnterpriseInput = EnterpriseQuery.extend({ id: Id })
export const LocateEnterpriseResult = z.object({
  /** 0-based position in the filtered, ordered register; null = the filters exclude it */
  index: z.int().nullable(),
  total: z.int(),
})

export const UpdateEnterpriseInput = z.object({
  id: Id,
  patch: EnterprisePatch,
  /**
   * Why the 统一社会信用代码, 企业名称 or 试点批次 changes. Required once the enterprise has a
   * completed or signed assessment (VALIDATION 'reason' naming the field otherwise); recorded
   * with the change, audited, and printed in later reports.
   */
  reason: z.string().trim().max(200, '修改原因过长（最多 200 字）').optional(),
})

/** One recorded change of an enterprise's identity (enterprises.identityChanges). */
export const IdentityChange = z.object({
  field: z.enum(['uscc', 'name', 'batch']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  reason: z.string(),
  changedAt: IsoTime,
})
export type IdentityChange = z.infer<typeof IdentityChange>
export const IdentityChangeList = z.object({
  items: z.array(IdentityChange),
  /** true when a change of uscc/name/batch needs a reason (completed or signed assessments). */
  reasonRequired: z.boolean(),
})
