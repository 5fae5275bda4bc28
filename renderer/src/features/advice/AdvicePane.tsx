import { Alert, Spin } from 'antd'
import { useEffect, useMemo } from 'react'
import type { Catalogue } from '../../../../shared/domain/catalogue/types'
import './advice.css'
import { useAdvice } from './advice.store'
import { FindingsSection } from './FindingsSection'
import { PlanSection } from './PlanSection'

/**
 * The 诊断建议 step of a diagnosis (issue 13): the assessor's findings per scene and the
 * 一企一策 plan, accepted and edited; the live result of the plan is AdviceLive.
 */
export function AdvicePane({
  assessmentId,
  catalogue,
  constrainedScenes,
  readOnly,
}: {
  assessmentId: string
  catalogue: Catalogue
  constrainedScenes: readonly string[]
  readOnly: boolean
}) {
  const view = useAdvice((s) => (s.assessmentId === assessmentId ? s.view : null))
  const error = useAdvice((s) => s.error)
  const load = useAdvice((s) => s.load)
  const constrained = useMemo(() => new Set(constrainedScenes), [constrainedScenes])

  useEffect(() => {
    void load(assessmentId)
  }, [assessmentId, load])

  if (error) return <Alert type="error" showIcon message="无法打开诊断建议" description={error} />
  if (!view) return <Spin style={{ display: 'block', margin: '80px auto' }} />
  return (
    <article className="pane advice-pane" data-testid="advice-pane">
      <div className="pane-crumbs">诊断建议</div>
      <header className="pane-head">
        <h3 className="pane-title">诊断建议（现状、痛点问题、需求与改造方案）</h3>
      </header>
      <FindingsSection catalogue={catalogue} constrained={constrained} readOnly={readOnly} />
      <PlanSection catalogue={catalogue} readOnly={readOnly} />
    </article>
  )
}

/**
 * For the navigator: whether the 诊断建议 step of `assessmentId` is done (findings complete and a
 * plan taken). Loads the step's view when the workspace opens; the callback changes with it.
 */
export function useAdviceDone(assessmentId: string, enabled: boolean): (id: string) => boolean {
  const view = useAdvice((s) => (s.assessmentId === assessmentId ? s.view : null))
  useEffect(() => {
    if (enabled && useAdvice.getState().assessmentId !== assessmentId)
      void useAdvice.getState().load(assessmentId)
  }, [assessmentId, enabled])
  return useMemo(() => {
    const done = Boolean(view && view.plan && view.missingFindings.length === 0)
    return () => done
  }, [view])
}
