/**
 * 签名与同步 (issue 5 item 4): the assessor's signing key, signing completed assessments into
 * bundles, the outbox with every state (queued, sending, accepted with receipt, rejected with
 * reason), the central service, and bundles carried as files (export / import with verification).
 */
import { Alert, Button, Empty, Space, Table, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { downloadBase64, fileToBase64 } from '../../ui/files'
import { BUNDLE_ACCEPT, FilePickButton } from '../../ui/FilePickButton'
import { useAssessmentLabels } from '../enterprises/labels'
import { IdentityCard } from './IdentityCard'
import { ReferencesCard } from './ReferencesCard'
import { ServerCard } from './ServerCard'
import { SignCard } from './SignCard'
import { OUTBOX_COLORS, OUTBOX_LABELS } from './sync.text'

type Bundle = Output<'bundles.list'>['items'][number]
type Status = Output<'sync.status'>

export interface ImportOutcome {
  ok: boolean
  fileName: string
  message: string
  bundle?: Bundle
  status?: 'stored' | 'present'
}

export function SyncPage() {
  const label = useAssessmentLabels()
  const go = useRoute((s) => s.go)
  const [sendError, setSendError] = useState<string | null>(null)
  const [bundles, setBundles] = useState<Bundle[] | null>(null)
  const [status, setStatus] = useState<Status | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [sendResult, setSendResult] = useState<Output<'sync.run'> | null>(null)
  const [imported, setImported] = useState<ImportOutcome | null>(null)

  const reload = useCallback(async () => {
    try {
      const [l, s] = await Promise.all([
        client().call('bundles.list', {}),
        client().call('sync.status', {}),
      ])
      setBundles(l.items)
      setStatus(s)
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  async function act(name: string, fn: () => Promise<unknown>): Promise<void> {
    setBusy(name)
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
      await reload()
    }
  }

  async function exportBundle(b: Bundle): Promise<void> {
    const f = await client().call('bundles.export', { bundleId: b.bundleId })
    downloadBase64(f.contentBase64, f.fileName)
  }

  async function importFile(file: File): Promise<void> {
    setImported(null)
    try {
      const r = await client().call('bundles.import', {
        fileName: file.name,
        contentBase64: await fileToBase64(file),
      })
      setImported({
        ok: true,
        fileName: file.name,
        status: r.status,
        bundle: r.bundle,
        message: r.status === 'stored' ? '已导入' : '本机已有此签名包（内容一致）',
      })
    } catch (e) {
      // The backend names what failed (which file in the bundle changed, which signature broke).
      setImported({ ok: false, fileName: file.name, message: errorMessage(e) })
    } finally {
      await reload()
    }
  }

  const states = OUTBOX_LABELS

  return (
    <div className="page" data-testid="sync-page">
      <div className="page-head">
        <div className="page-head-left">
          <div>
            <h2 className="page-title">签名与同步</h2>
            <div className="muted">
              评测人员密钥 · 签名包 · 发送队列 · 中心服务。这里的签名是给评测结果（签名包）签名，与
              PDF 报告的证书不同：
              <Button
                type="link"
                size="small"
                onClick={() => go({ name: 'help' })}
                data-testid="sync-help"
              >
                两种签名的区别
              </Button>
            </div>
          </div>
        </div>
      </div>
      {error ? (
        <Alert
          type="error"
          showIcon
          message={error}
          closable
          onClose={() => setError(null)}
          style={{ marginBottom: 16 }}
          data-testid="sync-error"
        />
      ) : null}
      <div className="sync-grid">
        <IdentityCard onChange={reload} onError={setError} />
        <ServerCard status={status} onChange={reload} onError={setError} />
      </div>
      <SignCard onSigned={reload} onError={setError} />
      <ReferencesCard onError={setError} />
      <div className="card" data-testid="outbox">
        <div className="card-head">
          <h3>签名包与发送队列</h3>
          <Space wrap>
            {status
              ? (Object.keys(states) as (keyof typeof states)[]).map((s) => (
                  <Tag key={s} color={OUTBOX_COLORS[s]} data-testid={`outbox-count-${s}`}>
                    {states[s]} {status.counts[s] ?? 0}
                  </Tag>
                ))
              : null}
            <Button
              type="primary"
              loading={busy === 'run'}
              onClick={() => {
                setSendError(null)
                setSendResult(null)
                if (status && !status.serverUrl) {
                  // nothing to send to: say so here, next to the button
                  setSendError(
                    '尚未设置中心服务，签名包没有发送（仍在发送队列中，不会丢失）：请先在上方「中心服务」中填写地址并点「保存并连接」',
                  )
                  return
                }
                void act('run', async () => {
                  try {
                    setSendResult(await client().call('sync.run', { force: true }))
                  } catch (e) {
                    setSendError(errorMessage(e))
                  }
                })
              }}
              data-testid="send-now"
            >
              立即发送
            </Button>
            <FilePickButton
              accept={BUNDLE_ACCEPT}
              onFile={(f) => void importFile(f)}
              buttonTestId="import-bundle"
              inputTestId="import-bundle-file"
            >
              导入签名包
            </FilePickButton>
          </Space>
        </div>
        {sendError ? (
          <Alert
            type="warning"
            showIcon
            closable
            onClose={() => setSendError(null)}
            style={{ marginBottom: 12 }}
            data-testid="send-error"
            message={sendError}
          />
        ) : null}
        {sendResult ? (
          <Alert
            type={sendResult.rejected > 0 ? 'warning' : 'info'}
            showIcon
            closable
            onClose={() => setSendResult(null)}
            style={{ marginBottom: 12 }}
            data-testid="send-result"
            message={
              sendResult.accepted + sendResult.rejected + sendResult.retried === 0
                ? '发送结果：没有需要现在发送的签名包'
                : `发送结果：${states.accepted} ${sendResult.accepted} · ${states.rejected} ${sendResult.rejected} · 稍后重试 ${sendResult.retried} · 上传佐证 ${sendResult.evidenceUploaded}`
            }
          />
        ) : null}
        {imported ? (
          <Alert
            type={imported.ok ? 'success' : 'error'}
            showIcon
            closable
            onClose={() => setImported(null)}
            style={{ marginBottom: 12 }}
            data-testid="import-result"
            message={
              imported.ok
                ? `验证通过 · ${imported.fileName} · ${imported.message}`
                : `签名包验证未通过，未导入 · ${imported.fileName}`
            }
            description={
              imported.ok && imported.bundle ? (
                <span className="mono">
                  {imported.bundle.enterpriseName} · v{imported.bundle.version} · 密钥编号{' '}
                  {imported.bundle.keyId} · SHA-256 {imported.bundle.manifestSha256.slice(0, 16)}…
                </span>
              ) : (
                imported.message
              )
            }
          />
        ) : null}
        <Table<Bundle>
          rowKey="bundleId"
          size="small"
          dataSource={bundles ?? []}
          loading={bundles === null}
          pagination={false}
          locale={{ emptyText: <Empty description="还没有签名包" /> }}
          data-testid="outbox-table"
          onRow={(b) => ({ 'data-testid': `bundle-${b.bundleId}` }) as object}
          columns={[
            {
              title: '企业',
              render: (_: unknown, b) => (
                <div>
                  <div>{b.enterpriseName}</div>
                  <div className="muted mono">
                    {b.bundleId.slice(0, 8)} · {b.source === 'import' ? '导入' : '本机'}
                  </div>
                </div>
              ),
            },
            {
              title: '类型',
              render: (_: unknown, b) =>
                b.kind === 'diagnosis' || b.kind === 'acceptance' || b.kind === 'recheck'
                  ? label.kind(b.kind)
                  : b.kind,
            },
            { title: '版本', dataIndex: 'version', render: (v: number) => `v${v}` },
            { title: '等级', dataIndex: 'level', render: (v: number) => `${v}` },
            { title: '佐证', dataIndex: 'evidenceCount' },
            {
              title: '状态',
              render: (_: unknown, b) =>
                b.outbox ? (
                  <Tag color={OUTBOX_COLORS[b.outbox.state]} data-testid="bundle-state">
                    {states[b.outbox.state]}
                  </Tag>
                ) : (
                  <Tag data-testid="bundle-state">未排队</Tag>
                ),
            },
            {
              title: '尝试',
              render: (_: unknown, b) =>
                b.outbox ? (
                  <div>
                    <div>{b.outbox.attempts}</div>
                    {b.outbox.state === 'queued' && b.outbox.attempts > 0 ? (
                      <div className="muted">
                        下次尝试 {new Date(b.outbox.nextAttemptAt).toLocaleString()}
                      </div>
                    ) : null}
                  </div>
                ) : (
                  '—'
                ),
            },
            {
              title: '原因 / 回执',
              render: (_: unknown, b) => <ReasonCell b={b} receiptLabel="回执" />,
            },
            {
              title: '操作',
              render: (_: unknown, b) => (
                <Space size={4} wrap>
                  <Button
                    size="small"
                    onClick={() => void act(`export-${b.bundleId}`, () => exportBundle(b))}
                    data-testid="bundle-export"
                  >
                    导出
                  </Button>
                  {b.outbox?.state === 'rejected' ? (
                    <Button
                      size="small"
                      onClick={() =>
                        void act(`requeue-${b.bundleId}`, () =>
                          client().call('sync.requeue', { bundleId: b.bundleId }),
                        )
                      }
                      data-testid="bundle-requeue"
                    >
                      重新排队
                    </Button>
                  ) : null}
                  {!b.outbox ? (
                    <Button
                      size="small"
                      onClick={() =>
                        void act(`enqueue-${b.bundleId}`, () =>
                          client().call('sync.enqueue', { bundleId: b.bundleId }),
                        )
                      }
                      data-testid="bundle-enqueue"
                    >
                      加入队列
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </div>
    </div>
  )
}

/** Why it was rejected / why it is waiting, or the server's receipt once accepted. */
function ReasonCell({ b, receiptLabel }: { b: Bundle; receiptLabel: string }) {
  const o = b.outbox
  if (!o) return <span className="muted">—</span>
  if (o.state === 'accepted' && o.receipt) {
    return (
      <details data-testid="bundle-receipt">
        <summary>{receiptLabel}</summary>
        <pre className="mono receipt">{prettyJson(o.receipt)}</pre>
      </details>
    )
  }
  if (o.lastError)
    return (
      <span
        className={o.state === 'rejected' ? 'header-warn' : 'muted'}
        data-testid="bundle-reason"
      >
        {o.lastError}
      </span>
    )
  return <span className="muted">—</span>
}

function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2)
  } catch {
    return s
  }
}
