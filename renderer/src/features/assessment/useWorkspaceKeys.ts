/**
 * Keyboard use in the workspace: J/K or ↓/↑ = next/previous item; on a question A–O picks
 * (or toggles) that option; on a scene 1–4 picks the level and 0 = 未达一级. Keys typed into a
 * field (note, data entry) are left alone. Q04 has options J and K: there the letters pick the
 * options (the letter always means its option), and ↓/↑ move — the pane says so.
 */
import { useEffect } from 'react'
import type { Catalogue } from '../../../../shared/domain/catalogue/types'
import type { SceneLevel } from '../../../../shared/domain/scoring/types'
import { useAssessment } from './assessment.store'
import { stepItem } from './items'
import { toggleOption } from './OptionList'

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

/** A dialog or drawer is open: its keys are its own. */
function overlayOpen(): boolean {
  return [...document.querySelectorAll('.ant-modal-wrap, .ant-drawer-open')].some(
    (el) => getComputedStyle(el).display !== 'none',
  )
}

export function useWorkspaceKeys(
  catalogue: Catalogue | null,
  order: string[],
  current: string,
  readOnly: boolean,
  go: (id: string) => void,
): void {
  useEffect(() => {
    if (!catalogue) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return
      if (overlayOpen()) return
      const k = e.key
      const st = useAssessment.getState()
      const q = current.startsWith('Q')
        ? catalogue.questions.find((x) => x.id === current)
        : undefined
      const letter = k.length === 1 ? k.toUpperCase() : ''
      if (q && /^[A-O]$/.test(letter) && q.options.some((o) => o.key === letter)) {
        e.preventDefault()
        if (!readOnly)
          st.setAnswer(q.id, toggleOption(q, st.detail?.answers[q.id]?.selected, letter))
        return
      }
      if (k === 'j' || k === 'J' || k === 'ArrowDown') {
        e.preventDefault()
        go(stepItem(order, current, 1))
        return
      }
      if (k === 'k' || k === 'K' || k === 'ArrowUp') {
        e.preventDefault()
        go(stepItem(order, current, -1))
        return
      }
      if (!readOnly && current.startsWith('SC') && /^[0-4]$/.test(k)) {
        e.preventDefault()
        st.setScene(current, Number(k) as SceneLevel)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [catalogue, order, current, readOnly, go])
}
