import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { SIGNAL_LABELS, SIGNAL_TYPES, type SignalView } from '../../../shared/console'
import { call, errorText } from '../api'
import { bj } from '../format'
import { href } from '../route'
import { useCall } from '../use-call'
import { Loading } from './common'

function Facts({ s }: { s: SignalView }) {
  return (
    <Descriptions size="small" column={1} bordered>
      {Object.entries(s.facts).map(([k, v]) => (
        <Descriptions.Item key={k} label={k}>
          <span className="mono" style={{ whiteSpace: 'pre-wrap' }}>
            {typeof v === 'string' || typeof v === 'number'
              ? String(v)
              : JSON.stringify(v, null, 1)}
          </span>
        </Descriptions.Item>
      ))}
      <Descriptions.Item label="阈值版本">{s.thresholds}</Descriptions.Item>
      {s.reviews.map((r) => (
        <Descriptions.Item key={r.at} label="清除记录">
          {r.by} 于 {bj(r.at)} 清除：{r.reason}
        </Descriptions.Item>
      ))}
    </Descriptions>
  )
}

export function SignalsPage({ canClear }: { canClear: boolean }) {
  const { message } = App.useApp()
  const [status, setStatus] = useState<'open' | 'cleared' | 'all'>('open')
  const [type, setType] = useState<(typeof SIGNAL_TYPES)[number] | undefined>(undefined)
  const state = useCall('signals.list', { status, ...(type ? { type } : {}) })
  const [clearing, setClearing] = useState<SignalView | null>(null)
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<{ reason: string }>()
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [recomputing, setRecomputing] = useState(false)
  const recompute = async (): Promise<void> => {
    setRecomputing(true)
    try {
      const r = await call('signals.recompute', {})
      message.success(`已重新计算：${r.records} 条记录，待处理信号 ${r.open} 条`)
      state.reload()
    } catch (e) {
      message.error(errorText(e))
    } finally {
      setRecomputing(false)
    }
  }
  const submit = async (): Promise<void> => {
    if (!clearing) return
    setBusy(true)
    setFieldError(null)
    try {
      await call('signals.clear', { id: clearing.id, reason: form.getFieldValue('reason') ?? '' })
      message.success('已清除该信号，理由已记录')
      setClearing(null)
      form.resetFields()
      state.reload()
    } catch (e) {
      setFieldError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="page" data-testid="signals-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        诚信信号
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        信号是提示，不改变任何评测结果；只有审核员可以填写理由后清除，清除记录留痕。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { label: '待处理', value: 'open' },
            { label: '已清除', value: 'cleared' },
            { label: '全部', value: 'all' },
          ]}
        />
        <Select
          allowClear
          placeholder="信号类型"
          style={{ width: 280 }}
          value={type}
          onChange={(v) => setType(v)}
          options={SIGNAL_TYPES.map((t) => ({ label: SIGNAL_LABELS[t], value: t }))}
        />
      </Space>
      <Loading state={state}>
        {(l) => (
          <Card size="small">
            <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12 }}
                data-testid="signals-computed"
              >
                计算时间 {bj(l.computedAt)}；待处理 {l.counts['open'] ?? 0} 条，已清除{' '}
                {l.counts['cleared'] ?? 0} 条。{l.stale ? '此后有新接收的结果，尚未重新计算。' : ''}
              </Typography.Text>
              {canClear ? (
                <Button
                  size="small"
                  loading={recomputing}
                  onClick={() => void recompute()}
                  data-testid="recompute-signals"
                >
                  重新计算
                </Button>
              ) : null}
            </Space>
            <Table<SignalView>
              size="small"
              rowKey="id"
              dataSource={l.items}
              data-testid="signals-table"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              expandable={{ expandedRowRender: (s) => <Facts s={s} /> }}
              columns={[
                {
                  title: '类型',
                  dataIndex: 'label',
                  width: 210,
                  render: (t: string, s) => (
                    <Space direction="vertical" size={2}>
                      <span>{t}</span>
                      {s.status === 'cleared' ? (
                        <Tag>已清除</Tag>
                      ) : (
                        <Tag color="orange">待处理</Tag>
                      )}
                    </Space>
                  ),
                },
                { title: '说明', dataIndex: 'summary' },
                {
                  title: '涉及记录',
                  dataIndex: 'refs',
                  width: 220,
                  render: (refs: SignalView['refs']) => (
                    <Space direction="vertical" size={0}>
                      {[...new Map(refs.map((r) => [r.enterpriseKey, r])).values()]
                        .slice(0, 6)
                        .map((r) => (
                          <a
                            key={r.enterpriseKey}
                            href={href({ page: 'chain', key: r.enterpriseKey })}
                          >
                            {r.enterpriseName}
                          </a>
                        ))}
                    </Space>
                  ),
                },
                {
                  title: '',
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, s) =>
                    canClear && s.status === 'open' ? (
                      <Button
                        size="small"
                        onClick={() => setClearing(s)}
                        data-testid="clear-signal"
                      >
                        清除
                      </Button>
                    ) : null,
                },
              ]}
            />
          </Card>
        )}
      </Loading>
      <Modal
        open={clearing !== null}
        title="清除诚信信号"
        okText="确认清除"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => {
          setClearing(null)
          setFieldError(null)
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{clearing?.summary}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            label="清除理由（必填，将记入审计日志）"
            name="reason"
            validateStatus={fieldError ? 'error' : ''}
            help={fieldError ?? undefined}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="clear-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  )
}
