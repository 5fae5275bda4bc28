/**
 * Events pushed from the backend to the UI (`on(event, listener)`), names `domain.happened`.
 */
import { z } from 'zod'

export const events = {
  /** An answer, scene, note, survey or info of an assessment was committed. */
  'assessment.saved': z.object({ assessmentId: z.string(), updatedAt: z.string() }),
  /** Status changed (completed, signed) or a correction version was created. */
  'assessment.statusChanged': z.object({
    assessmentId: z.string(),
    status: z.enum(['draft', 'completed', 'signed']),
  }),
  /** An enterprise was created or updated one at a time. */
  'enterprise.saved': z.object({ enterpriseId: z.string() }),
  /** An import wrote many enterprises at once: one event for the whole file. */
  'enterprises.imported': z.object({
    importId: z.string(),
    created: z.int(),
    updated: z.int(),
  }),
  /** Evidence added or removed. */
  'evidence.changed': z.object({ assessmentId: z.string(), itemId: z.string() }),
} as const

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>
export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void
