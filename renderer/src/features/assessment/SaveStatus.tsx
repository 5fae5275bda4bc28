import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons'
import { Button, Tooltip } from 'antd'
import { useAssessment } from './assessment.store'

/** 已保存 / 保存中 / 保存失败 (with the reason and a retry). */
export function SaveStatus() {
  const save = useAssessment((s) => s.save)
  const error = useAssessment((s) => s.saveError)
  const retry = useAssessment((s) => s.retry)
  if (save === 'failed') {
    return (
      <span className="save-status failed" data-testid="save-status" data-state="failed">
        <Tooltip title={error}>
          <CloseCircleFilled /> 保存失败：{error}
        </Tooltip>
        {retry ? (
          <Button size="small" type="link" onClick={retry}>
            重试
          </Button>
        ) : null}
      </span>
    )
  }
  if (save === 'saving') {
    return (
      <span className="save-status saving" data-testid="save-status" data-state="saving">
        <LoadingOutlined /> 保存中…
      </span>
    )
  }
  return (
    <span className="save-status saved" data-testid="save-status" data-state="saved">
      <CheckCircleFilled /> 已保存
    </span>
  )
}
