/**
 * 'reports.render': the 诊断报告 / 验收评价 of a stored assessment as a model (for the preview)
 * and, unless `pdf: false`, as PDF bytes, signed (PAdES) when `sign` carries a .p12.
 */
import { z } from 'zod'
import type { ReportModel } from '../../domain/report/types'
import { Id, IsoDate } from './common'

export const ReportKind = z.enum(['diagnosis', 'acceptance'], {
  error: '报告类型应为 diagnosis（诊断报告）或 acceptance（验收评价）',
})

export const RenderReportInput = z.object({
  assessmentId: Id,
  /** Default: acceptance for an acceptance assessment, else diagnosis. */
  kind: ReportKind.optional(),
  /**
   * Acceptance only: the SIGNED diagnosis before the retrofit — a bundle in this device's store
   * (made here or imported from a .dlbundle). Verified; same USCC; assessed earlier; the 验收评价
   * cites its manifest SHA-256 and report number. Without it the report is a draft.
   */
  beforeBundleId: z.string().min(1, '请选择改造前的已签名诊断').max(80).optional(),
  /** Acceptance draft without beforeBundleId: the local diagnosis to compare with (default the latest). */
  beforeAssessmentId: Id.optional(),
  /** Acceptance only, required there: 实际投入资金 in integer fen. */
  investmentFen: z.int({ error: '实际投入应为整数（分）' }).min(0, '实际投入不能为负').optional(),
  /** Acceptance only: actual diagnosis cost in fen; without it the diagnosis subsidy is 待核定. */
  diagnosisCostFen: z.int({ error: '诊断费用应为整数（分）' }).min(0).optional(),
  /** Date printed on the report; default today (backend clock, local date). */
  issuedOn: IsoDate.optional(),
  /** Default: derived from the content hash (ZD-/YS-YYYYMMDD-XXXXXXXX). */
  reportNumber: z.string().trim().min(1).max(64).optional(),
  /** Sign with the assessor's .p12/.pfx (base64; default: the profile's certificate) and its password; unsigned when absent. */
  sign: z
    .object({
      /** Absent: the default certificate of the assessor profile (profile.set). */
      p12Base64: z.string().min(1, '请选择 .p12/.pfx 证书文件').optional(),
      password: z.string(),
    })
    .optional(),
  /** false: the model only (fast preview), no PDF. */
  pdf: z.boolean().default(true),
})

/** 'recheck.report': the 数字化水平复核报告 of a 'recheck' assessment made by recheck.import. */
export const RecheckReportInput = z.object({
  recheckAssessmentId: Id,
  /** Date printed on the report; default today (backend clock, local date). */
  issuedOn: IsoDate.optional(),
  /** Sign with the reviewer's .p12/.pfx (base64; default: the profile's certificate) and its password; unsigned when absent. */
  sign: z
    .object({
      /** Absent: the default certificate of the assessor profile (profile.set). */
      p12Base64: z.string().min(1, '请选择 .p12/.pfx 证书文件').optional(),
      password: z.string(),
    })
    .optional(),
})

export const RenderReportResult = z.object({
  /** What the PDF shows (shared/domain/report/types.ts), for the workspace preview. */
  model: z.custom<ReportModel>(
    (v) => typeof v === 'object' && v !== null && 'kind' in v && 'header' in v,
  ),
  /** PDF bytes as base64; null when `pdf: false`. */
  pdfBase64: z.string().nullable(),
  /** Suggested file name, e.g. 诊断报告-<企业>-ZD-20250320-1A2B3C4D.pdf */
  fileName: z.string(),
  pages: z.int(),
  bytes: z.int(),
  reportNumber: z.string(),
  reportHash: z.string(),
  signed: z.boolean(),
  /** Signer certificate subject, when signed. */
  signer: z.string().nullable(),
  /** false: a draft (「草稿」 watermark, DRAFT- number, cannot be signed). */
  formal: z.boolean(),
  /** Why it is a draft (Chinese, one line each). */
  draftReasons: z.array(z.string()),
})

/** 'reports.list': the formal reports printed on this device (the report registry). */
export const ListReportsInput = z.object({ assessmentId: Id.optional() })
export const ReportRegistryEntry = z.object({
  number: z.string(),
  kind: z.enum(['diagnosis', 'acceptance', 'recheck']),
  /** The report hash: SHA-256 of the PDF's embedded report.json. */
  sha256: z.string(),
  assessmentId: z.string(),
  enterpriseName: z.string(),
  issuedOn: z.string(),
  signer: z.string().nullable(),
  signedAt: z.string().nullable(),
  createdAt: z.string(),
})
export type ReportRegistryEntry = z.infer<typeof ReportRegistryEntry>
export const ReportRegistryList = z.object({ items: z.array(ReportRegistryEntry) })
