import { CheckOutlined } from '@ant-design/icons'
import type { CatalogueQuestion } from '../../../../shared/domain/catalogue/types'
import { formatPoints } from '../../../../shared/domain/scoring'

/**
 * The options of one question as large click targets, each with its letter (the keyboard key).
 * Single choice behaves like radio buttons; multi choice like checkboxes, where 「无」 (exclusive)
 * clears every other option and any other option clears 「无」.
 */
export function OptionList({
  question,
  selected,
  disabled,
  onChange,
}: {
  question: CatalogueQuestion
  selected: string | string[] | null | undefined
  disabled: boolean
  onChange(next: string | string[] | null): void
}) {
  const keys = selected == null ? [] : Array.isArray(selected) ? selected : [selected]
  return (
    <div
      className={`options ${question.type}`}
      role={question.type === 'single' ? 'radiogroup' : 'group'}
    >
      {question.options.map((o) => {
        const on = keys.includes(o.key)
        return (
          <button
            key={o.key}
            type="button"
            role={question.type === 'single' ? 'radio' : 'checkbox'}
            aria-checked={on}
            disabled={disabled}
            className={`option${on ? ' on' : ''}`}
            onClick={() => onChange(toggleOption(question, selected, o.key))}
            data-testid={`option-${o.key}`}
          >
            <span className="option-key">{on ? <CheckOutlined /> : o.key}</span>
            <span className="option-text">{o.text}</span>
            <span className="option-score">{formatPoints(o.score)} 分</span>
          </button>
        )
      })}
    </div>
  )
}

/** The selection after pressing `key` (click or keyboard). */
export function toggleOption(
  q: CatalogueQuestion,
  selected: string | string[] | null | undefined,
  key: string,
): string | string[] | null {
  const opt = q.options.find((o) => o.key === key)
  if (!opt) return selected ?? null
  if (q.type === 'single') return selected === key ? selected : key
  const cur = selected == null ? [] : Array.isArray(selected) ? selected : [selected]
  if (cur.includes(key)) {
    const rest = cur.filter((k) => k !== key)
    return rest.length ? rest : null
  }
  if (opt.exclusive) return [key]
  const exclusive = new Set(q.options.filter((o) => o.exclusive).map((o) => o.key))
  const next = [...cur.filter((k) => !exclusive.has(k)), key]
  return q.options.map((o) => o.key).filter((k) => next.includes(k))
}
