import {
  ArrowLeftOutlined,
  CheckOutlined,
  DiffOutlined,
  EditOutlined,
  FilePdfOutlined,
} from '@ant-design/icons'
import { Alert, Button, Modal, Tag, Tooltip, message } from 'antd'
import { useState } from 'react'
import { errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { STATUS_COLORS, useAssessmentLabels } from '../enterprises/labels'
import { completionWarning } from '../advice/completion-warning'
import { useAssessment } from './assessment.store'
import { CorrectDialog } from './CorrectDialog'
import { ReportDialog } from './ReportDialog'
import { SaveStatus } from './SaveStatus'

/**
 * Enterprise, kind, version and status of the open assessment; save state; complete / correct;
 * the 快捷键 help.
 */
export function WorkspaceHeader({ onHelp }: { onHelp?: () => void }) {
  const label = useAssessmentLabels()
  const detail = useAssessment((s) => s.detail)
  const result = useAssessment((s) => s.result)
  const complete = useAssessment((s) => s.complete)
  const go = useRoute((s) => s.go)
  const [correcting, setCorrecting] = useState(false)
  const [reporting, setReporting] = useState(false)
  if (!detail) return null
  const a = detail.assessment
  const open = result ? result.unanswered.questions.length + result.unanswered.scenes.length : 0

  async function confirmComplete(): Promise<void> {
    // 诊断建议 (features/advice): told before completing when the text copies another enterprise's
    const warning = open === 0 ? await completionWarning(a.id, a.kind) : null
    Modal.confirm({
      title: '完成评测？',
      width: warning ? 560 : 416,
      content: (
        <>
          <p>
            {open > 0
              ? `还有 ${open} 项未完成，无法完成评测。`
              : `完成后本评测变为只读（当前：${result?.levelName ?? ''}，${result?.total ?? 0} 分）。之后如需修改，只能「更正」生成新版本。`}
          </p>
          {warning ? (
            <Alert type="error" showIcon message={warning} data-testid="complete-homogeneity" />
          ) : null}
        </>
      ),
      okText: '完成',
      cancelText: '取消',
      okButtonProps: { disabled: open > 0, ...({ 'data-testid': 'complete-confirm' } as object) },
      onOk: async () => {
        try {
          await complete()
          void message.success('评测已完成')
        } catch (e) {
          void message.error(errorMessage(e))
          throw e
        }
      },
    })
  }

  return (
    <div className="ws-head">
      <Button
        type="text"
        icon={<ArrowLeftOutlined />}
        onClick={() => go({ name: 'enterprises' })}
        aria-label="返回企业名录"
      />
      <div className="ws-title">
        <div className="ws-ent" data-testid="ws-enterprise">
          {detail.enterprise.name}
        </div>
        <div className="ws-sub">
          <Tag color="blue">{label.kind(a.kind)}</Tag>
          <Tag color={STATUS_COLORS[a.status]} data-testid="ws-status">
            {label.status(a.status)}
          </Tag>
          <span className="muted">
            第 {a.version} 版 · {a.assessorName}
            {a.assessorAgency ? `（${a.assessorAgency}）` : ''}
            {a.assessedOn ? ` · ${a.assessedOn}` : ''}
            {a.supersedeReason ? ` · 更正原因：${a.supersedeReason}` : ''}
          </span>
        </div>
      </div>
      <div className="ws-actions">
        {a.status === 'draft' ? <SaveStatus /> : null}
        {onHelp ? (
          <Tooltip title="快捷键（?）">
            <Button onClick={onHelp} data-testid="shortcut-help-open">
              快捷键 <kbd className="kbd-inline">?</kbd>
            </Button>
          </Tooltip>
        ) : null}
        <Button
          icon={<FilePdfOutlined />}
          onClick={() => setReporting(true)}
          data-testid="open-report"
        >
          {a.kind === 'acceptance' ? '验收评价' : '诊断报告'}
        </Button>
        <Button
          icon={<DiffOutlined />}
          onClick={() => go({ name: 'compare', enterpriseId: a.enterpriseId })}
        >
          前后对比
        </Button>
        {a.status === 'draft' ? (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            onClick={() => void confirmComplete()}
            data-testid="complete"
          >
            完成评测
          </Button>
        ) : a.supersededBy ? (
          <Button onClick={() => go({ name: 'assessment', id: a.supersededBy ?? '' })}>
            查看更正版本
          </Button>
        ) : (
          <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)} data-testid="correct">
            更正（新版本）
          </Button>
        )}
      </div>
      <CorrectDialog open={correcting} onClose={() => setCorrecting(false)} />
      <ReportDialog open={reporting} onClose={() => setReporting(false)} />
    </div>
  )
}
