import { Button, Tag } from 'antd'
import type { CatalogueScene } from '../../../../shared/domain/catalogue/types'
import type { SceneLevel } from '../../../../shared/domain/scoring/types'
import { useAssessment } from './assessment.store'
import { EvidencePanel } from './EvidencePanel'
import { NoteField } from './NoteField'
import { OriginalItem } from '../recheck/OriginalItem'

const LEVEL_NAMES = ['一级', '二级', '三级', '四级']

/** One scene: the four verbatim level descriptions side by side; the assessor picks one or 0. */
export function ScenePane({
  scene,
  groupName,
  constrained,
  readOnly,
}: {
  scene: CatalogueScene
  groupName: string
  constrained: boolean
  readOnly: boolean
}) {
  const record = useAssessment((s) => s.detail?.scenes[scene.id])
  const setScene = useAssessment((s) => s.setScene)
  // a 复核: the signed original's answer, note and evidence for this item, read-only
  const recheckOf = useAssessment((s) =>
    s.detail?.assessment.kind === 'recheck' ? s.detail.assessment.id : null,
  )
  const level = record?.level ?? null
  const pick = (l: SceneLevel): void => {
    if (!readOnly) setScene(scene.id, l)
  }

  return (
    <article className="pane" data-testid="scene-pane" data-item={scene.id}>
      <div className="pane-crumbs">数字化经营 / {groupName} / 场景</div>
      <header className="pane-head">
        <span className="pane-id">{scene.id}</span>
        <h3 className="pane-title">{scene.name}</h3>
        <div className="pane-tags">
          {constrained ? <Tag color="volcano">约束性场景</Tag> : <Tag>非约束性</Tag>}
          <Tag color={level === null ? 'default' : 'green'} data-testid="scene-level">
            {level === null
              ? '未评定'
              : level === 0
                ? '未达一级'
                : `已评定：${LEVEL_NAMES[level - 1]}`}
          </Tag>
        </div>
      </header>
      <div className="scene-levels">
        {scene.levels.map((text, i) => {
          const l = (i + 1) as SceneLevel
          return (
            <button
              key={l}
              type="button"
              className={`scene-level${level === l ? ' on' : ''}${level !== null && level > l ? ' below' : ''}`}
              disabled={readOnly}
              onClick={() => pick(l)}
              aria-pressed={level === l}
              data-testid={`scene-level-${l}`}
            >
              <span className="scene-level-head">
                <span className="scene-level-key">{l}</span>
                {LEVEL_NAMES[i]}
              </span>
              <span className="scene-level-text">{text}</span>
            </button>
          )
        })}
      </div>
      <div className="pane-hint muted">
        <Button
          size="small"
          type={level === 0 ? 'primary' : 'default'}
          danger={level === 0}
          disabled={readOnly}
          onClick={() => pick(0)}
          data-testid="scene-level-0"
        >
          0 · 未达一级
        </Button>
        {level !== null && !readOnly ? (
          <Button type="link" size="small" onClick={() => setScene(scene.id, null)}>
            清除评定
          </Button>
        ) : null}
        <span>按 1–4 选择等级，0 = 未达一级 · ↓/↑ 切换场景 · ? 快捷键</span>
      </div>
      {recheckOf ? <OriginalItem recheckAssessmentId={recheckOf} itemId={scene.id} /> : null}
      <section className="pane-section">
        <h4>备注</h4>
        <NoteField itemId={scene.id} value={record?.note ?? ''} disabled={readOnly} />
      </section>
      <section className="pane-section">
        <h4>佐证材料</h4>
        <EvidencePanel itemId={scene.id} disabled={readOnly} />
      </section>
    </article>
  )
}
