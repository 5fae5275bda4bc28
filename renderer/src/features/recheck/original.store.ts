/**
 * The signed original of a recheck (recheck.original), loaded once per recheck and kept for the
 * session; evidence files are fetched on demand (recheck.originalEvidence) as object URLs.
 */
import { create } from 'zustand'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'

export type RecheckOriginal = Output<'recheck.original'>

interface OriginalState {
  byId: Record<string, RecheckOriginal | { error: string }>
  urls: Record<string, string>
  load(recheckAssessmentId: string): Promise<void>
  url(recheckAssessmentId: string, sha256: string): Promise<string | null>
}

export const useRecheckOriginal = create<OriginalState>((set, get) => ({
  byId: {},
  urls: {},
  async load(id) {
    if (get().byId[id]) return
    try {
      const o = await client().call('recheck.original', { recheckAssessmentId: id })
      set({ byId: { ...get().byId, [id]: o } })
    } catch (e) {
      set({ byId: { ...get().byId, [id]: { error: errorMessage(e) } } })
    }
  },
  async url(id, sha256) {
    const have = get().urls[sha256]
    if (have) return have
    try {
      const f = await client().call('recheck.originalEvidence', {
        recheckAssessmentId: id,
        sha256,
      })
      const bytes = Uint8Array.from(atob(f.contentBase64), (c) => c.charCodeAt(0))
      const u = URL.createObjectURL(new Blob([bytes], { type: f.mime }))
      set({ urls: { ...get().urls, [sha256]: u } })
      return u
    } catch {
      return null
    }
  },
}))
