import { Input } from 'antd'
import { useEffect, useRef, useState } from 'react'

const DEBOUNCE_MS = 400

/**
 * A text that saves itself like the item notes: 400 ms after the last keystroke, on blur, when
 * unmounted and when the page is hidden. Shows what was typed; `value` is read when mounted.
 */
export function DebouncedText({
  value,
  onSave,
  disabled,
  placeholder,
  maxLength,
  rows = 2,
  single = false,
  testId,
}: {
  value: string
  onSave(text: string): void
  disabled: boolean
  placeholder?: string
  maxLength: number
  rows?: number
  single?: boolean
  testId?: string
}) {
  const [text, setText] = useState(value)
  const dirty = useRef<string | null>(null)
  const timer = useRef<number | undefined>(undefined)
  const save = useRef(onSave)
  save.current = onSave

  const flush = (): void => {
    window.clearTimeout(timer.current)
    if (dirty.current !== null) {
      save.current(dirty.current)
      dirty.current = null
    }
  }

  useEffect(() => {
    const onHide = (): void => flush()
    window.addEventListener('pagehide', onHide)
    document.addEventListener('visibilitychange', onHide)
    return () => {
      window.removeEventListener('pagehide', onHide)
      document.removeEventListener('visibilitychange', onHide)
      flush()
    }
  }, [])

  const change = (v: string): void => {
    setText(v)
    dirty.current = v
    window.clearTimeout(timer.current)
    timer.current = window.setTimeout(flush, DEBOUNCE_MS)
  }
  const common = {
    value: text,
    disabled,
    placeholder,
    maxLength,
    onBlur: flush,
    'data-testid': testId,
  }
  return single ? (
    <Input {...common} onChange={(e) => change(e.target.value)} />
  ) : (
    <Input.TextArea
      {...common}
      autoSize={{ minRows: rows, maxRows: 10 }}
      onChange={(e) => change(e.target.value)}
    />
  )
}
