import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Input } from 'antd'
import { useEffect, useRef, useState } from 'react'
import type { Survey } from '../../../../shared/contract'
import { useAssessment } from './assessment.store'
import { EvidencePanel } from './EvidencePanel'

type Person = Survey['people'][number]
const DEBOUNCE_MS = 500

/**
 * Who assesses, when, and the site-survey record (现场调研记录: date, people met, observations),
 * saved as it is typed (debounced, and on blur / page hide). Its evidence is item 'survey'.
 */
export function SurveyPane({ readOnly }: { readOnly: boolean }) {
  const a = useAssessment((s) => s.detail?.assessment)
  const setSurvey = useAssessment((s) => s.setSurvey)
  const setInfo = useAssessment((s) => s.setInfo)
  const [draft, setDraft] = useState<Survey | null>(null)
  const timer = useRef<number | undefined>(undefined)
  const pending = useRef<Survey | null>(null)

  const flush = (): void => {
    window.clearTimeout(timer.current)
    if (pending.current) {
      setSurvey(pending.current)
      pending.current = null
    }
  }
  useEffect(() => {
    window.addEventListener('pagehide', flush)
    return () => {
      window.removeEventListener('pagehide', flush)
      flush()
    }
  })
  if (!a) return null
  const survey = draft ?? a.survey

  const change = (next: Survey, now = false): void => {
    setDraft(next)
    // A person without a name is not saved yet (the contract requires one); the row stays on screen.
    const valid = { ...next, people: next.people.filter((p) => p.name.trim() !== '') }
    pending.current = valid
    window.clearTimeout(timer.current)
    if (now) flush()
    else timer.current = window.setTimeout(flush, DEBOUNCE_MS)
  }
  const setPerson = (i: number, patch: Partial<Person>): void =>
    change({ ...survey, people: survey.people.map((p, j) => (j === i ? { ...p, ...patch } : p)) })

  return (
    <article className="pane" data-testid="survey-pane" data-item="survey">
      <div className="pane-crumbs">评测信息与现场调研</div>
      <header className="pane-head">
        <h3 className="pane-title">评测信息</h3>
      </header>
      <div className="survey-grid">
        <label>
          <span className="data-field-label">评测人员</span>
          <Input
            defaultValue={a.assessorName}
            disabled={readOnly}
            maxLength={50}
            onBlur={(e) => {
              const v = e.target.value.trim()
              if (v && v !== a.assessorName) setInfo({ assessorName: v })
            }}
          />
        </label>
        <label>
          <span className="data-field-label">评测机构（服务商）</span>
          <Input
            defaultValue={a.assessorAgency}
            disabled={readOnly}
            maxLength={100}
            onBlur={(e) => {
              if (e.target.value.trim() !== a.assessorAgency)
                setInfo({ assessorAgency: e.target.value.trim() })
            }}
          />
        </label>
        <label>
          <span className="data-field-label">评测日期</span>
          <Input
            type="date"
            defaultValue={a.assessedOn ?? ''}
            disabled={readOnly}
            onChange={(e) => setInfo({ assessedOn: e.target.value || null })}
          />
        </label>
      </div>

      <section className="pane-section">
        <h4>现场调研记录</h4>
        <div className="survey-grid">
          <label>
            <span className="data-field-label">调研日期</span>
            <Input
              type="date"
              value={survey.date ?? ''}
              disabled={readOnly}
              onChange={(e) => change({ ...survey, date: e.target.value || null }, true)}
              data-testid="survey-date"
            />
          </label>
        </div>
      </section>
      <section className="pane-section">
        <h4>
          调研人员
          {!readOnly ? (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() =>
                setDraft({
                  ...survey,
                  people: [...survey.people, { name: '', agency: '', role: '', contact: '' }],
                })
              }
              data-testid="survey-add-person"
            >
              添加
            </Button>
          ) : null}
        </h4>
        {survey.people.length === 0 ? <div className="muted">尚未填写调研人员</div> : null}
        {survey.people.map((p, i) => (
          <div key={i} className="person-row">
            <Input
              placeholder="姓名"
              value={p.name}
              disabled={readOnly}
              onChange={(e) => setPerson(i, { name: e.target.value })}
              onBlur={flush}
              data-testid={`survey-person-${i}`}
            />
            <Input
              placeholder="单位"
              value={p.agency}
              disabled={readOnly}
              onChange={(e) => setPerson(i, { agency: e.target.value })}
              onBlur={flush}
            />
            <Input
              placeholder="职务 / 角色"
              value={p.role}
              disabled={readOnly}
              onChange={(e) => setPerson(i, { role: e.target.value })}
              onBlur={flush}
            />
            <Input
              placeholder="联系方式"
              value={p.contact}
              disabled={readOnly}
              onChange={(e) => setPerson(i, { contact: e.target.value })}
              onBlur={flush}
            />
            {!readOnly ? (
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label="删除"
                onClick={() =>
                  change({ ...survey, people: survey.people.filter((_, j) => j !== i) }, true)
                }
              />
            ) : null}
          </div>
        ))}
      </section>
      <section className="pane-section">
        <h4>调研情况</h4>
        <Input.TextArea
          value={survey.observations}
          disabled={readOnly}
          autoSize={{ minRows: 5, maxRows: 16 }}
          maxLength={20000}
          placeholder="企业基本情况、生产现场与信息系统调研情况、访谈要点……（自动保存）"
          onChange={(e) => change({ ...survey, observations: e.target.value })}
          onBlur={flush}
          data-testid="survey-observations"
        />
      </section>
      <section className="pane-section">
        <h4>调研佐证（现场照片、签到表等）</h4>
        <EvidencePanel itemId="survey" disabled={readOnly} />
      </section>
    </article>
  )
}
