/** The catalogue (via the contract, pinned id + hash) and app info, loaded once at start. */
import { create } from 'zustand'
import type { Output } from '../../../shared/contract'
import { client, errorMessage } from '../api'

type CatalogueInfo = Output<'catalogue.get'>
type AppInfo = Output<'app.info'>

interface CatalogueState {
  info: CatalogueInfo | null
  app: AppInfo | null
  error: string | null
  load(): Promise<void>
  /** Loads again (after rule profiles were pulled or imported: the new-assessment picker). */
  refresh(): Promise<void>
}

export const useCatalogue = create<CatalogueState>((set, get) => ({
  info: null,
  app: null,
  error: null,
  async load() {
    if (get().info) return
    try {
      const [info, app] = await Promise.all([
        client().call('catalogue.get', {}),
        client().call('app.info', {}),
      ])
      set({ info, app, error: null })
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
  async refresh() {
    try {
      const info = await client().call('catalogue.get', {})
      set({ info, error: null })
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
}))
