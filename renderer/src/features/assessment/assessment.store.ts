/**
 * The open assessment. Every change is one contract call, made at once and in order (a promise
 * queue, so a later answer can never be overtaken by an earlier one). The UI shows the change
 * immediately (optimistic, with the score recomputed by shared/domain scoreAssessment for instant
 * feedback); the backend's committed result replaces it when the queue is idle. A failed save keeps
 * what the assessor entered on screen and offers a retry — nothing typed is thrown away.
 */
import { create } from 'zustand'
import type {
  AnswerRecord,
  AssessmentDetail,
  CallInput,
  EvidenceMeta,
  Method,
  SceneRecord,
  Survey,
} from '../../../../shared/contract'
import type { PinnedCatalogue } from '../../../../shared/domain/catalogue/types'
import { scoreAssessment } from '../../../../shared/domain/scoring'
import type {
  Answers,
  AssessmentResult,
  RuleProfile,
  SceneJudgements,
  SceneLevel,
} from '../../../../shared/domain/scoring/types'
import { client, errorMessage } from '../../api'
import { fileToBase64 } from '../../ui/files'

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed'
type Selected = string | string[] | null
type FieldValues = AnswerRecord['fields']

interface ScoringContext {
  pinned: PinnedCatalogue
  profile: RuleProfile
}

interface AssessmentState {
  detail: AssessmentDetail | null
  result: AssessmentResult | null
  loading: boolean
  loadError: string | null
  save: SaveState
  saveError: string | null
  pending: number
  /** Re-runs the failed call */
  retry: (() => void) | null
  /** evidence id → data: URL of an image thumbnail */
  thumbs: Record<string, string>
  scoring: ScoringContext | null

  load(id: string, scoring: ScoringContext | null): Promise<void>
  setScoring(s: ScoringContext): void
  setAnswer(questionId: string, selected: Selected): void
  setScene(sceneId: string, level: SceneLevel | null): void
  setNote(itemId: string, note: string): void
  setFields(questionId: string, fields: FieldValues): void
  setSurvey(survey: Survey): void
  setInfo(patch: {
    assessorName?: string
    assessorAgency?: string
    assessedOn?: string | null
  }): void
  addEvidence(itemId: string, file: File): Promise<EvidenceMeta | null>
  removeEvidence(id: string): void
  loadThumb(e: EvidenceMeta): Promise<void>
  /**
   * Any other change of this assessment (e.g. the 诊断建议 step, features/advice) through the same
   * queue: in order with every other save, shown by the same save state, awaited by complete().
   */
  enqueueCall<M extends Method>(
    method: M,
    input: CallInput<M>,
    apply?: (out: unknown) => void,
  ): void
  /** Resolves when every change queued so far has been answered. */
  settled(): Promise<void>
  complete(): Promise<void>
  correct(reason: string): Promise<string>
  reset(): void
}

const now = (): string => new Date().toISOString()

function localResult(s: AssessmentState, d: AssessmentDetail): AssessmentResult | null {
  if (!s.scoring) return null
  const answers: Answers = {}
  for (const [id, a] of Object.entries(d.answers)) {
    if (a.selected !== null && !(Array.isArray(a.selected) && a.selected.length === 0))
      answers[id] = a.selected
  }
  const scenes: SceneJudgements = {}
  for (const [id, sc] of Object.entries(d.scenes))
    if (sc.level !== null) scenes[id] = sc.level as SceneLevel
  try {
    return scoreAssessment(s.scoring.pinned, s.scoring.profile, answers, scenes)
  } catch {
    return null // an answer the catalogue rejects: the backend will say which
  }
}

const blankAnswer = (questionId: string): AnswerRecord => ({
  questionId,
  selected: null,
  note: '',
  fields: {},
  updatedAt: now(),
})
const blankScene = (sceneId: string): SceneRecord => ({
  sceneId,
  level: null,
  note: '',
  updatedAt: now(),
})

