/**
 * 复核 (issue 6 item 4): import a signed bundle (verified by the backend) as the base of a new
 * 'recheck' assessment, re-score it on site in the normal workspace, then see what changed against
 * the signed original (questions with score delta, scenes, total and level) and download the
 * 数字化水平复核报告 PDF.
 *   #/recheck                 import a bundle
 *   #/recheck/<assessmentId>  the diff of one recheck assessment (refreshed on every open)
 */
import { Alert, Button, Empty, Space, Table, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { downloadBase64, fileToBase64 } from '../../ui/files'
import { BUNDLE_ACCEPT, FilePickButton } from '../../ui/FilePickButton'

type Imported = Output<'recheck.import'>
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
              导入已签名的评测包（.dlbundle），验证签名后据其答案建立复核评测，现场复核后查看变化并出具复核报告
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
          message={`验证通过 · ${imported.fileName} · 已建立复核评测`}
          description={
            <span className="mono">
              签名包 {imported.bundleId.slice(0, 8)} · 签名密钥 {imported.signerKeyId}
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
    </>
  )
}
