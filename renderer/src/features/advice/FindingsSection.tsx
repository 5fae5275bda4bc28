import { Collapse, Tag } from 'antd'
import { TEXT_LIMITS } from '../../../../shared/domain/advice/schema'
import type { Catalogue } from '../../../../shared/domain/catalogue/types'
import { levelName } from '../assessment/LevelBadge'
import { useAssessment } from '../assessment/assessment.store'
import { useAdvice } from './advice.store'
import { DebouncedText } from './DebouncedText'

const FIELDS = [
  { key: 'statusQuo', label: '现状', hint: '现场看到的做法、系统、数据（访谈与核查所得）' },
  { key: 'painPoints', label: '痛点问题', hint: '企业在该场景遇到的具体问题及其影响' },
  { key: 'needs', label: '需求', hint: '企业希望解决什么、达到什么效果' },
] as const

/** One scene's findings: 现状, 痛点问题, 需求, with the scene's note (现场核查情况) beside them. */
function FindingCard({
  sceneId,
  name,
  constrained,
  required,
  readOnly,
}: {
  sceneId: string
  name: string
  constrained: boolean
  required: boolean
  readOnly: boolean
}) {
  const finding = useAdvice((s) => s.view?.findings.find((f) => f.sceneId === sceneId))
  const missing = useAdvice((s) => s.view?.missingFindings.includes(sceneId) ?? false)
  const setFinding = useAdvice((s) => s.setFinding)
  const scene = useAssessment((s) => s.detail?.scenes[sceneId])
  return (
    <div className="advice-finding" id={`finding-${sceneId}`} data-testid={`finding-${sceneId}`}>
      <div className="advice-finding-head">
        <b>{sceneId}</b> {name}
        {constrained ? <Tag color="volcano">约束性</Tag> : null}
        <Tag>{scene?.level == null ? '未评定' : `现为${levelName(scene.level)}`}</Tag>
        {required ? (
          missing ? (
            <Tag color="orange">待填写</Tag>
          ) : (
            <Tag color="green">已填写</Tag>
          )
        ) : null}
      </div>
      {scene?.note ? <div className="advice-note muted">现场核查情况：{scene.note}</div> : null}
      <div className="advice-finding-fields">
        {FIELDS.map((f) => (
          <label key={f.key} className="advice-field">
            <span className="advice-field-label">{f.label}</span>
            <DebouncedText
              value={finding?.[f.key] ?? ''}
              onSave={(v) => setFinding(sceneId, { [f.key]: v })}
              disabled={readOnly}
              placeholder={f.hint}
              maxLength={TEXT_LIMITS.finding}
              testId={`finding-${sceneId}-${f.key}`}
            />
          </label>
        ))}
      </div>
    </div>
  )
}

/**
 * 诊断发现: the scenes below the target level first (a formal diagnosis needs all three texts for
 * each of them), the others folded away (optional).
 */
export function FindingsSection({
  catalogue,
  constrained,
  readOnly,
}: {
  catalogue: Catalogue
  constrained: ReadonlySet<string>
  readOnly: boolean
}) {
  const target = useAdvice((s) => s.view?.target ?? 2)
  const scenes = useAssessment((s) => s.detail?.scenes)
  const below = catalogue.scenes.filter((s) => (scenes?.[s.id]?.level ?? 0) < target)
  const others = catalogue.scenes.filter((s) => (scenes?.[s.id]?.level ?? 0) >= target)
  const card = (s: (typeof catalogue.scenes)[number], required: boolean) => (
    <FindingCard
      key={s.id}
      sceneId={s.id}
      name={s.name}
      constrained={constrained.has(s.id)}
      required={required}
      readOnly={readOnly}
    />
  )
  return (
    <section className="pane-section" data-testid="findings">
      <h4>
        诊断发现（现状、痛点问题、需求）
        <span className="muted">
          {' '}
          · 低于{levelName(target)}的 {below.length} 个场景须逐一填写，正式诊断报告才能出具
        </span>
      </h4>
      {below.map((s) => card(s, true))}
      {others.length ? (
        <Collapse
          ghost
          items={[
            {
              key: 'others',
              label: `已达${levelName(target)}的其他 ${others.length} 个场景（可选）`,
              children: others.map((s) => card(s, false)),
            },
          ]}
        />
      ) : null}
    </section>
  )
}
