/** The enterprise register: filters, the current page of results, and the edit/import dialogs. */
import { create } from 'zustand'
import type { CallInput, EnterpriseListItem } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'

export type EnterpriseFilters = Omit<CallInput<'enterprises.list'>, 'limit' | 'offset'>

interface EnterprisesState {
  filters: EnterpriseFilters
  items: EnterpriseListItem[]
  total: number
  loading: boolean
  error: string | null
  /** null = closed; 'new' = create; otherwise the enterprise being edited */
  editing: EnterpriseListItem | 'new' | null
  importing: boolean
  /** Enterprise for which the "new assessment" dialog is open */
  starting: { enterprise: EnterpriseListItem; kind: 'diagnosis' | 'acceptance' } | null
  setFilters(patch: Partial<EnterpriseFilters>): void
  load(): Promise<void>
  setEditing(e: EnterpriseListItem | 'new' | null): void
  setImporting(open: boolean): void
  setStarting(s: EnterprisesState['starting']): void
}

let seq = 0

export const useEnterprises = create<EnterprisesState>((set, get) => ({
  filters: {},
  items: [],
  total: 0,
  loading: false,
  error: null,
  editing: null,
  importing: false,
  starting: null,
  setFilters(patch) {
    const next = { ...get().filters, ...patch }
    for (const k of Object.keys(next) as (keyof EnterpriseFilters)[]) {
      if (next[k] === undefined || next[k] === '') delete next[k]
    }
    set({ filters: next })
    void get().load()
  },
  async load() {
    const mine = ++seq
    set({ loading: true })
    try {
      const res = await client().call('enterprises.list', { ...get().filters, limit: 500 })
      // A slower, older search must not overwrite a newer one.
      if (mine === seq) set({ items: res.items, total: res.total, loading: false, error: null })
    } catch (e) {
      if (mine === seq) set({ loading: false, error: errorMessage(e) })
    }
  },
  setEditing: (editing) => set({ editing }),
  setImporting: (importing) => set({ importing }),
  setStarting: (starting) => set({ starting }),
}))
