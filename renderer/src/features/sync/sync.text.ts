/** Outbox state names and tag colours of the sync screen. */
export const OUTBOX_LABELS = {
  queued: '待发送',
  sending: '发送中',
  accepted: '已接收',
  rejected: '被拒绝',
} as const
export const OUTBOX_COLORS = {
  queued: 'processing',
  sending: 'gold',
  accepted: 'success',
  rejected: 'error',
} as const
