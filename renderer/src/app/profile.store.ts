/**
 * The assessor profile of this device (name, agency, default certificate), kept by the backend
 * ('profile.*'), loaded once at start. `editing` opens the profile dialog; at first start (no
 * profile yet) it opens by itself and cannot be dismissed without saving.
 */
import { create } from 'zustand'
import type { Output } from '../../../shared/contract'
import { client, errorMessage } from '../api'

type Profile = NonNullable<Output<'profile.get'>['profile']>

interface ProfileState {
  profile: Profile | null
  /** true once the backend answered (profile may still be null: first start). */
  loaded: boolean
  error: string | null
  editing: boolean
  load(): Promise<void>
  set(p: Profile | null): void
  setEditing(v: boolean): void
}

export const useProfile = create<ProfileState>((set) => ({
  profile: null,
  loaded: false,
  error: null,
  editing: false,
  async load() {
    try {
      const r = await client().call('profile.get', {})
      set({ profile: r.profile, loaded: true, error: null })
    } catch (e) {
      set({ error: errorMessage(e), loaded: true })
    }
  },
  set(p) {
    set({ profile: p })
  },
  setEditing(v) {
    set({ editing: v })
  },
}))
