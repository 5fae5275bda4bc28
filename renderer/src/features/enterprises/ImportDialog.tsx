import { InboxOutlined } from '@ant-design/icons'
import { Alert, Button, Modal, Table, Tag, Upload, message } from 'antd'
import { useState } from 'react'
import type { ImportPreview } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { fileToBase64 } from '../../ui/files'
import { useEnterprises } from './enterprises.store'

type Row = ImportPreview['rows'][number]

/**
 * Import the city's pilot list (.xlsx or .csv): preview first with the errors of every row; the
 * commit button only appears when every row is clean, and the import is all-or-nothing.
 */
export function ImportDialog() {
  const open = useEnterprises((s) => s.importing)
  const setImporting = useEnterprises((s) => s.setImporting)
  const reload = useEnterprises((s) => s.load)
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  function close(): void {
    setImporting(false)
    setFile(null)
    setPreview(null)
    setError(null)
  }

  async function choose(f: File): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const input = { fileName: f.name, contentBase64: await fileToBase64(f) }
      setFile(input)
      setPreview(await client().call('enterprises.importPreview', input))
    } catch (e) {
      setPreview(null)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  async function commit(): Promise<void> {
    if (!file) return
    setBusy(true)
    try {
      const res = await client().call('enterprises.importCommit', file)
      void message.success(`已导入 ${res.created} 家企业`)
      close()
      await reload()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const headers = preview ? [...new Set(preview.rows.flatMap((r) => Object.keys(r.raw)))] : []
  const columns = [
    { title: '行', dataIndex: 'row', width: 56, fixed: 'left' as const },
    {
      title: '检查结果',
      key: 'errors',
      width: 300,
      fixed: 'left' as const,
      render: (_: unknown, r: Row) =>
        r.errors.length === 0 ? (
          <Tag color="success">可导入</Tag>
        ) : (
          <div className="row-errors" data-testid={`import-row-error-${r.row}`}>
            {r.errors.map((e, i) => (
              <div key={i}>
                <b>{e.column}</b>：{e.message}
              </div>
            ))}
          </div>
        ),
    },
    ...headers.map((h) => ({
      title: h,
      key: h,
      width: 160,
      ellipsis: true,
      render: (_: unknown, r: Row) => r.raw[h] ?? '',
    })),
  ]

  return (
    <Modal
      open={open}
      width={1100}
      title="导入试点企业名单"
      onCancel={close}
      destroyOnHidden
      footer={
        <div className="drawer-footer">
          <Button onClick={close}>取消</Button>
          <Button
            type="primary"
            disabled={!preview?.canCommit}
            loading={busy}
            onClick={() => void commit()}
            data-testid="import-commit"
          >
            {preview ? `导入 ${preview.okCount} 家企业` : '导入'}
          </Button>
        </div>
      }
    >
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
          {file
            ? `已选择：${file.fileName}（点击或拖入以更换）`
            : '点击选择或拖入 .xlsx / .csv 文件'}
        </p>
        <p className="ant-upload-hint">
          表头：统一社会信用代码、企业名称、县区、试点行业、细分行业、企业规模、专精特新、批次、联系人、电话、地址
        </p>
      </Upload.Dragger>
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} /> : null}
      {preview ? (
        <>
          {preview.fileErrors.map((e, i) => (
            <Alert key={i} type="error" showIcon message={e} style={{ marginTop: 12 }} />
          ))}
          <Alert
            style={{ marginTop: 12 }}
            type={preview.canCommit ? 'success' : 'warning'}
            showIcon
            data-testid="import-summary"
            message={
              preview.canCommit
                ? `共 ${preview.rows.length} 行，全部可导入。`
                : `共 ${preview.rows.length} 行：${preview.okCount} 行可导入，${preview.errorCount} 行有错误。请修改文件后重新选择——有错误时不会导入任何一行。`
            }
          />
          <Table<Row>
            style={{ marginTop: 12 }}
            size="small"
            rowKey="row"
            columns={columns}
            dataSource={preview.rows}
            scroll={{ x: 'max-content', y: 360 }}
            pagination={false}
            rowClassName={(r) => (r.errors.length ? 'row-bad' : '')}
          />
        </>
      ) : null}
    </Modal>
  )
}
