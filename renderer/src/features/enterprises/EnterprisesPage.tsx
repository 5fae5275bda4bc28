import { AimOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, Button } from 'antd'
import { useEffect } from 'react'
import { client } from '../../api'
import { coalesce } from '../../ui/coalesce'
import { EnterpriseFilters } from './EnterpriseFilters'
import { EnterpriseForm } from './EnterpriseForm'
import { EnterpriseTable } from './EnterpriseTable'
import { ImportDialog } from './ImportDialog'
import { NewAssessmentDialog } from './NewAssessmentDialog'
import { useEnterprises } from './enterprises.store'

/** 企业名录: the register, its filters and the create/edit/import/start dialogs. */
export function EnterprisesPage() {
  const load = useEnterprises((s) => s.load)
  const total = useEnterprises((s) => s.total)
  const error = useEnterprises((s) => s.error)
  const setEditing = useEnterprises((s) => s.setEditing)
  const setImporting = useEnterprises((s) => s.setImporting)
  const recent = useEnterprises((s) => s.recent)
  const recentHidden = useEnterprises((s) => s.recentHidden)
  const goToRecent = useEnterprises((s) => s.goToRecent)
  const clearFilters = useEnterprises((s) => s.clearFilters)

  useEffect(() => {
    // Back from an assessment: open the page that holds its enterprise.
    const st = useEnterprises.getState()
    void (st.recent ? st.goToRecent() : st.load())
    // a burst of saves (another window, an older host): one reload at a time, not one per event
    const offSaved = client().on('enterprise.saved', coalesce(load))
    const offImported = client().on('enterprises.imported', (p) =>
      useEnterprises.getState().imported(p.importId),
    )
    return () => {
      offSaved()
      offImported()
    }
  }, [load])

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2 className="page-title">企业名录</h2>
          <div className="muted">共 {total} 家企业</div>
        </div>
        <div className="page-actions">
          {recent ? (
            <Button
              icon={<AimOutlined />}
              onClick={() => void goToRecent()}
              title="打开此企业所在的页并标出它"
              data-testid="go-recent"
            >
              定位：{recent.name}
            </Button>
          ) : null}
          <Button
            icon={<UploadOutlined />}
            onClick={() => setImporting(true)}
            data-testid="open-import"
          >
            导入名单
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="new-enterprise"
          >
            新建企业
          </Button>
        </div>
      </div>
      <div className="card">
        <EnterpriseFilters />
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />
        ) : null}
        {recent && recentHidden ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="recent-hidden"
            message={`「${recent.name}」不在当前的搜索和筛选结果中。`}
            action={
              <Button
                size="small"
                onClick={() => {
                  clearFilters()
                  void goToRecent()
                }}
              >
                清除筛选并定位
              </Button>
            }
          />
        ) : null}
        <EnterpriseTable />
      </div>
      <EnterpriseForm />
      <ImportDialog />
      <NewAssessmentDialog />
    </div>
  )
}
