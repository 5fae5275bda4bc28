/**
 * Keyboard use in the workspace (the list is shortcuts.ts, shown in the 快捷键 help):
 * ↓/↑ next/previous item, Alt+↓/↑ next/previous section, PageDown/PageUp scroll the item pane,
 * A–O pick or toggle an option of the question, 1–4 / 0 judge the scene, ? opens the help.
 * Moving never uses a letter or a digit, so no key means two things (Q04 has options J and K).
 * A key changes only the item the pane shows, and only while that pane is on screen; the option
 * or level it changed is scrolled into view. Keys typed into a field or a dialog are left alone.
 */
import { useEffect, type RefObject } from 'react'
import type { Catalogue } from '../../../../shared/domain/catalogue/types'
import type { SceneLevel } from '../../../../shared/domain/scoring/types'
import { useAssessment } from './assessment.store'
import { stepItem, stepSection, type ItemGroup } from './items'
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

/** The pane of `item` is rendered and at least partly inside its scroll area and the window. */
export function paneOnScreen(item: string, main: HTMLElement | null): boolean {
  const pane = document.querySelector(`.pane[data-item="${CSS.escape(item)}"]`)
  if (!pane || !main) return false
  const p = pane.getBoundingClientRect()
  const m = main.getBoundingClientRect()
  const top = Math.max(p.top, m.top, 0)
  const bottom = Math.min(p.bottom, m.bottom, window.innerHeight)
  return p.width > 0 && bottom - top > 0
}

function reveal(selector: string): void {
  document.querySelector(selector)?.scrollIntoView({ block: 'nearest' })
}

export function useWorkspaceKeys(opts: {
  catalogue: Catalogue | null
  groups: readonly ItemGroup[]
  order: string[]
  current: string
  readOnly: boolean
  go: (id: string) => void
  toggleHelp: () => void
  main: RefObject<HTMLElement | null>
}): void {
  const { catalogue, groups, order, current, readOnly, go, toggleHelp, main } = opts
  useEffect(() => {
    if (!catalogue) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || typing(e.target)) return
      const k = e.key
      if (k === '?' && !e.altKey) {
        // the help itself is a dialog: ? closes it again
        e.preventDefault()
        toggleHelp()
        return
      }
      if (overlayOpen()) return
      if (e.altKey) {
        if (k === 'ArrowDown' || k === 'ArrowUp') {
          e.preventDefault()
          go(stepSection(groups, current, k === 'ArrowDown' ? 1 : -1))
        }
        return
      }
      if (k === 'ArrowDown' || k === 'ArrowUp') {
        e.preventDefault()
        go(stepItem(order, current, k === 'ArrowDown' ? 1 : -1))
        return
      }
      if (k === 'PageDown' || k === 'PageUp') {
        const el = main.current
        if (!el) return
        e.preventDefault()
        el.scrollBy({ top: (k === 'PageDown' ? 0.85 : -0.85) * el.clientHeight })
        return
      }
      const q = catalogue.questions.find((x) => x.id === current)
      const scene = catalogue.scenes.find((x) => x.id === current)
      const letter = k.length === 1 ? k.toUpperCase() : ''
      const isOption = q && /^[A-O]$/.test(letter) && q.options.some((o) => o.key === letter)
      const isLevel = scene && /^[0-4]$/.test(k)
      if (!isOption && !isLevel) return
      e.preventDefault()
      // Never change an item the assessor cannot see.
      if (readOnly || !paneOnScreen(current, main.current)) return
      const st = useAssessment.getState()
      if (q && isOption) {
        st.setAnswer(q.id, toggleOption(q, st.detail?.answers[q.id]?.selected, letter))
        reveal(`[data-testid="option-${letter}"]`)
      } else if (scene) {
        st.setScene(scene.id, Number(k) as SceneLevel)
        reveal(`[data-testid="scene-level-${k}"]`)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [catalogue, groups, order, current, readOnly, go, toggleHelp, main])
}
