import { z } from 'zod'
import { Base64, Id, IsoTime } from './common'

/** Q01–Q15, SC01–SC16, or 'survey' for the site-survey record. */
export const EvidenceItemId = z
  .string()
  .regex(/^((Q|SC)\d{2}|survey)$/, '佐证所属条目应形如 Q01、SC01 或 survey')

export const EvidenceMeta = z.object({
  id: Id,
  assessmentId: Id,
  itemId: EvidenceItemId,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.int(),
  /** Sniffed from the bytes, not taken from the name */
  mimeType: z.string(),
  /** Shown to people only; never used in a path */
  originalName: z.string(),
  createdAt: IsoTime,
})
export type EvidenceMeta = z.infer<typeof EvidenceMeta>

export const AddEvidenceInput = z.object({
  assessmentId: Id,
  itemId: EvidenceItemId,
  fileName: z.string().trim().min(1, '文件名不能为空').max(255, '文件名过长'),
  contentBase64: Base64,
})
export const ListEvidenceInput = z.object({ assessmentId: Id, itemId: EvidenceItemId.optional() })
export const EvidenceList = z.object({ items: z.array(EvidenceMeta) })
export const RemoveEvidenceResult = z.object({ removed: z.literal(true) })
export const EvidenceContent = z.object({
  id: Id,
  sha256: z.string(),
  mimeType: z.string(),
  originalName: z.string(),
  size: z.int(),
  contentBase64: Base64,
})
