/**
 * 复核 (issue 6 item 4, issue 14): import a signed bundle (verified by the backend) as the base of
 * a new 'recheck' assessment — once: the same bundle again opens the recheck made before —,
 * re-score it on site in the normal workspace (the original's answer, note and evidence shown
 * beside each item), then see what changed against the signed original and download the
 * 数字化水平复核报告 PDF. The list shows every recheck on this device.
 *   #/recheck                 import a bundle, the list
 *   #/recheck/<assessmentId>  the diff of one recheck assessment (refreshed on every open)
 */
import { Alert, Button, Empty, Space, Table, Tag } from 'antd'
import { KIND_NAMES, STATUS_COLORS, STATUS_NAMES } from '../enterprises/labels'
import { useCallback, useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { downloadBase64, fileToBase64 } from '../../ui/files'
import { BUNDLE_ACCEPT, FilePickButton } from '../../ui/FilePickButton'
import { OriginalItem } from './OriginalItem'
import { useRecheckOriginal } from './original.store'

type Imported = Output<'recheck.import'>
type ListItem = Output<'recheck.list'>['items'][number]
type Diff = Output<'recheck.diff'>
type QuestionChange = Diff['diff']['questionsChanged'][number]
type SceneChange = Diff['diff']['scenesChanged'][number]

/** The verification result of imports in this session, so it still shows after the workspace. */
const verifiedImports = new Map<string, Imported & { fileName: string }>()

function answerText(a: string | string[] | null): string {
  if (a === null) return '未作答'
  return Array.isArray(a) ? (a.length ? a.join('、') : '（空）') : a
}

function sceneText(l: number | null): string {
  return l === null ? '未判定' : `${l} 级`
}

function signed(n: number): string {
  const s = Number(n.toFixed(3)).toString()
  return n > 0 ? `+${s}` : n === 0 ? '±0' : s
}

export function RecheckPage({ id }: { id?: string }) {
  const go = useRoute((s) => s.go)
  const [error, setError] = useState<{ fileName: string; message: string } | null>(null)
  const [busy, setBusy] = useState(false)

  async function importFile(file: File): Promise<void> {
    setError(null)
    setBusy(true)
    try {
      const r = await client().call('recheck.import', {
        fileName: file.name,
        contentBase64: await fileToBase64(file),
      })
      verifiedImports.set(r.recheckAssessmentId, { ...r, fileName: file.name })
      go({ name: 'recheck', id: r.recheckAssessmentId })
    } catch (e) {
      // The backend names what failed (signature, changed file, unknown enterprise).
      setError({ fileName: file.name, message: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page" data-testid="recheck-page">
      <div className="page-head">
        <div className="page-head-left">
          <div>
            <h2 className="page-title">复核</h2>
            <div className="muted">
              导入已签名的评测包（.dlbundle），验证签名后据其答案建立复核评测，现场复核后查看变化并出具复核报告。
              <Button type="link" size="small" onClick={() => go({ name: 'help' })}>
                签名包与报告签名的区别
              </Button>
            </div>
          </div>
        </div>
      </div>
      <div className="card" data-testid="recheck-import">
        <div className="card-head">
          <h3>导入签名包</h3>
          <Space wrap>
            <FilePickButton
              type={id ? 'default' : 'primary'}
              loading={busy}
              accept={BUNDLE_ACCEPT}
              onFile={(f) => void importFile(f)}
              buttonTestId="recheck-import-button"
              inputTestId="recheck-import-file"
            >
              选择签名包文件
            </FilePickButton>
          </Space>
        </div>
        {error ? (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setError(null)}
            data-testid="recheck-import-result"
            message={`签名包验证未通过，未建立复核 · ${error.fileName}`}
            description={error.message}
          />
        ) : !id ? (
          <div className="muted">选择一个签名包文件开始复核。</div>
        ) : null}
      </div>
      {id ? <RecheckDiff id={id} /> : null}
      <RecheckList current={id} />
    </div>
  )
}

/** Every recheck on this device, newest import first. */
function RecheckList({ current }: { current?: string | undefined }) {
  const go = useRoute((s) => s.go)
  const [items, setItems] = useState<ListItem[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void client()
      .call('recheck.list', {})
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(errorMessage(e)))
  }, [current])
  return (
    <div className="card" data-testid="recheck-list">
      <div className="card-head">
        <h3>本机的复核（{items?.length ?? 0}）</h3>
      </div>
      {error ? <Alert type="error" showIcon message={error} /> : null}
      <Table<ListItem>
        rowKey="recheckAssessmentId"
        size="small"
        loading={items === null && !error}
        dataSource={items ?? []}
        pagination={false}
        rowClassName={(r) => (r.recheckAssessmentId === current ? 'row-current' : '')}
        locale={{ emptyText: <Empty description="还没有复核。选择一个签名包文件开始。" /> }}
        onRow={(r) => ({ 'data-testid': `recheck-row-${r.recheckAssessmentId}` }) as object}
        columns={[
          { title: '企业', dataIndex: 'enterpriseName' },
          {
            title: '原评测',
            render: (_: unknown, r) => (
              <div>
                <div>
                  {KIND_NAMES[r.original.kind as keyof typeof KIND_NAMES] ?? r.original.kind} ·{' '}
                  {r.original.assessorName}
                  {r.original.assessorAgency ? `（${r.original.assessorAgency}）` : ''}
                </div>
                <div className="muted">
                  评测日期 {r.original.assessedOn ?? '—'} · 签名于{' '}
                  {r.original.signedAt.slice(0, 10)}
                </div>
              </div>
            ),
          },
          {
            title: '签名人',
            render: (_: unknown, r) =>
              r.original.signerName ?? <span className="muted">未在本机登记的密钥</span>,
          },
          {
            title: '导入时间',
            render: (_: unknown, r) => new Date(r.importedAt).toLocaleString('zh-CN'),
          },
          {
            title: '复核状态',
            render: (_: unknown, r) => (
              <Tag color={STATUS_COLORS[r.status]}>{STATUS_NAMES[r.status]}</Tag>
            ),
          },
          {
            title: '',
            align: 'right',
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button
                  size="small"
                  onClick={() => go({ name: 'recheck', id: r.recheckAssessmentId })}
                  data-testid="recheck-row-diff"
                >
                  查看变化
                </Button>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => go({ name: 'assessment', id: r.recheckAssessmentId })}
                >
                  现场复核
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </div>
  )
}

function RecheckDiff({ id }: { id: string }) {
  const go = useRoute((s) => s.go)
  const imported = verifiedImports.get(id)
  const [diff, setDiff] = useState<Diff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const reload = useCallback(async () => {
    try {
      setDiff(await client().call('recheck.diff', { recheckAssessmentId: id }))
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [id])

  useEffect(() => {
    void reload()
  }, [reload])

  async function downloadReport(): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const r = await client().call('recheck.report', { recheckAssessmentId: id })
      if (r.pdfBase64) downloadBase64(r.pdfBase64, r.fileName, 'application/pdf')
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const d = diff?.diff
  return (
    <>
      {imported ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="recheck-verified"
          message={
            imported.existing
              ? `验证通过 · ${imported.fileName} · 这个签名包已导入过，已打开原有的复核（未重复建立）`
              : `验证通过 · ${imported.fileName} · 已建立复核评测`
          }
          description={
            <span className="mono">
              签名包 {imported.bundleId.slice(0, 8)} · 签名密钥 {imported.signerKeyId.slice(0, 16)}…
            </span>
          }
        />
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setError(null)}
          style={{ marginBottom: 16 }}
          message={error}
          data-testid="recheck-error"
        />
      ) : null}
      <div className="card" data-testid="recheck-diff">
        <div className="card-head">
          <h3>复核变化</h3>
          <Space wrap>
            <Button
              type="primary"
              onClick={() => go({ name: 'assessment', id })}
              data-testid="recheck-open"
            >
              现场复核
            </Button>
            <Button
              loading={busy}
              disabled={!diff}
              onClick={() => void downloadReport()}
              data-testid="recheck-report"
            >
              复核报告 PDF
            </Button>
          </Space>
        </div>
        {d && diff ? (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <Tag data-testid="recheck-total">
                总分 {d.before.total} → {d.after.total}（{signed(d.totalDelta)} 分）
              </Tag>
              <Tag color={d.levelDelta === 0 ? undefined : 'orange'} data-testid="recheck-level">
                等级 {d.before.levelName} → {d.after.levelName}（{signed(d.levelDelta)}）
              </Tag>
              <span className="muted mono">签名包 {diff.bundleId.slice(0, 8)}</span>
            </Space>
            <ul data-testid="recheck-lines">
              {diff.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
            <h4>题目变化</h4>
            <Table<QuestionChange>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.questionsChanged}
              locale={{ emptyText: <Empty description="题目答案未变" /> }}
              data-testid="recheck-questions"
              columns={[
                { title: '题目', dataIndex: 'id' },
                { title: '原答案', render: (_: unknown, q) => answerText(q.before) },
                { title: '复核答案', render: (_: unknown, q) => answerText(q.after) },
                { title: '得分变化', render: (_: unknown, q) => `${signed(q.scoreDelta)} 分` },
              ]}
            />
            <h4 style={{ marginTop: 16 }}>场景变化</h4>
            <Table<SceneChange>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.scenesChanged}
              locale={{ emptyText: <Empty description="场景等级未变" /> }}
              data-testid="recheck-scenes"
              columns={[
                { title: '场景', dataIndex: 'id' },
                { title: '原等级', render: (_: unknown, s) => sceneText(s.before) },
                { title: '复核等级', render: (_: unknown, s) => sceneText(s.after) },
              ]}
            />
          </>
        ) : !error ? (
          <div className="muted">正在计算变化…</div>
        ) : null}
      </div>
      <OriginalNotes id={id} />
    </>
  )
}

/** The signed original's notes and evidence, read-only (each item also shows them in the workspace). */
function OriginalNotes({ id }: { id: string }) {
  const o = useRecheckOriginal((s) => s.byId[id])
  const load = useRecheckOriginal((s) => s.load)
  useEffect(() => {
    void load(id)
  }, [id, load])
  if (!o || 'error' in o) return null
  const withContent = o.items.filter((i) => i.note || i.evidence.length)
  return (
    <div className="card" data-testid="recheck-original">
      <div className="card-head">
        <h3>原评测的备注与佐证（只读）</h3>
        <span className="muted">
          {o.assessorName}
          {o.assessorAgency ? `（${o.assessorAgency}）` : ''} · 签名于 {o.signedAt.slice(0, 10)}
        </span>
      </div>
      {withContent.length === 0 && o.otherEvidence.length === 0 ? (
        <div className="muted">原评测没有备注和佐证材料。</div>
      ) : (
        withContent.map((i) => (
          <OriginalItem
            key={i.itemId}
            recheckAssessmentId={id}
            itemId={i.itemId}
            label={i.itemId}
          />
        ))
      )}
    </div>
  )
}
