import { client } from '../../api'
import { useAssessment } from '../assessment/assessment.store'
import { homogeneityWarning, useAdvice } from './advice.store'

/**
 * Before a diagnosis is completed: the homogeneity check of its findings and plan text against
 * the other enterprises' diagnoses on this device, as a warning naming them (null when none, or
 * when the check cannot run — completing is never blocked by it).
 */
export async function completionWarning(
  assessmentId: string,
  kind: string,
): Promise<string | null> {
  if (kind !== 'diagnosis') return null
  try {
    await useAssessment.getState().settled()
    const st = useAdvice.getState()
    const h =
      st.assessmentId === assessmentId
        ? await st.checkHomogeneity()
        : await client().call('advice.homogeneity', { assessmentId })
    return homogeneityWarning(h)
  } catch {
    return null
  }
}
