import { Alert, Button, Tag } from 'antd'
import type { Catalogue, CatalogueQuestion } from '../../../../shared/domain/catalogue/types'
import { formatPoints } from '../../../../shared/domain/scoring'
import { useAssessment } from './assessment.store'
import { DataFields } from './DataFields'
import { EvidencePanel } from './EvidencePanel'
import { NoteField } from './NoteField'
import { OriginalItem } from '../recheck/OriginalItem'
import { OptionList } from './OptionList'

/** One scored question: verbatim text, definition, options, data fields, note, evidence. */
export function QuestionPane({
  catalogue,
  question,
  readOnly,
}: {
  catalogue: Catalogue
  question: CatalogueQuestion
  readOnly: boolean
}) {
  const answer = useAssessment((s) => s.detail?.answers[question.id])
  const score = useAssessment((s) => s.result?.questions.find((q) => q.id === question.id))
  const setAnswer = useAssessment((s) => s.setAnswer)
  // a 复核: the signed original's answer, note and evidence for this item, read-only
  const recheckOf = useAssessment((s) =>
    s.detail?.assessment.kind === 'recheck' ? s.detail.assessment.id : null,
  )
  const dim = catalogue.dimensions.find((d) => d.id === question.dimension)
  const sec = dim?.secondaries.find((s) => s.id === question.secondary)

  return (
    <article className="pane" data-testid="question-pane" data-item={question.id}>
      <div className="pane-crumbs">
        {dim?.name} / {sec?.name} / {question.tertiary.name}
      </div>
      <header className="pane-head">
        <span className="pane-id">{question.id}</span>
        <h3 className="pane-title">{question.text}</h3>
        <div className="pane-tags">
          <Tag color={question.type === 'single' ? 'blue' : 'purple'}>
            {question.type === 'single' ? '单选' : '多选'}
          </Tag>
          <Tag>满分 {formatPoints(question.maxScore)} 分</Tag>
          <Tag color={score?.answered ? 'green' : 'default'} data-testid="question-score">
            得分 {score?.answered ? formatPoints(score.score) : '—'}
          </Tag>
        </div>
      </header>
      {question.definition ? (
        <Alert className="definition" type="info" message={question.definition} />
      ) : null}
      <OptionList
        question={question}
        selected={answer?.selected}
        disabled={readOnly}
        onChange={(next) => setAnswer(question.id, next)}
      />
      <div className="pane-hint muted">
        {question.type === 'single' ? '按字母键选择' : '按字母键勾选/取消；「无」与其他选项互斥'} ·
        ↓/↑ 切换题目 · ? 快捷键
        {answer?.selected != null && !readOnly ? (
          <Button type="link" size="small" onClick={() => setAnswer(question.id, null)}>
            清除作答
          </Button>
        ) : null}
      </div>
      {question.formFields.length > 0 ? (
        <section className="pane-section">
          <h4>填报数据</h4>
          <DataFields question={question} disabled={readOnly} />
        </section>
      ) : null}
      {recheckOf ? <OriginalItem recheckAssessmentId={recheckOf} itemId={question.id} /> : null}
      <section className="pane-section">
        <h4>备注</h4>
        <NoteField itemId={question.id} value={answer?.note ?? ''} disabled={readOnly} />
      </section>
      <section className="pane-section">
        <h4>
          佐证材料
          {question.evidenceSuggestions.length > 0 ? (
            <span className="muted suggest">建议：{question.evidenceSuggestions.join('；')}</span>
          ) : null}
        </h4>
        <EvidencePanel itemId={question.id} disabled={readOnly} />
      </section>
    </article>
  )
}
