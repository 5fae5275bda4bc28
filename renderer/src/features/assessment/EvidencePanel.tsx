import { DeleteOutlined, FileOutlined, PaperClipOutlined } from '@ant-design/icons'
import { Button, Image, Popconfirm, message } from 'antd'
import { useEffect, useRef, useState } from 'react'
import type { EvidenceMeta } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { useCatalogue } from '../../app/catalogue.store'
import { formatBytes } from '../../ui/files'
import { useAssessment } from './assessment.store'

/** Attach files with a clear message when one is too large; the backend enforces the same limit. */
export async function attachFiles(
  itemId: string,
  files: File[],
  maxBytes: number | undefined,
): Promise<void> {
  const add = useAssessment.getState().addEvidence
  for (const f of files) {
    if (maxBytes !== undefined && f.size > maxBytes) {
      void message.error(
        `「${f.name}」有 ${formatBytes(f.size)}，超过单个佐证文件上限 ${formatBytes(maxBytes)}，未添加`,
      )
      continue
    }
    try {
      await add(itemId, f)
      void message.success(`已添加佐证：${f.name}`)
    } catch (e) {
      void message.error(`「${f.name}」未添加：${errorMessage(e)}`)
    }
  }
}

/** Evidence of one item: drop zone, file picker, paste hint, list with image thumbnails. */
export function EvidencePanel({ itemId, disabled }: { itemId: string; disabled: boolean }) {
  const all = useAssessment((s) => s.detail?.evidence)
  const thumbs = useAssessment((s) => s.thumbs)
  const loadThumb = useAssessment((s) => s.loadThumb)
  const remove = useAssessment((s) => s.removeEvidence)
  const maxBytes = useCatalogue((s) => s.app?.evidenceMaxBytes)
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  const items: EvidenceMeta[] = (all ?? []).filter((e) => e.itemId === itemId)

  useEffect(() => {
    for (const e of items) void loadThumb(e)
  })

  return (
    <div className="evidence">
      {!disabled ? (
        <div
          className={`dropzone${over ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault()
            setOver(true)
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault()
            setOver(false)
            void attachFiles(itemId, [...e.dataTransfer.files], maxBytes)
          }}
          data-testid="evidence-drop"
        >
          <PaperClipOutlined /> 拖入文件、
          <Button
            type="link"
            size="small"
            onClick={() => input.current?.click()}
            style={{ padding: 0 }}
          >
            选择文件
          </Button>
          ，或直接粘贴截图（Ctrl+V）
          {maxBytes ? (
            <span className="muted" style={{ marginLeft: 12 }}>
              单个文件不超过 {formatBytes(maxBytes)}
            </span>
          ) : null}
          <input
            ref={input}
            type="file"
            multiple
            hidden
            onChange={(e) => {
              const files = [...(e.target.files ?? [])]
              e.target.value = ''
              void attachFiles(itemId, files, maxBytes)
            }}
            data-testid="evidence-file"
          />
        </div>
      ) : null}
      {items.length > 0 ? (
        <ul className="evidence-list" data-testid="evidence-list">
          {items.map((e) => (
            <li key={e.id} className="evidence-item">
              <div className="evidence-thumb">
                {thumbs[e.id] ? (
                  <Image
                    src={thumbs[e.id]}
                    width={56}
                    height={56}
                    style={{ objectFit: 'cover' }}
                    alt={e.originalName}
                  />
                ) : (
                  <FileOutlined />
                )}
              </div>
              <div className="evidence-meta">
                <div className="evidence-name">{e.originalName}</div>
                <div className="muted mono" title={e.sha256}>
                  {formatBytes(e.size)} · {e.mimeType} · SHA-256 {e.sha256.slice(0, 12)}…
                </div>
              </div>
              {!disabled ? (
                <Popconfirm
                  title="移除这份佐证？（已存文件保留）"
                  onConfirm={() => remove(e.id)}
                  okText="移除"
                  cancelText="取消"
                >
                  <Button type="text" icon={<DeleteOutlined />} aria-label="移除" />
                </Popconfirm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <div className="muted evidence-empty">尚无佐证材料</div>
      )}
    </div>
  )
}
