/**
 * The report data (`sme-dl-report/v1`): the facts a report states, embedded in its PDF as
 * `report.json` (RFC 8785 canonical JSON). The report hash is the SHA-256 of exactly those bytes,
 * so anyone holding the PDF can recompute it (docs/architecture.md, "Reports a city can pay on").
 * Pure.
 */
import { ReportInputError } from './errors'
import { z } from 'zod'
import { adviceRecordSchema, type AdviceRecord } from '../advice/schema'
import { canonicalJson } from '../canonical-json'
import { sha256Hex } from '../hash'
import type { OverallLevel } from '../scoring/types'

export const REPORT_FORMAT_V1 = 'sme-dl-report/v1'
export const REPORT_DATA_NAME = 'report.json'
export const ASSESSMENT_ATTACHMENT = 'assessment.json'
export const DIAGNOSIS_MANIFEST_ATTACHMENT = 'diagnosis-manifest.json'
export const DIAGNOSIS_SIGNATURE_ATTACHMENT = 'diagnosis-signature.json'
export const ORIGINAL_MANIFEST_ATTACHMENT = 'original-manifest.json'
export const ORIGINAL_SIGNATURE_ATTACHMENT = 'original-signature.json'
/** Prefix of every draft number: a formal number never starts with it. */
export const DRAFT_PREFIX = 'DRAFT-'

export type ReportKindName = 'diagnosis' | 'acceptance' | 'recheck'
export const REPORT_NUMBER_PREFIX: Record<ReportKindName, string> = {
  diagnosis: 'ZD',
  acceptance: 'YS',
  recheck: 'FH',
}

/** A file embedded in the PDF next to report.json. */
export interface ReportFile {
  name: string
  bytes: Uint8Array
  mime: string
  /** Shown by PDF readers in the attachment list (Chinese). */
  description: string
}

export interface ReportAttachmentMeta {
  name: string
  sha256: string
  size: number
}

export interface ReportData {
  format: typeof REPORT_FORMAT_V1
  number: string
  kind: ReportKindName
  /** false: a draft (watermarked, DRAFT- number, never signed). */
  formal: boolean
  issuedOn: string
  assessedOn: string | null
  enterprise: { name: string; uscc: string | null }
  catalogue: { id: string; hash: string }
  ruleProfile: { id: string; sha256: string }
  /** As printed, e.g. '77.9'. */
  total: string
  level: OverallLevel
  levelName: string
  /** acceptance: passed / not_passed; recheck: consistent / inconsistent; else (and drafts) null. */
  verdict: 'passed' | 'not_passed' | 'consistent' | 'inconsistent' | null
  /** acceptance: the 测算合计 in fen; else null. */
  subsidyTotalFen: number | null
  /** acceptance: the cited signed diagnosis. */
  diagnosis: { manifestSha256: string; reportNumber: string | null } | null
  /** recheck: the signed original. */
  original: { manifestSha256: string } | null
  /** Every other embedded file, by name, with its SHA-256 and size. */
  attachments: ReportAttachmentMeta[]
  /**
   * diagnosis from the app: the assessor's 诊断建议 the report prints (findings, accepted plan,
   * re-scored `after`, estimated investment; `sme-dl-advice/v1`, as in manifest.advice). Absent
   * for a report from a file, which carries none; the PDF's 问题诊断 … 实施计划 chapters are then
   * the catalogue's.
   */
  advice?: AdviceRecord
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')

export const reportDataSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT_V1),
  number: z.string().min(1).max(80),
  kind: z.enum(['diagnosis', 'acceptance', 'recheck']),
  formal: z.boolean(),
  issuedOn: date,
  assessedOn: date.nullable(),
  enterprise: z.strictObject({ name: z.string(), uscc: z.string().nullable() }),
  catalogue: z.strictObject({ id: z.string(), hash: hex64 }),
  ruleProfile: z.strictObject({ id: z.string(), sha256: hex64 }),
  total: z.string().regex(/^\d{1,3}(\.\d{1,3})?$/, 'must be points as printed, e.g. 77.9'),
  level: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  levelName: z.string(),
  verdict: z.enum(['passed', 'not_passed', 'consistent', 'inconsistent']).nullable(),
  subsidyTotalFen: z.number().int().min(0).nullable(),
  diagnosis: z
    .strictObject({ manifestSha256: hex64, reportNumber: z.string().nullable() })
    .nullable(),
  original: z.strictObject({ manifestSha256: hex64 }).nullable(),
  attachments: z.array(
    z.strictObject({ name: z.string().min(1), sha256: hex64, size: z.number().int().min(0) }),
  ),
  advice: adviceRecordSchema.optional(),
}) satisfies z.ZodType<ReportData>

/** The bytes of report.json. */
export function reportDataText(data: ReportData): string {
  return canonicalJson(data)
}

/** The report hash: SHA-256 of report.json. */
export function reportHashOf(data: ReportData): string {
  return sha256Hex(reportDataText(data))
}

export function attachmentMeta(files: readonly ReportFile[]): ReportAttachmentMeta[] {
  const seen = new Set<string>()
  return files.map((f) => {
    if (f.name === REPORT_DATA_NAME || seen.has(f.name))
      throw new ReportInputError('attachments', `attachments: '${f.name}' given twice`)
    seen.add(f.name)
    return { name: f.name, sha256: sha256Hex(f.bytes), size: f.bytes.length }
  })
}

/**
 * Fills in the number: a given one (formal: must not look like a draft number; draft: prefixed
 * DRAFT-), else `<ZD|YS|FH>-<issuedOn YYYYMMDD>-<8 hex of the data with number ''>`, DRAFT- first
 * for a draft.
 */
export function numberReport(data: Omit<ReportData, 'number'>, given?: string): ReportData {
  const draft = data.formal ? '' : DRAFT_PREFIX
  let number = given?.trim()
  if (number) {
    if (number.toUpperCase().startsWith(DRAFT_PREFIX))
      throw new ReportInputError(
        'reportNumber',
        `reportNumber: '${number}' — a number may not start with ${DRAFT_PREFIX}`,
      )
    if (!/^[\x21-\x7e\u4e00-\u9fff]{1,64}$/.test(number))
      throw new ReportInputError(
        'reportNumber',
        `reportNumber: '${number}' — letters, digits and -/_ only, at most 64`,
      )
    number = draft + number
  } else {
    const h = sha256Hex(canonicalJson({ ...data, number: '' }))
    number = `${draft}${REPORT_NUMBER_PREFIX[data.kind]}-${data.issuedOn.replace(/-/g, '')}-${h.slice(0, 8).toUpperCase()}`
  }
  return { ...data, number }
}

/** What the QR code carries: the central verification address, or the payload itself. */
export function qrPayload(number: string, hash: string, verifyBaseUrl?: string): string {
  if (verifyBaseUrl) {
    const base = verifyBaseUrl.replace(/\/+$/, '')
    return `${base}/v1/reports/${encodeURIComponent(number)}?sha256=${hash}`
  }
  return `DLREPORT/2;NO=${number};SHA256=${hash}`
}
