import { PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, Button } from 'antd'
import { useEffect } from 'react'
import { client } from '../../api'
import { useT } from '../../i18n/locale.store'
import { coalesce } from '../../ui/coalesce'
import { EnterpriseFilters } from './EnterpriseFilters'
import { EnterpriseForm } from './EnterpriseForm'
import { EnterpriseTable } from './EnterpriseTable'
import { ImportDialog } from './ImportDialog'
import { NewAssessmentDialog } from './NewAssessmentDialog'
import { useEnterprises } from './enterprises.store'

/** 企业名录: the register, its filters and the create/edit/import/start dialogs. */
export function EnterprisesPage() {
  const t = useT()
  const load = useEnterprises((s) => s.load)
  const total = useEnterprises((s) => s.total)
  const error = useEnterprises((s) => s.error)
  const setEditing = useEnterprises((s) => s.setEditing)
  const setImporting = useEnterprises((s) => s.setImporting)

  useEffect(() => {
    void load()
    // an import saves hundreds of enterprises: one reload at a time, not one per event
    return client().on('enterprise.saved', coalesce(load))
  }, [load])

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2 className="page-title">{t('navEnterprises')}</h2>
          <div className="muted">{t('enterpriseCount').replace('{n}', String(total))}</div>
        </div>
        <div className="page-actions">
          <Button
            icon={<UploadOutlined />}
            onClick={() => setImporting(true)}
            data-testid="open-import"
          >
            {t('importList')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="new-enterprise"
          >
            {t('newEnterprise')}
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
