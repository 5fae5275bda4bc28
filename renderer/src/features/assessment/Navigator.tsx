import { CheckCircleFilled, MinusCircleOutlined, PaperClipOutlined } from '@ant-design/icons'
import { useEffect, useRef } from 'react'
import { useAssessment } from './assessment.store'
import type { ItemGroup } from './items'

const LEVELS = ['0', '一', '二', '三', '四']

/**
 * Section → item (survey, questions by dimension, scenes by group, and any later sections), with a
 * mark for every item that is done; scrolls by itself so that the current item stays in view.
 */
export function Navigator({
  groups,
  current,
  onPick,
  stepDone,
}: {
  groups: readonly ItemGroup[]
  current: string
  onPick(id: string): void
  /** Whether an item of kind 'step' (a later section) is done */
  stepDone?: (id: string) => boolean
}) {
  const nav = useRef<HTMLElement>(null)
  const answers = useAssessment((s) => s.detail?.answers)
  const scenes = useAssessment((s) => s.detail?.scenes)
  const evidence = useAssessment((s) => s.detail?.evidence)
  const survey = useAssessment((s) => s.detail?.assessment.survey)
  const done = (i: { id: string; kind: string }): boolean =>
    i.kind === 'survey'
      ? Boolean(survey?.date && (survey.people.length > 0 || survey.observations.trim()))
      : i.kind === 'question'
        ? isAnswered(answers?.[i.id]?.selected)
        : i.kind === 'scene'
          ? scenes?.[i.id]?.level != null
          : (stepDone?.(i.id) ?? false)

  // The list follows the item on screen (keyboard, live-panel chips, reload).
  useEffect(() => {
    nav.current
      ?.querySelector(`[data-testid="nav-${CSS.escape(current)}"]`)
      ?.scrollIntoView({ block: 'nearest' })
  }, [current])

  return (
    <nav className="navigator" aria-label="评测条目" ref={nav} data-testid="navigator">
      {groups.map((g) => {
        const nDone = g.items.filter(done).length
        return (
          <div key={g.id} className="nav-group">
            <div className="nav-group-title">
              <span>{g.title}</span>
              <span className={nDone === g.items.length ? 'nav-count done' : 'nav-count'}>
                {nDone}/{g.items.length}
              </span>
            </div>
            {g.items.map((i) => {
              const isDone = done(i)
              const lvl = scenes?.[i.id]?.level
              const nEvidence = evidence?.filter((e) => e.itemId === i.id).length ?? 0
              return (
                <button
                  key={i.id}
                  type="button"
                  className={`nav-item${i.id === current ? ' active' : ''}${isDone ? ' done' : ''}`}
                  onClick={() => onPick(i.id)}
                  data-testid={`nav-${i.id}`}
                  data-done={isDone ? '1' : '0'}
                >
                  <span className="nav-mark">
                    {isDone ? <CheckCircleFilled /> : <MinusCircleOutlined />}
                  </span>
                  <span className="nav-id">
                    {i.kind === 'survey' ? '调研' : i.kind === 'step' ? '' : i.id}
                  </span>
                  <span className="nav-label">{i.label}</span>
                  {i.kind === 'scene' && lvl != null ? (
                    <span className="nav-level">{LEVELS[lvl]}级</span>
                  ) : null}
                  {nEvidence ? (
                    <span className="nav-ev">
                      <PaperClipOutlined />
                      {nEvidence}
                    </span>
                  ) : null}
                </button>
              )
            })}
          </div>
        )
      })}
    </nav>
  )
}

export function isAnswered(sel: string | string[] | null | undefined): boolean {
  return sel !== null && sel !== undefined && !(Array.isArray(sel) && sel.length === 0)
}
