/**
 * The 诊断建议 step of the open diagnosis: findings per scene and the accepted plan with its live
 * projection. Every change is one contract call ('advice.*') through the assessment's save queue
 * (in order with every other save, shown by the same save state, awaited before completing); the
 * backend answers each with the whole view after commit, which replaces what is shown. Texts are
 * kept by their fields while typed (debounced), so an answer never overwrites typing.
 */
import { create } from 'zustand'
import type { CallInput, Method, Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { useAssessment } from '../assessment/assessment.store'

export type AdviceView = Output<'advice.get'>
export type HomogeneityView = Output<'advice.homogeneity'>
export type AdviceProductInput = CallInput<'advice.setProducts'>['products'][number]

interface AdviceState {
  assessmentId: string | null
  view: AdviceView | null
  loading: boolean
  error: string | null
  homogeneity: HomogeneityView | null
  /** An accept is on its way (the button shows it) */
  accepting: boolean

  load(assessmentId: string): Promise<void>
  setFinding(
    sceneId: string,
    patch: { statusQuo?: string; painPoints?: string; needs?: string },
  ): void
  acceptPlan(target: 1 | 2 | 3 | 4): Promise<void>
  clearPlan(): void
  updateMeasure(
    measureId: string,
    patch: Omit<CallInput<'advice.updateMeasure'>, 'assessmentId' | 'measureId'>,
  ): void
  addMeasure(input: Omit<CallInput<'advice.addMeasure'>, 'assessmentId'>): void
  removeMeasure(measureId: string): void
  removeStep(item: string): void
  setProducts(item: string, products: AdviceProductInput[]): void
  checkHomogeneity(): Promise<HomogeneityView | null>
  reset(): void
}

export const useAdvice = create<AdviceState>((set, get) => {
  function send<M extends Method>(method: M, input: Omit<CallInput<M>, 'assessmentId'>): void {
    const id = get().assessmentId
    if (!id) return
    useAssessment
      .getState()
      .enqueueCall(method, { ...input, assessmentId: id } as CallInput<M>, (out) => {
        if (get().assessmentId === id) set({ view: out as AdviceView })
      })
  }

  return {
    assessmentId: null,
    view: null,
    loading: false,
    error: null,
    homogeneity: null,
    accepting: false,

    async load(assessmentId) {
      set({ assessmentId, loading: true, error: null, homogeneity: null })
      try {
        const view = await client().call('advice.get', { assessmentId })
        if (get().assessmentId === assessmentId) set({ view, loading: false })
      } catch (e) {
        if (get().assessmentId === assessmentId)
          set({ view: null, loading: false, error: errorMessage(e) })
      }
    },

    setFinding(sceneId, patch) {
      send('advice.setFinding', { sceneId, ...patch })
    },

    async acceptPlan(target) {
      const id = get().assessmentId
      if (!id) return
      set({ accepting: true })
      await new Promise<void>((resolve) => {
        useAssessment
          .getState()
          .enqueueCall('advice.acceptPlan', { assessmentId: id, target }, (out) => {
            if (get().assessmentId === id) set({ view: out as AdviceView })
            resolve()
          })
        // a refused accept is shown by the save state (with its reason); the button frees up
        const unsub = useAssessment.subscribe((s) => {
          if (s.save === 'failed' || s.pending === 0) {
            unsub()
            resolve()
          }
        })
      })
      set({ accepting: false })
    },

    clearPlan() {
      send('advice.clearPlan', {})
    },
    updateMeasure(measureId, patch) {
      send('advice.updateMeasure', { measureId, ...patch })
    },
    addMeasure(input) {
      send('advice.addMeasure', input)
    },
    removeMeasure(measureId) {
      send('advice.removeMeasure', { measureId })
    },
    removeStep(item) {
      send('advice.removeStep', { item })
    },
    setProducts(item, products) {
      send('advice.setProducts', { item, products })
    },

    async checkHomogeneity() {
      const id = get().assessmentId
      if (!id) return null
      const h = await client().call('advice.homogeneity', { assessmentId: id })
      if (get().assessmentId === id) set({ homogeneity: h })
      return h
    },

    reset() {
      set({ assessmentId: null, view: null, homogeneity: null, error: null, accepting: false })
    },
  }
})

/** 「与 某企业 的诊断发现和改造方案高度雷同（相似度 92%）」, or null. */
export function homogeneityWarning(h: HomogeneityView | null): string | null {
  if (!h || h.matches.length === 0) return null
  const names = h.matches
    .slice(0, 3)
    .map((m) => `「${m.enterpriseName}」（相似度 ${Math.round(m.similarity * 100)}%）`)
    .join('、')
  return `本诊断的诊断发现和改造方案文字与本机上 ${names} 的诊断高度雷同（阈值 ${Math.round(h.policy.threshold * 100)}%）。请按本企业现场情况重写，避免被认定为套用。`
}
