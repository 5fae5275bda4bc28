/**
 * The assessment timeline a signed bundle carries (manifest.timeline, issue 16 §2): one event per
 * audit_log row about the assessment — when it happened, what kind of write it was and which
 * item — without the values written. Read from the append-only, hash-chained log, so the central
 * service can see how the assessment was recorded (items judged within seconds, an assessor at
 * two enterprises at once) without a copy of the device's database.
 */
import {
  TIMELINE_ACTIONS,
  type TimelineAction,
  type TimelineEvent,
} from '../../../shared/domain/bundle/types'
import type { Executor } from '../db/tx'

const ACTIONS: ReadonlySet<string> = new Set(TIMELINE_ACTIONS)

function itemIdOf(action: string, detail: unknown): string | null {
  const d = (detail ?? {}) as Record<string, unknown>
  const id =
    action === 'answer.set'
      ? d['questionId']
      : action === 'scene.set'
        ? d['sceneId']
        : action === 'note.set' || action === 'evidence.add' || action === 'evidence.remove'
          ? d['itemId']
          : null
  return typeof id === 'string' && /^(Q\d{2}|SC\d{2}|survey)$/.test(id) ? id : null
}

/** The timeline of one assessment, up to and including audit row `upToRow` when given. */
export async function assessmentTimeline(
  db: Executor,
  assessmentId: string,
  upToRow?: number,
): Promise<TimelineEvent[]> {
  let q = db
    .selectFrom('auditLog')
    .select(['id', 'at', 'action', 'detail'])
    .where('entity', '=', 'assessment')
    .where('entityId', '=', assessmentId)
  if (upToRow !== undefined) q = q.where('id', '<=', upToRow)
  const rows = await q.orderBy('id').execute()
  const events: TimelineEvent[] = []
  for (const r of rows) {
    if (!ACTIONS.has(r.action)) continue
    let detail: unknown = null
    try {
      detail = JSON.parse(r.detail)
    } catch {
      detail = null
    }
    events.push({
      row: r.id,
      at: r.at,
      action: r.action as TimelineAction,
      itemId: itemIdOf(r.action, detail),
    })
  }
  return events
}
