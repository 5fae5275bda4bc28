import { Alert, Select, Space } from 'antd'
import { useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { FilePickButton } from '../../ui/FilePickButton'
import { fileToBase64 } from '../../ui/files'

type Bundle = Output<'bundles.list'>['items'][number]

/**
 * Picks the signed diagnosis an acceptance compares against (issue 11 item 1): a diagnosis bundle
 * of this enterprise in this device's store (signed here or imported), or one imported now from a
 * .dlbundle file. The backend verifies it again and checks USCC and dates when the report is made.
 */
export function SignedDiagnosisPicker(props: {
  enterpriseName: string
  value: string | null
  onChange(bundleId: string | null): void
}) {
  const [items, setItems] = useState<Bundle[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function load(select?: string): Promise<void> {
    const r = await client().call('bundles.list', {})
    const mine = r.items.filter(
      (b) => b.kind === 'diagnosis' && b.enterpriseName === props.enterpriseName,
    )
    setItems(mine)
    if (select) props.onChange(select)
    else if (!props.value && mine[0]) props.onChange(mine[0].bundleId)
  }

  useEffect(() => {
    load().catch((e: unknown) => setError(errorMessage(e)))
  }, [props.enterpriseName])

  async function importFile(f: File): Promise<void> {
    setBusy(true)
    setError(null)
    try {
      const r = await client().call('bundles.import', {
        fileName: f.name,
        contentBase64: await fileToBase64(f),
      })
      if (r.bundle.kind !== 'diagnosis')
        setError(
          `「${f.name}」是${r.bundle.kind === 'acceptance' ? '验收评测' : r.bundle.kind}签名包，须选择诊断评测的签名包`,
        )
      await load(r.bundle.kind === 'diagnosis' ? r.bundle.bundleId : undefined)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          style={{ flex: 1 }}
          value={props.value ?? undefined}
          placeholder="请选择改造前的已签名诊断"
          onChange={(v: string) => props.onChange(v)}
          options={items.map((b) => ({
            value: b.bundleId,
            label: `${b.createdAt.slice(0, 10)} 签名 · 第 ${b.version} 版 · ${b.source === 'import' ? '导入' : '本机'} · 摘要 ${b.manifestSha256.slice(0, 16)}…`,
          }))}
          data-testid="before-bundle"
        />
        <FilePickButton
          accept=".dlbundle"
          loading={busy}
          onFile={(f) => void importFile(f)}
          inputTestId="before-bundle-file"
        >
          导入签名包
        </FilePickButton>
      </Space.Compact>
      {items.length === 0 && !error ? (
        <Alert
          type="warning"
          showIcon
          message="本机没有该企业的诊断签名包：请导入诊断的 .dlbundle。未选择时只能生成草稿。"
        />
      ) : null}
      {error ? <Alert type="error" showIcon message={error} /> : null}
    </Space>
  )
}
