import { z } from 'zod'

export const ListConsoleAuditInput = z.strictObject({
  beforeId: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(500).default(100),
})

export const ConsoleAuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  username: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.unknown(),
  ip: z.string().nullable(),
})
export const ConsoleAuditList = z.object({ items: z.array(ConsoleAuditEntry) })
