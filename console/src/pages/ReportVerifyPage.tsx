/**
 * 报告核验: the public `GET /v1/reports/:number[?sha256=]` (issue 11) rendered as a page. The
 * answer is checked against the documented shape (ReportVerification) before it is shown.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { ReportNumberInput, ReportVerification } from '../../../shared/console'
import { bj, kindText, levelText } from '../format'

type Answer = { ok: true; v: ReportVerification } | { ok: false; message: string }

async function verify(number: string, sha256?: string): Promise<Answer> {
  const p = ReportNumberInput.safeParse({ number, ...(sha256 ? { sha256 } : {}) })
  if (!p.success) return { ok: false, message: p.error.issues[0]?.message ?? '输入无效' }
  const q = p.data.sha256 ? `?sha256=${p.data.sha256}` : ''
  let body: unknown
  try {
    const r = await fetch(`/v1/reports/${encodeURIComponent(p.data.number)}${q}`)
    body = await r.json()
  } catch (e) {
    return {
      ok: false,
      message: `无法连接到核验服务：${e instanceof Error ? e.message : String(e)}`,
    }
  }
  const v = ReportVerification.safeParse(body)
  return v.success
    ? { ok: true, v: v.data }
    : { ok: false, message: '核验服务的答复不符合约定格式' }
}

const STATUS = {
  valid: { color: 'green', text: '有效' },
  superseded: { color: 'orange', text: '已被更正版本替代' },
  unknown: { color: 'red', text: '查无此报告' },
} as const

export function ReportVerifyPage({ initial }: { initial?: string }) {
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (v: { number: string; sha256?: string }): Promise<void> => {
    setBusy(true)
    setAnswer(await verify(v.number ?? '', v.sha256?.trim() || undefined))
    setBusy(false)
  }
  useEffect(() => {
    if (initial) void run({ number: initial })
  }, [initial])
  const v = answer?.ok ? answer.v : null
  return (
    <div className="page" data-testid="reports-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        报告核验
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        按报告编号查询诊断报告、验收评价或复核报告是否由本中心接收的签名结果出具；可同时填写报告封面上的报告哈希（SHA-256）核对内容未被改动。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form
          layout="inline"
          initialValues={{ number: initial ?? '' }}
          onFinish={(x: { number: string; sha256?: string }) => void run(x)}
        >
          <Form.Item name="number" label="报告编号">
            <Input
              style={{ width: 260 }}
              placeholder="如 YS-20251010-1A2B3C4D"
              data-testid="report-number"
            />
          </Form.Item>
          <Form.Item name="sha256" label="报告哈希（可选）">
            <Input style={{ width: 360 }} className="mono" data-testid="report-sha256" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="report-verify">
            核验
          </Button>
        </Form>
      </Card>
      {answer && !answer.ok ? (
        <Alert type="error" showIcon message={answer.message} data-testid="report-error" />
      ) : null}
      {v ? (
        <Card size="small" data-testid="report-result">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="报告编号">{v.number}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS[v.status].color} data-testid="report-status">
                {STATUS[v.status].text}
              </Tag>
              {v.hashMatches === true ? (
                <Tag color="green">报告哈希一致</Tag>
              ) : v.hashMatches === false ? (
                <Tag color="red">报告哈希不一致</Tag>
              ) : null}
            </Descriptions.Item>
            {v.status !== 'unknown' ? (
              <>
                <Descriptions.Item label="企业">
                  {v.enterprise ? `${v.enterprise.name}（${v.enterprise.uscc ?? '无代码'}）` : '—'}
                </Descriptions.Item>
                <Descriptions.Item label="类型">
                  {v.kind ? kindText(v.kind) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label="等级 / 总分">
                  {levelText(v.level)} / {v.total ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label="出具日期">{v.issuedOn ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="签名结果">
                  <span className="mono">{v.bundleId ?? '—'}</span>（第 {v.recordVersion ?? '—'}{' '}
                  版）
                </Descriptions.Item>
                <Descriptions.Item label="接收时间">{bj(v.recordedAt)}</Descriptions.Item>
                <Descriptions.Item label="报告哈希" span={2}>
                  <span className="mono">{v.reportSha256 ?? '—'}</span>
                </Descriptions.Item>
                {v.supersededBy ? (
                  <Descriptions.Item label="替代报告" span={2}>
                    {v.supersededBy.number}
                  </Descriptions.Item>
                ) : null}
              </>
            ) : null}
          </Descriptions>
        </Card>
      ) : null}
    </div>
  )
}
