import { Alert, Button, Input, InputNumber } from 'antd'
import { useEffect, useState } from 'react'
import type { CatalogueQuestion } from '../../../../shared/domain/catalogue/types'
import { useAssessment } from './assessment.store'
import { suggestRatio } from './ratio-band'

type Value = number | string | null

/**
 * The platform's data-entry fields of a question (具体数据, 生产设备数量 …). For Q02/Q03 the device
 * counts give the ratio and the option whose band contains it, which the assessor can adopt.
 */
export function DataFields({
  question,
  disabled,
}: {
  question: CatalogueQuestion
  disabled: boolean
}) {
  const saved = useAssessment((s) => s.detail?.answers[question.id]?.fields)
  const q02 = useAssessment((s) => s.detail?.answers.Q02?.fields)
  const selected = useAssessment((s) => s.detail?.answers[question.id]?.selected)
  const setFields = useAssessment((s) => s.setFields)
  const setAnswer = useAssessment((s) => s.setAnswer)
  const [draft, setDraft] = useState<Record<string, Value>>({})

  useEffect(() => setDraft({}), [question.id])

  if (question.formFields.length === 0) return null
  const values: Record<string, Value> = { ...(saved ?? {}), ...draft }
  const commit = (id: string): void => {
    if (!(id in draft)) return
    const v = draft[id] ?? null
    if ((saved?.[id] ?? null) !== v) setFields(question.id, { [id]: v })
  }
  const suggestion = suggestRatio(question.id, question.options, values, q02 ?? {})

  return (
    <div className="data-fields">
      {question.formFields.map((f) => (
        <label key={f.id} className={`data-field ${f.kind}`}>
          <span className="data-field-label">{f.label}</span>
          {f.kind === 'number' ? (
            <InputNumber
              min={0}
              precision={0}
              disabled={disabled}
              value={typeof values[f.id] === 'number' ? (values[f.id] as number) : null}
              onChange={(v) => setDraft((d) => ({ ...d, [f.id]: v }))}
              onBlur={() => commit(f.id)}
              onPressEnter={() => commit(f.id)}
              suffix={f.unit}
              style={{ width: 160 }}
              data-testid={`field-${f.id}`}
            />
          ) : (
            <Input
              disabled={disabled}
              value={typeof values[f.id] === 'string' ? (values[f.id] as string) : ''}
              onChange={(e) => setDraft((d) => ({ ...d, [f.id]: e.target.value }))}
              onBlur={() => commit(f.id)}
              maxLength={500}
              data-testid={`field-${f.id}`}
            />
          )}
        </label>
      ))}
      {suggestion && 'error' in suggestion ? (
        <Alert type="warning" showIcon message={suggestion.error} />
      ) : null}
      {suggestion && !('error' in suggestion) ? (
        <Alert
          type={suggestion.key && suggestion.key === selected ? 'success' : 'info'}
          showIcon
          data-testid="ratio-suggestion"
          message={
            <span>
              {suggestion.label} = {suggestion.numerator} / {suggestion.denominator} ={' '}
              <b>{suggestion.percent.toFixed(1)}%</b>
              {suggestion.key ? (
                <>
                  ，对应选项 <b>{suggestion.key}</b>
                  {suggestion.key !== selected ? '（建议）' : '（已选）'}
                </>
              ) : null}
            </span>
          }
          action={
            suggestion.key && suggestion.key !== selected && !disabled ? (
              <Button
                size="small"
                type="primary"
                onClick={() => setAnswer(question.id, suggestion.key)}
              >
                采用 {suggestion.key}
              </Button>
            ) : null
          }
        />
      ) : null}
    </div>
  )
}
