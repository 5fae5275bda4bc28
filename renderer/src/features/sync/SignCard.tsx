/** Signs one completed assessment (with its evidence) into a bundle and queues it. */
import { Button, Select, Space } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { AssessmentSummary } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { useAssessmentLabels } from '../enterprises/labels'

export function SignCard({
  onSigned,
  onError,
}: {
  onSigned(): Promise<void> | void
  onError(message: string): void
}) {
  const label = useAssessmentLabels()
  const [items, setItems] = useState<AssessmentSummary[]>([])
  const [picked, setPicked] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    try {
      const r = await client().call('assessments.list', { status: 'completed' })
      setItems(r.items)
      setPicked((p) => (p && r.items.some((a) => a.id === p) ? p : r.items[0]?.id))
    } catch (e) {
      onError(errorMessage(e))
    }
  }, [onError])

  useEffect(() => {
    void load()
  }, [load])

  async function sign(): Promise<void> {
    if (!picked) return
    setBusy(true)
    try {
      await client().call('bundles.create', { assessmentId: picked, enqueue: true })
      await load()
      await onSigned()
    } catch (e) {
      onError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="card" data-testid="sign-card">
      <div className="card-head">
        <h3>签名打包</h3>
      </div>
      <p className="muted">已完成的评测签名后成为只读，连同佐证打成签名包放入发送队列。</p>
      <Space wrap>
        <Select
          style={{ minWidth: 420 }}
          value={picked}
          onChange={setPicked}
          placeholder={items.length ? '选择已完成的评测' : '没有待签名的已完成评测'}
          disabled={items.length === 0}
          data-testid="sign-pick"
          options={items.map((a) => ({
            value: a.id,
            label: `${a.enterpriseName} · ${label.kind(a.kind)} · v${a.version} · ${a.levelName} · ${a.total} 分`,
          }))}
        />
        <Button
          type="primary"
          disabled={!picked}
          loading={busy}
          onClick={() => void sign()}
          data-testid="sign-bundle"
        >
          签名打包
        </Button>
      </Space>
    </div>
  )
}
