/** UI language: zh-CN by default, English as a switch; remembered in localStorage. */
import { create } from 'zustand'
import { en, zh, type MessageKey } from './messages'

export type Locale = 'zh-CN' | 'en'
const KEY = 'dl-assessor.locale'

function initial(): Locale {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

interface LocaleState {
  locale: Locale
  toggle(): void
}

export const useLocale = create<LocaleState>((set, get) => ({
  locale: initial(),
  toggle() {
    const next: Locale = get().locale === 'zh-CN' ? 'en' : 'zh-CN'
    try {
      localStorage.setItem(KEY, next)
    } catch {
      // private mode: the switch still works for this session
    }
    set({ locale: next })
  },
}))

/** `const t = useT(); t('save')` */
export function useT(): (key: MessageKey) => string {
  const locale = useLocale((s) => s.locale)
  const dict = locale === 'en' ? en : zh
  return (key) => dict[key]
}
