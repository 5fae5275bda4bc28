import { PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, Button } from 'antd'
import { useEffect } from 'react'
import { client } from '../../api'
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

  useEffect(() => {
    void load()
    return client().on('enterprise.saved', () => void load())
  }, [load])

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2 className="page-title">企业名录</h2>
          <div className="muted">共 {total} 家企业</div>
        </div>
        <div className="page-actions">
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
        <EnterpriseTable />
      </div>
      <EnterpriseForm />
      <ImportDialog />
      <NewAssessmentDialog />
    </div>
  )
}
