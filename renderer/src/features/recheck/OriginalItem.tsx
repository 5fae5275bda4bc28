/**
 * Beside a recheck's question or scene: what the signed original said for this item — its
 * answer, the assessor's note and evidence — read-only (issue 14).
 */
import { FileOutlined } from '@ant-design/icons'
import { Image } from 'antd'
import { useEffect, useState } from 'react'
import { formatBytes } from '../../ui/files'
import { useRecheckOriginal } from './original.store'

function EvidenceLink({
  id,
  sha256,
  name,
  mime,
  size,
}: {
  id: string
  sha256: string
  name: string
  mime: string
  size: number
}) {
  const url = useRecheckOriginal((s) => s.urls[sha256])
  const load = useRecheckOriginal((s) => s.url)
  const image = mime.startsWith('image/')
  useEffect(() => {
    if (image) void load(id, sha256)
  }, [image, id, sha256, load])
  const [opening, setOpening] = useState(false)
  if (image && url)
    return (
      <span className="original-evidence">
        <Image src={url} width={72} height={72} alt={name} style={{ objectFit: 'cover' }} />
        <span className="muted">{name}</span>
      </span>
    )
  return (
    <a
      className="original-evidence"
      onClick={() => {
        if (opening) return
        setOpening(true)
        void load(id, sha256).then((u) => {
          setOpening(false)
          if (u) window.open(u, '_blank', 'noopener')
        })
      }}
    >
      <FileOutlined /> {name}（{formatBytes(size)}）
    </a>
  )
}

export function OriginalItem({
  recheckAssessmentId,
  itemId,
  label,
}: {
  recheckAssessmentId: string
  itemId: string
  /** Shown instead of the generic heading (the list on the 复核 page names each item). */
  label?: string
}) {
  const o = useRecheckOriginal((s) => s.byId[recheckAssessmentId])
  const load = useRecheckOriginal((s) => s.load)
  useEffect(() => {
    void load(recheckAssessmentId)
  }, [recheckAssessmentId, load])
  if (!o) return null
  if ('error' in o)
    return (
      <section className="pane-section original-item">
        <h4>原评测（签名包，只读）</h4>
        <div className="header-warn">{o.error}</div>
      </section>
    )
  const item = o.items.find((i) => i.itemId === itemId)
  return (
    <section className="pane-section original-item" data-testid="original-item">
      <h4>
        {label ?? '原评测（签名包，只读）'}
        <span className="muted suggest">
          {o.assessorName}
          {o.assessorAgency ? `（${o.assessorAgency}）` : ''} ·{' '}
          {o.assessedOn ?? o.signedAt.slice(0, 10)}
        </span>
      </h4>
      <div>
        原结果：
        <strong data-testid="original-value">
          {item?.value ?? (itemId.startsWith('SC') ? '未判定' : '未作答')}
        </strong>
      </div>
      <div data-testid="original-note">
        原备注：
        {item?.note ? (
          <span className="original-note">{item.note}</span>
        ) : (
          <span className="muted">无</span>
        )}
      </div>
      <div className="original-evidence-list">
        原佐证：
        {item?.evidence.length ? (
          item.evidence.map((e) => <EvidenceLink key={e.sha256} id={recheckAssessmentId} {...e} />)
        ) : (
          <span className="muted">无</span>
        )}
      </div>
    </section>
  )
}
