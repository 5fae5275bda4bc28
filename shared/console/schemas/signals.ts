import { z } from 'zod'
import { SIGNAL_TYPES } from '../../domain/integrity/types'

export const SignalId = z.string().regex(/^[0-9a-f]{64}$/, '信号编号须为 64 位十六进制')

export const ListSignalsInput = z.strictObject({
  status: z.enum(['open', 'cleared', 'all']).default('open'),
  type: z.enum(SIGNAL_TYPES).optional(),
  enterpriseKey: z.string().max(300).optional(),
})

export const SignalReview = z.object({
  action: z.literal('clear'),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
})

export const SignalView = z.object({
  id: z.string(),
  type: z.enum(SIGNAL_TYPES),
  label: z.string(),
  summary: z.string(),
  refs: z.array(
    z.object({ bundleId: z.string(), enterpriseKey: z.string(), enterpriseName: z.string() }),
  ),
  facts: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'cleared']),
  /** false once a later computation no longer finds it (kept for the record) */
  active: z.boolean(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  thresholds: z.string(),
  reviews: z.array(SignalReview),
})
export type SignalView = z.infer<typeof SignalView>

export const SignalList = z.object({
  computedAt: z.string().nullable(),
  /** New results arrived since computedAt (a reviewer or the scheduled CLI recomputes). */
  stale: z.boolean(),
  thresholds: z.record(z.string(), z.unknown()),
  counts: z.record(z.string(), z.number()),
  items: z.array(SignalView),
})

export const ClearSignalInput = z.strictObject({
  id: SignalId,
  reason: z
    .string()
    .trim()
    .min(4, '请填写清除理由（至少 4 个字）')
    .max(1000, '清除理由不超过 1000 字'),
})

export const RecomputeResult = z.object({
  computedAt: z.string(),
  records: z.number().int(),
  signals: z.number().int(),
  open: z.number().int(),
})
