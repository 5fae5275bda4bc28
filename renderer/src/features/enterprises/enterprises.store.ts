/**
 * The register: filters, order and page live here and go to the backend, which returns one page
 * (server-side paging, sorting and search at 10,000 enterprises); the dialogs' open state; and
 * the enterprise last assessed, which the register can always jump to (the page that holds it).
 */
import { create } from 'zustand'
import type { CallInput, EnterpriseListItem, EnterpriseSort } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'

export type EnterpriseFilters = Omit<
  CallInput<'enterprises.list'>,
  'limit' | 'offset' | 'sort' | 'order'
>
export interface EnterpriseOrder {
  sort: EnterpriseSort
  order: 'asc' | 'desc'
}

export const PAGE_SIZES = [20, 50, 100] as const

interface EnterprisesState {
  filters: EnterpriseFilters
  order: EnterpriseOrder
  /** 1-based */
  page: number
  pageSize: number
  items: EnterpriseListItem[]
  total: number
  loading: boolean
  error: string | null
  /** The enterprise of the assessment opened last: the register can always go to it. */
  recent: { id: string; name: string } | null
  /** Highlighted row (after a jump) */
  focusId: string | null
  /** The recent enterprise is not in the filtered list */
  recentHidden: boolean
  /** null = closed; 'new' = create; otherwise the enterprise being edited */
  editing: EnterpriseListItem | 'new' | null
  importing: boolean
  /** Enterprise for which the "new assessment" dialog is open */
  starting: { enterprise: EnterpriseListItem; kind: 'diagnosis' | 'acceptance' } | null
  setFilters(patch: Partial<EnterpriseFilters>): void
  clearFilters(): void
  setOrder(o: EnterpriseOrder): void
  setPage(page: number, pageSize?: number): void
  load(): Promise<void>
  setRecent(r: { id: string; name: string } | null): void
  /** Opens the page holding the recent enterprise and highlights it. */
  goToRecent(): Promise<void>
  /** An import finished (this window's dialog or the event): refresh once per import. */
  imported(importId: string): void
  setEditing(e: EnterpriseListItem | 'new' | null): void
  setImporting(open: boolean): void
  setStarting(s: EnterprisesState['starting']): void
}

let seq = 0
const handledImports = new Set<string>()

export const useEnterprises = create<EnterprisesState>((set, get) => ({
  filters: {},
  order: { sort: 'name', order: 'asc' },
  page: 1,
  pageSize: 50,
  items: [],
  total: 0,
  loading: false,
  error: null,
  recent: null,
  focusId: null,
  recentHidden: false,
  editing: null,
  importing: false,
  starting: null,
  setFilters(patch) {
    const next = { ...get().filters, ...patch }
    for (const k of Object.keys(next) as (keyof EnterpriseFilters)[]) {
      if (next[k] === undefined || next[k] === '') delete next[k]
    }
    set({ filters: next, page: 1, focusId: null, recentHidden: false })
    void get().load()
  },
  clearFilters() {
    set({ filters: {}, page: 1, recentHidden: false })
    void get().load()
  },
  setOrder(order) {
    set({ order, page: 1 })
    void get().load()
  },
  setPage(page, pageSize) {
    set({ page, pageSize: pageSize ?? get().pageSize })
    void get().load()
  },
  async load() {
    const mine = ++seq
    set({ loading: true })
    const { filters, order, page, pageSize } = get()
    try {
      const res = await client().call('enterprises.list', {
        ...filters,
        ...order,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
      // A slower, older request must not overwrite a newer one.
      if (mine !== seq) return
      const last = Math.max(1, Math.ceil(res.total / pageSize))
      if (res.items.length === 0 && page > last) {
        // the list shrank under this page (filter, another window): show the last page
        set({ page: last })
        return get().load()
      }
      set({ items: res.items, total: res.total, loading: false, error: null })
    } catch (e) {
      if (mine === seq) set({ loading: false, error: errorMessage(e) })
    }
  },
  setRecent(recent) {
    if (recent?.id !== get().recent?.id) set({ recent })
  },
  async goToRecent() {
    const recent = get().recent
    if (!recent) return
    const { filters, order, pageSize } = get()
    try {
      const at = await client().call('enterprises.locate', { ...filters, ...order, id: recent.id })
      if (at.index === null) {
        set({ recentHidden: true, focusId: null })
        return
      }
      set({ page: Math.floor(at.index / pageSize) + 1, focusId: recent.id, recentHidden: false })
      await get().load()
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
  imported(importId) {
    if (handledImports.has(importId)) return
    handledImports.add(importId)
    void get().load()
  },
  setEditing: (editing) => set({ editing }),
  setImporting: (importing) => set({ importing }),
  setStarting: (starting) => set({ starting }),
}))
