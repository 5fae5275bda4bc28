import { z } from 'zod'
import { IsoTime } from './common'

export const AuditEntry = z.object({
  id: z.int(),
  at: IsoTime,
  actor: z.string(),
  /** e.g. 'enterprise.create', 'answer.set', 'assessment.complete' */
  action: z.string(),
  /** 'enterprise' | 'assessment' | 'evidence' | … */
  entity: z.string(),
  entityId: z.string(),
  detail: z.unknown(),
})
export type AuditEntry = z.infer<typeof AuditEntry>
export const ListAuditInput = z.object({
  entity: z.string().optional(),
  entityId: z.string().optional(),
  /** Entries with id < beforeId (paging backwards) */
  beforeId: z.int().optional(),
  limit: z.int().min(1).max(1000).default(100),
})
export const AuditList = z.object({ items: z.array(AuditEntry) })
