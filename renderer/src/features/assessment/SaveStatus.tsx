import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons'
import { Button, Tooltip } from 'antd'
import { useT } from '../../i18n/locale.store'
import { useAssessment } from './assessment.store'

/** 已保存 / 保存中 / 保存失败 (with the reason and a retry). */
export function SaveStatus() {
  const t = useT()
  const save = useAssessment((s) => s.save)
  const error = useAssessment((s) => s.saveError)
  const retry = useAssessment((s) => s.retry)
  if (save === 'failed') {
    return (
      <span className="save-status failed" data-testid="save-status" data-state="failed">
        <Tooltip title={error}>
          <CloseCircleFilled /> {t('saveFailed')}：{error}
        </Tooltip>
        {retry ? (
          <Button size="small" type="link" onClick={retry}>
            {t('retry')}
          </Button>
        ) : null}
      </span>
    )
  }
  if (save === 'saving') {
    return (
      <span className="save-status saving" data-testid="save-status" data-state="saving">
        <LoadingOutlined /> {t('saving')}
      </span>
    )
  }
  return (
    <span className="save-status saved" data-testid="save-status" data-state="saved">
      <CheckCircleFilled /> {t('saved')}
    </span>
  )
}
