/**
 * 验收档案（一企一档, issue 8）: the materials checklist (attach files, or missing/waived with a
 * reason), the investment ledger (amounts typed in 元, stored as integer 分; invoice and payment
 * files per row), its totals, the subsidy computation with every rule and the caps that limited
 * it, and the verdict. Route: #/dossier/<enterpriseId>.
 */
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, Button, Spin } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { DossierView } from '../../../../shared/contract/schemas/dossier'
import { client, errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { ChecklistCard } from './ChecklistCard'
import { LedgerCard } from './LedgerCard'
import { SubsidyCard } from './SubsidyCard'

const VERDICT = {
  passed: { type: 'success', title: '验收通过' },
  not_passed: { type: 'error', title: '验收不通过' },
  blocked: { type: 'warning', title: '暂不能作出验收结论' },
} as const

export function DossierPage({ enterpriseId }: { enterpriseId: string }) {
  const go = useRoute((s) => s.go)
  const [view, setView] = useState<DossierView | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    client()
      .call('dossier.get', { enterpriseId })
      .then(
        (v) => live && setView(v),
        (e: unknown) => live && setError(errorMessage(e)),
      )
    return () => {
      live = false
    }
  }, [enterpriseId])

  /** Runs a write that returns the new view; its error is shown and thrown on to the caller. */
  const update = useCallback(async (p: Promise<DossierView>) => {
    const v = await p
    setView(v)
    return v
  }, [])

  if (error && !view) return <Alert type="error" showIcon message={error} style={{ margin: 24 }} />
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '120px auto' }} />
  const vd = VERDICT[view.verdict.verdict]

  return (
    <div className="page" data-testid="dossier-page">
      <div className="page-head">
        <div className="page-head-left">
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => go({ name: 'enterprises' })}
            aria-label="返回"
          />
          <div>
            <h2 className="page-title">验收档案（一企一档）· {view.enterprise.name}</h2>
            <div className="muted">
              {view.template.title} · 模板 {view.template.version} ·{' '}
              {view.enterprise.batch ? `第${view.enterprise.batch}批` : '未定批次'}
              {view.acceptance
                ? ` · 验收评测：${view.acceptance.levelName}${view.acceptance.provisional ? '（未答完）' : ''}`
                : ' · 尚无验收评测'}
            </div>
          </div>
        </div>
      </div>
      <Alert
        data-testid="dossier-verdict"
        data-verdict={view.verdict.verdict}
        type={vd.type}
        showIcon
        message={vd.title}
        description={
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {view.verdict.messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        }
        style={{ marginBottom: 16 }}
      />
      <ChecklistCard view={view} update={update} />
      <LedgerCard view={view} update={update} />
      <SubsidyCard view={view} />
    </div>
  )
}
