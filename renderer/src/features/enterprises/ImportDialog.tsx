import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons'
import { Alert, Button, Checkbox, Modal, Segmented, Space, Tag, Upload, message } from 'antd'
import { useMemo, useState } from 'react'
import type {
  ImportCommitResult,
  ImportPreview,
  ImportRowStatus,
} from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { downloadBase64, fileToBase64 } from '../../ui/files'
import { useEnterprises } from './enterprises.store'
import { ImportRowsTable } from './ImportRowsTable'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const ENCODING: Record<NonNullable<ImportPreview['encoding']>, string> = {
  'utf-8': 'CSV · UTF-8',
  gb18030: 'CSV · GBK/GB18030',
  xlsx: 'Excel .xlsx',
}
type Shown = 'all' | ImportRowStatus

/**
 * Import the city's enterprise list (.xlsx, or .csv in UTF-8 or GBK): a preview of every row —
 * new, changed (what would change, confirmed per row or all at once), unchanged, or an error
 * naming the column. The clean rows are imported and the rows with errors skipped; those can be
 * exported as .xlsx, corrected and imported again. The register refreshes once per import.
 */
export function ImportDialog() {
  const open = useEnterprises((s) => s.importing)
  const setImporting = useEnterprises((s) => s.setImporting)
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set())
  const [shown, setShown] = useState<Shown>('all')
  const [done, setDone] = useState<ImportCommitResult | null>(null)
  const [busy, setBusy] = useState<'preview' | 'commit' | 'errors' | 'template' | null>(null)
  const [error, setError] = useState<string | null>(null)

  function close(): void {
    setImporting(false)
    setFile(null)
    setPreview(null)
    setConfirmed(new Set())
    setShown('all')
    setDone(null)
    setError(null)
  }

  async function choose(f: File): Promise<void> {
    setBusy('preview')
    setError(null)
    setDone(null)
    setConfirmed(new Set())
    setShown('all')
    try {
      const input = { fileName: f.name, contentBase64: await fileToBase64(f) }
      setFile(input)
      setPreview(await client().call('enterprises.importPreview', input))
    } catch (e) {
      setPreview(null)
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  const updates = useMemo(
    () =>
      (preview?.rows ?? []).flatMap((r) =>
        r.status === 'update' && r.value && r.existing && confirmed.has(r.value.uscc)
          ? [{ uscc: r.value.uscc, updatedAt: r.existing.updatedAt }]
          : [],
      ),
    [preview, confirmed],
  )
  const updatable = useMemo(
    () =>
      (preview?.rows ?? []).flatMap((r) =>
        r.status === 'update' && r.value ? [r.value.uscc] : [],
      ),
    [preview],
  )
  // after an import that skipped rows, only those rows are left to look at
  const rowsShown: Shown = done ? 'error' : shown
  const rows = useMemo(
    () => (preview?.rows ?? []).filter((r) => rowsShown === 'all' || r.status === rowsShown),
    [preview, rowsShown],
  )

  async function commit(): Promise<void> {
    if (!file || !preview) return
    setBusy('commit')
    setError(null)
    try {
      const res = await client().call('enterprises.importCommit', {
        ...file,
        skipInvalid: preview.errorCount > 0,
        updates,
      })
      useEnterprises.getState().imported(res.importId)
      const parts = [`已导入 ${res.created} 家企业`]
      if (res.updated) parts.push(`更新 ${res.updated} 家`)
      if (res.skippedInvalid) parts.push(`${res.skippedInvalid} 行有错误未导入`)
      void message.success(parts.join('，'))
      if (res.skippedInvalid > 0) setDone(res)
      else close()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  async function exportErrors(): Promise<void> {
    if (!file) return
    setBusy('errors')
    try {
      const x = await client().call('enterprises.importErrors', file)
      downloadBase64(x.contentBase64, x.fileName, XLSX)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  async function template(): Promise<void> {
    setBusy('template')
    try {
      const x = await client().call('enterprises.importTemplate', {})
      downloadBase64(x.contentBase64, x.fileName, XLSX)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  const toWrite = preview ? preview.newCount + updates.length : 0
  const commitLabel =
    !preview || toWrite === 0
      ? '导入'
      : [
          preview.newCount ? `导入 ${preview.newCount} 家新企业` : '',
          updates.length ? `更新 ${updates.length} 家${preview.newCount ? '' : '企业'}` : '',
          preview.errorCount ? `跳过 ${preview.errorCount} 行错误` : '',
        ]
          .filter(Boolean)
          .join('，')

  return (
    <Modal
      open={open}
      width={1100}
      style={{ top: 16 }}
      title="导入企业名单"
      onCancel={close}
      destroyOnHidden
      footer={
        <div className="drawer-footer">
          {preview && preview.errorCount > 0 ? (
            <Button
              icon={<DownloadOutlined />}
              loading={busy === 'errors'}
              onClick={() => void exportErrors()}
              data-testid="import-export-errors"
            >
              导出 {preview.errorCount} 行错误（.xlsx）
            </Button>
          ) : null}
          <span style={{ flex: 1 }} />
          <Button onClick={close}>{done ? '关闭' : '取消'}</Button>
          {done ? null : (
            <Button
              type="primary"
              disabled={!preview?.canCommit || toWrite === 0 || busy !== null}
              loading={busy === 'commit'}
              onClick={() => void commit()}
              data-testid="import-commit"
            >
              {commitLabel}
            </Button>
          )}
        </div>
      }
    >
      <div className="import-top">
        {file ? (
          <div className="import-file">
            <span className="import-file-name" data-testid="import-file-name">
              {file.fileName}
            </span>
            <Upload
              accept=".csv,.xlsx"
              multiple={false}
              showUploadList={false}
              disabled={busy === 'commit'}
              beforeUpload={(f) => {
                void choose(f)
                return false
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy === 'preview'}>
                换一个文件（改正后再导入）
              </Button>
            </Upload>
          </div>
        ) : (
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              void choose(f)
              return false
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              点击选择或拖入 .xlsx / .csv 文件（UTF-8 或 GBK 编码均可）
            </p>
            <p className="ant-upload-hint">
              必填列：企业名称、统一社会信用代码、县区、试点行业、企业规模；选填：细分行业、专精特新、批次、联系人、电话、地址
            </p>
          </Upload.Dragger>
        )}
        <Button
          icon={<DownloadOutlined />}
          loading={busy === 'template'}
          onClick={() => void template()}
          data-testid="import-template"
        >
          下载导入模板
        </Button>
      </div>
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} /> : null}
      {done ? (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          data-testid="import-done"
          message={`已导入 ${done.created} 家企业${done.updated ? `，更新 ${done.updated} 家` : ''}。${done.skippedInvalid} 行有错误未导入：请「导出错误行」，在 Excel 中改正后把该文件再导入一次。`}
        />
      ) : null}
      {preview ? (
        <>
          {preview.fileErrors.map((e, i) => (
            <Alert key={i} type="error" showIcon message={e} style={{ marginTop: 12 }} />
          ))}
          {preview.fileErrors.length === 0 && !done ? (
            <div className="import-summary" data-testid="import-summary">
              <Space wrap size={[12, 6]}>
                {preview.encoding ? <Tag>{ENCODING[preview.encoding]}</Tag> : null}
                <span>
                  共 {preview.rows.length} 行：新增 <b>{preview.newCount}</b> 家，有变化{' '}
                  <b>{preview.updateCount}</b> 家，无变化 {preview.unchangedCount} 家，有错误{' '}
                  <b className={preview.errorCount ? 'bad' : ''}>{preview.errorCount}</b> 行。
                </span>
                {preview.errorCount > 0 ? (
                  <span className="muted">有错误的行不会导入，其余的行照常导入。</span>
                ) : null}
              </Space>
              {preview.updateCount > 0 ? (
                <div style={{ marginTop: 6 }}>
                  <Checkbox
                    checked={updatable.length > 0 && updatable.every((u) => confirmed.has(u))}
                    indeterminate={confirmed.size > 0 && confirmed.size < updatable.length}
                    onChange={(e) => setConfirmed(new Set(e.target.checked ? updatable : []))}
                    data-testid="import-confirm-all"
                  >
                    用文件中的信息更新全部 {preview.updateCount} 家已登记企业（未勾选的保持不变）
                  </Checkbox>
                </div>
              ) : null}
            </div>
          ) : null}
          {preview.rows.length > 0 ? (
            <>
              {done ? null : (
                <Segmented<Shown>
                  style={{ marginTop: 12 }}
                  value={shown}
                  onChange={setShown}
                  options={[
                    { value: 'all', label: `全部 ${preview.rows.length}` },
                    { value: 'new', label: `新增 ${preview.newCount}` },
                    { value: 'update', label: `有变化 ${preview.updateCount}` },
                    { value: 'error', label: `有错误 ${preview.errorCount}` },
                    { value: 'unchanged', label: `无变化 ${preview.unchangedCount}` },
                  ]}
                  data-testid="import-shown"
                />
              )}
              <ImportRowsTable
                rows={rows}
                confirmed={confirmed}
                onConfirm={(uscc, on) =>
                  setConfirmed((prev) => {
                    const next = new Set(prev)
                    if (on) next.add(uscc)
                    else next.delete(uscc)
                    return next
                  })
                }
              />
            </>
          ) : null}
        </>
      ) : null}
    </Modal>
  )
}
