import { Input } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useAssessment } from './assessment.store'

const DEBOUNCE_MS = 400

/**
 * The item's note. Saved 400 ms after the last keystroke, on blur, on switching items and when the
 * page is hidden — so that a closed window loses at most what was typed in that last instant.
 */
export function NoteField({
  itemId,
  value,
  disabled,
}: {
  itemId: string
  value: string
  disabled: boolean
}) {
  const setNote = useAssessment((s) => s.setNote)
  const [text, setText] = useState(value)
  const dirty = useRef<string | null>(null)
  const timer = useRef<number | undefined>(undefined)

  const flush = (): void => {
    window.clearTimeout(timer.current)
    if (dirty.current !== null) {
      setNote(itemId, dirty.current)
      dirty.current = null
    }
  }

  // Switching items: save the previous item's note, then show this one's.
  useEffect(() => {
    setText(value)
    return flush
  }, [itemId])

  useEffect(() => {
    const onHide = (): void => flush()
    window.addEventListener('pagehide', onHide)
    document.addEventListener('visibilitychange', onHide)
    return () => {
      window.removeEventListener('pagehide', onHide)
      document.removeEventListener('visibilitychange', onHide)
    }
  })

  return (
    <Input.TextArea
      value={text}
      disabled={disabled}
      autoSize={{ minRows: 2, maxRows: 8 }}
      maxLength={5000}
      placeholder="现场核查情况、访谈要点、存在问题……（自动保存）"
      onChange={(e) => {
        setText(e.target.value)
        dirty.current = e.target.value
        window.clearTimeout(timer.current)
        timer.current = window.setTimeout(flush, DEBOUNCE_MS)
      }}
      onBlur={flush}
      data-testid="note-input"
    />
  )
}
