import { CheckCircleFilled, MinusCircleOutlined, PaperClipOutlined } from '@ant-design/icons'
import { useMemo } from 'react'
import type { Catalogue } from '../../../../shared/domain/catalogue/types'
import { useLocale } from '../../i18n/locale.store'
import { useAssessment } from './assessment.store'
import { itemGroups, type ItemGroup } from './items'

const LEVELS = ['0', '一', '二', '三', '四']

/** Dimension → question / scene, with a mark for every item that is done. */
export function Navigator({
  catalogue,
  current,
  onPick,
  extra,
  stepDone,
}: {
  catalogue: Catalogue
  current: string
  onPick(id: string): void
  /** Sections after the catalogue's (e.g. 诊断建议) */
  extra?: readonly ItemGroup[]
  /** Whether an item of kind 'step' is done */
  stepDone?: (id: string) => boolean
}) {
  const groups = useMemo(() => itemGroups(catalogue, extra), [catalogue, extra])
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
  const locale = useLocale((s) => s.locale)

  return (
    <nav className="navigator" aria-label="评测条目">
      {groups.map((g) => {
        const nDone = g.items.filter(done).length
        return (
          <div key={g.id} className="nav-group">
            <div className="nav-group-title">
              <span>{locale === 'en' ? g.titleEn : g.title}</span>
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
                    {i.kind === 'survey' ? '调研' : i.kind === 'step' ? '建议' : i.id}
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