export const useAssessment = create<AssessmentState>((set, get) => {
  let tail: Promise<void> = Promise.resolve()
  let generation = 0

  /** Queue one call; `apply` receives its output when it commits. */
  function enqueue<M extends Method>(
    method: M,
    input: CallInput<M>,
    apply?: (out: unknown) => void,
  ): void {
    const gen = generation
    set((s) => ({ pending: s.pending + 1, save: 'saving' }))
    const run = async (): Promise<void> => {
      try {
        const out: unknown = await client().call(method, input)
        if (gen !== generation) return
        apply?.(out)
        set((s) => {
          const pending = s.pending - 1
          return {
            pending,
            save: s.save === 'failed' && s.retry ? 'failed' : pending === 0 ? 'saved' : 'saving',
          }
        })
      } catch (e) {
        if (gen !== generation) return
        set((s) => ({
          pending: s.pending - 1,
          save: 'failed',
          saveError: errorMessage(e),
          retry: () => {
            set({ retry: null, saveError: null })
            enqueue(method, input, apply)
          },
        }))
      }
    }
    tail = tail.then(run)
  }

  function patchDetail(fn: (d: AssessmentDetail) => AssessmentDetail): void {
    const d = get().detail
    if (!d) return
    const next = fn(d)
    set({ detail: next, result: localResult(get(), next) ?? get().result })
  }

  /** When nothing else is queued, the backend's committed result is the truth. */
  function acceptResult(r: AssessmentResult): void {
    if (get().pending <= 1) set({ result: r })
  }

  return {
    detail: null,
    result: null,
    loading: false,
    loadError: null,
    save: 'idle',
    saveError: null,
    pending: 0,
    retry: null,
    thumbs: {},
    scoring: null,

    async load(id, scoring) {
      generation++
      set({
        loading: true,
        loadError: null,
        scoring,
        save: 'idle',
        saveError: null,
        retry: null,
        pending: 0,
      })
      try {
        const detail = await client().call('assessments.get', { id })
        set({ detail, result: detail.result, loading: false })
      } catch (e) {
        set({ loading: false, loadError: errorMessage(e), detail: null })
      }
    },
    setScoring(scoring) {
      set({ scoring })
    },

    setAnswer(questionId, selected) {
      const d = get().detail
      if (!d) return
      patchDetail((d) => ({
        ...d,
        answers: {
          ...d.answers,
          [questionId]: { ...(d.answers[questionId] ?? blankAnswer(questionId)), selected },
        },
      }))
      enqueue(
        'assessments.setAnswer',
        { assessmentId: d.assessment.id, questionId, selected },
        (out) => {
          const o = out as { answer: AnswerRecord; result: AssessmentResult }
          acceptResult(o.result)
        },
      )
    },

    setScene(sceneId, level) {
      const d = get().detail
      if (!d) return
      patchDetail((d) => ({
        ...d,
        scenes: {
          ...d.scenes,
          [sceneId]: { ...(d.scenes[sceneId] ?? blankScene(sceneId)), level },
        },
      }))
      enqueue('assessments.setScene', { assessmentId: d.assessment.id, sceneId, level }, (out) => {
        acceptResult((out as { result: AssessmentResult }).result)
      })
    },

    setNote(itemId, note) {
      const d = get().detail
      if (!d) return
      patchDetail((d) =>
        itemId.startsWith('SC')
          ? {
              ...d,
              scenes: {
                ...d.scenes,
                [itemId]: { ...(d.scenes[itemId] ?? blankScene(itemId)), note },
              },
            }
          : {
              ...d,
              answers: {
                ...d.answers,
                [itemId]: { ...(d.answers[itemId] ?? blankAnswer(itemId)), note },
              },
            },
      )
      enqueue('assessments.setNote', { assessmentId: d.assessment.id, itemId, note })
    },

    setFields(questionId, fields) {
      const d = get().detail
      if (!d) return
      patchDetail((d) => {
        const a = d.answers[questionId] ?? blankAnswer(questionId)
        return {
          ...d,
          answers: { ...d.answers, [questionId]: { ...a, fields: { ...a.fields, ...fields } } },
        }
      })
      enqueue('assessments.setNote', { assessmentId: d.assessment.id, itemId: questionId, fields })
    },

    setSurvey(survey) {
      const d = get().detail
      if (!d) return
      patchDetail((d) => ({ ...d, assessment: { ...d.assessment, survey } }))
      enqueue('assessments.updateSurvey', { assessmentId: d.assessment.id, survey })
    },

    setInfo(patch) {
      const d = get().detail
      if (!d) return
      patchDetail((d) => ({ ...d, assessment: { ...d.assessment, ...patch } }))
      enqueue('assessments.updateInfo', { id: d.assessment.id, ...patch })
    },

    async addEvidence(itemId, file) {
      const d = get().detail
      if (!d) return null
      set((s) => ({ pending: s.pending + 1, save: 'saving' }))
      try {
        const meta = await client().call('evidence.add', {
          assessmentId: d.assessment.id,
          itemId,
          fileName: file.name || 'evidence',
          contentBase64: await fileToBase64(file),
        })
        patchDetail((d) => ({ ...d, evidence: [...d.evidence, meta] }))
        set((s) => ({ pending: s.pending - 1, save: s.pending - 1 === 0 ? 'saved' : 'saving' }))
        return meta
      } catch (e) {
        // Not queued for retry: the file is still on the assessor's disk, the message says why.
        set((s) => ({ pending: s.pending - 1, save: s.pending - 1 === 0 ? 'saved' : 'saving' }))
        throw e
      }
    },

    removeEvidence(id) {
      patchDetail((d) => ({ ...d, evidence: d.evidence.filter((e) => e.id !== id) }))
      enqueue('evidence.remove', { id })
    },

    async loadThumb(e) {
      if (get().thumbs[e.id] || !e.mimeType.startsWith('image/')) return
      try {
        const c = await client().call('evidence.content', { id: e.id })
        set((s) => ({
          thumbs: { ...s.thumbs, [e.id]: `data:${c.mimeType};base64,${c.contentBase64}` },
        }))
      } catch {
        // a missing thumbnail is cosmetic; the list still shows name, size and hash
      }
    },

    enqueueCall(method, input, apply) {
      enqueue(method, input, apply)
    },

    settled() {
      return tail
    },

    async complete() {
      const d = get().detail
      if (!d) return
      await tail // every queued change first
      const detail = await client().call('assessments.complete', { id: d.assessment.id })
      set({ detail, result: detail.result })
    },

    async correct(reason) {
      const d = get().detail
      if (!d) throw new Error('no assessment')
      const detail = await client().call('assessments.correct', { id: d.assessment.id, reason })
      return detail.assessment.id
    },

    reset() {
      generation++
      set({
        detail: null,
        result: null,
        thumbs: {},
        save: 'idle',
        saveError: null,
        retry: null,
        pending: 0,
      })
    },
  }
})

/** Awaits every queued save (used before leaving the page and by tests). */
export function isSettled(): boolean {
  return useAssessment.getState().pending === 0
}
