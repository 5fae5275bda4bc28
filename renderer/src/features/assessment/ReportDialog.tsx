import { FilePdfOutlined } from '@ant-design/icons'
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Upload } from 'antd'
import { useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { client } from '../../api'
import { useProfile } from '../../app/profile.store'
import { useRoute } from '../../app/route.store'
import { fileToBase64, formatBytes } from '../../ui/files'
import { DraftNotice } from '../reports/DraftNotice'
import { ReportRegistryList } from '../reports/ReportRegistryList'
import { SignedDiagnosisPicker } from '../reports/SignedDiagnosisPicker'
import { useAssessment } from './assessment.store'

type Rendered = Output<'reports.render'>

/** '12345.6' 元 → 1234560 分, exactly (money is integer fen, never floats); null if not a sum. */
export function yuanToFen(text: string): number | null {
  const m = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

function download(base64: string, fileName: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * 诊断报告 / 验收评价 as PDF, optionally signed with the assessor's .p12 — by default the one kept
 * in the assessor profile (only its password is asked).
 */
export function ReportDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const detail = useAssessment((s) => s.detail)
  const defaultCert = useProfile((s) => s.profile?.certificate ?? null)
  const go = useRoute((s) => s.go)
  const [useDefault, setUseDefault] = useState(true)
  const [investment, setInvestment] = useState('')
  const [diagnosisCost, setDiagnosisCost] = useState('')
  const [beforeBundleId, setBeforeBundleId] = useState<string | null>(null)
  const [renders, setRenders] = useState(0)
  const [p12, setP12] = useState<{ name: string; base64: string } | null>(null)
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<Rendered | null>(null)
  if (!detail) return null
  const acceptance = detail.assessment.kind === 'acceptance'
  const fen = yuanToFen(investment)
  const withDefault = defaultCert !== null && useDefault && p12 === null
  const signing = p12 !== null || withDefault
  const costFen = diagnosisCost.trim() ? yuanToFen(diagnosisCost) : null

  async function render(): Promise<void> {
    if (!detail) return
    setBusy(true)
    setError(null)
    try {
      const r = await client().call('reports.render', {
        assessmentId: detail.assessment.id,
        ...(acceptance && fen !== null ? { investmentFen: fen } : {}),
        ...(acceptance && costFen !== null ? { diagnosisCostFen: costFen } : {}),
        ...(acceptance && beforeBundleId ? { beforeBundleId } : {}),
        ...(p12
          ? { sign: { p12Base64: p12.base64, password } }
          : withDefault
            ? { sign: { password } }
            : {}),
      })
      setDone(r)
      setRenders((n) => n + 1)
      if (r.pdfBase64) download(r.pdfBase64, r.fileName)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title={acceptance ? '生成验收评价（PDF）' : '生成诊断报告（PDF）'}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <div className="drawer-footer">
          <Button onClick={onClose}>关闭</Button>
          <Button
            type="primary"
            icon={<FilePdfOutlined />}
            loading={busy}
            disabled={acceptance && fen === null}
            onClick={() => void render()}
            data-testid="report-render"
          >
            {signing ? '生成并签名' : '生成'}
          </Button>
        </div>
      }
    >
      <DraftNotice status={detail.assessment.status} wantsSignature={p12 !== null} />
      <Form layout="vertical">
        {acceptance ? (
          <Form.Item
            label="改造前的已签名诊断"
            required
            extra="验收评价引用该诊断签名包的摘要（SHA-256）与诊断报告编号；须为同一企业、早于验收的诊断。"
          >
            <SignedDiagnosisPicker
              enterpriseName={detail.enterprise.name}
              value={beforeBundleId}
              onChange={setBeforeBundleId}
            />
          </Form.Item>
        ) : null}
        {acceptance ? (
          <Form.Item
            label="实际诊断费用（元，可选）"
            extra="不填写时咨询诊断补助为「待核定」，不计入合计。"
            validateStatus={diagnosisCost.trim() && costFen === null ? 'error' : undefined}
          >
            <Input
              value={diagnosisCost}
              onChange={(e) => setDiagnosisCost(e.target.value)}
              suffix="元"
              data-testid="diagnosis-cost"
            />
          </Form.Item>
        ) : null}
        {acceptance ? (
          <Form.Item
            label="实际投入资金（元）"
            required
            validateStatus={investment && fen === null ? 'error' : undefined}
            help={
              investment && fen === null
                ? '请输入金额，例如 860000 或 860000.50（最多两位小数）'
                : undefined
            }
          >
            <Input value={investment} onChange={(e) => setInvestment(e.target.value)} suffix="元" />
          </Form.Item>
        ) : null}
        {defaultCert ? (
          <Form.Item>
            <Checkbox
              checked={useDefault}
              disabled={p12 !== null}
              onChange={(e) => setUseDefault(e.target.checked)}
              data-testid="report-use-default-cert"
            >
              用默认证书签名：{defaultCert.subject}（{defaultCert.fileName}）
            </Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item
          label={defaultCert ? '或选择其他证书（.p12 / .pfx）' : '签名证书（可选，.p12 / .pfx）'}
          extra={
            <span>
              {defaultCert ? '' : '不选择证书则生成未签名的报告。'}
              这是 PDF 报告的签名证书，不是签名包的评测人员密钥：
              <Button type="link" size="small" onClick={() => go({ name: 'help' })}>
                两种签名的区别
              </Button>
            </span>
          }
        >
          <Upload
            accept=".p12,.pfx"
            maxCount={1}
            beforeUpload={(f) => {
              void fileToBase64(f).then((base64) => setP12({ name: f.name, base64 }))
              return false
            }}
            onRemove={() => setP12(null)}
          >
            <Button>选择证书文件</Button>
          </Upload>
        </Form.Item>
        {signing ? (
          <Form.Item label="证书密码">
            <Input.Password
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="report-cert-password"
            />
          </Form.Item>
        ) : null}
      </Form>
      {error ? <Alert type="error" showIcon message={error} /> : null}
      {done && !done.formal ? (
        <DraftNotice status="draft" reasons={done.draftReasons} wantsSignature={false} />
      ) : null}
      {done ? (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginTop: 12 }}
          data-testid="report-result"
        >
          <Descriptions.Item label="报告编号">{done.reportNumber}</Descriptions.Item>
          <Descriptions.Item label="文件">
            {done.fileName}（{done.pages} 页，{formatBytes(done.bytes)}）
            {done.pdfBase64 ? (
              <Button
                type="link"
                size="small"
                onClick={() => download(done.pdfBase64 ?? '', done.fileName)}
              >
                再次下载
              </Button>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label="签名">
            {done.signed ? `已签名：${done.signer ?? ''}` : '未签名'}
          </Descriptions.Item>
          <Descriptions.Item label="报告哈希">
            <span className="mono">{done.reportHash}</span>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <ReportRegistryList assessmentId={detail.assessment.id} refresh={renders} />
    </Modal>
  )
}
