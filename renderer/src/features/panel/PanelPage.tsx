/**
 * 专家组合议 (issue 6): the lead's consolidation screen for one enterprise's acceptance review.
 * Members and which signed scorings arrived; per item who chose what with divergence flags; the
 * rule that settled each item or the lead's decision with its reason; the consolidated level and
 * verdict; signing the lead's bundle and the panel's 验收评价 PDF.
 */
import { Alert, Button, Input, InputNumber, Select, Space, Table, Tag } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { downloadBase64, fileToBase64 } from '../../ui/files'

type Panel = Output<'panel.get'>
type Item = Panel['items'][number]

const RULES = { majority: '多数', median: '中位数', lead: '组长裁定' } as const
const SCENE_LEVELS = ['未达一级', '一级', '二级', '三级', '四级']

interface MemberDraft {
  name: string
  agency: string
  keyId: string
}

function CreatePanel({
  enterpriseId,
  onCreated,
  onError,
}: {
  enterpriseId: string
  onCreated(p: Panel): void
  onError(m: string): void
}) {
  const [lead, setLead] = useState<MemberDraft>({ name: '', agency: '', keyId: '' })
  const [experts, setExperts] = useState<MemberDraft[]>([
    { name: '', agency: '', keyId: '' },
    { name: '', agency: '', keyId: '' },
    { name: '', agency: '', keyId: '' },
  ])
  useEffect(() => {
    void client()
      .call('keys.status', {})
      .then((k) => {
        if (k.key) setLead((l) => ({ ...l, keyId: l.keyId || k.key!.keyId }))
      })
      .catch(() => undefined)
  }, [])
  const row = (m: MemberDraft, set: (m: MemberDraft) => void, id: string) => (
    <Space key={id} wrap>
      <Input
        placeholder="姓名"
        value={m.name}
        data-testid={`${id}-name`}
        onChange={(e) => set({ ...m, name: e.target.value })}
        style={{ width: 120 }}
      />
      <Input
        placeholder="所属机构"
        value={m.agency}
        data-testid={`${id}-agency`}
        onChange={(e) => set({ ...m, agency: e.target.value })}
        style={{ width: 220 }}
      />
      <Input
        placeholder="签名密钥编号（64 位）"
        value={m.keyId}
        data-testid={`${id}-key`}
        onChange={(e) => set({ ...m, keyId: e.target.value.trim() })}
        style={{ width: 520, fontFamily: 'monospace' }}
      />
    </Space>
  )
  async function create(): Promise<void> {
    try {
      onCreated(
        await client().call('panel.create', {
          enterpriseId,
          lead,
          experts: experts.filter((e) => e.name || e.keyId),
        }),
      )
    } catch (e) {
      onError(errorMessage(e))
    }
  }
  return (
    <div className="card" data-testid="panel-create">
      <div className="card-head">
        <h3>新建专家组评审</h3>
      </div>
      <Space direction="vertical">
        <strong>组长（本机密钥）</strong>
        {row(lead, setLead, 'lead')}
        <strong>专家</strong>
        {experts.map((m, i) =>
          row(m, (n) => setExperts(experts.map((x, j) => (j === i ? n : x))), `expert-${i}`),
        )}
        <Space>
          <Button onClick={() => setExperts([...experts, { name: '', agency: '', keyId: '' }])}>
            增加专家
          </Button>
          <Button type="primary" onClick={() => void create()} data-testid="panel-create-submit">
            创建评审
          </Button>
        </Space>
      </Space>
    </div>
  )
}

function DecideCell({
  item,
  onDecide,
}: {
  item: Item
  onDecide(itemId: string, value: Item['consolidated'], reason: string): Promise<void>
}) {
  const options = new Map<string, Item['consolidated']>()
  for (const v of item.values) options.set(JSON.stringify(v.value), v.value)
  if (item.kind === 'scene') {
    const judged = item.values.map((v) => v.value).filter((v): v is number => typeof v === 'number')
    if (judged.length)
      for (let l = Math.min(...judged); l <= Math.max(...judged); l++)
        options.set(JSON.stringify(l), l)
  }
  const [value, setValue] = useState<string | undefined>()
  const [reason, setReason] = useState('')
  const text = (v: Item['consolidated']) =>
    item.kind === 'scene'
      ? typeof v === 'number'
        ? (SCENE_LEVELS[v] ?? String(v))
        : '未判定'
      : v === null
        ? '未作答'
        : Array.isArray(v)
          ? [...v].sort().join('、')
          : String(v)
  return (
    <Space.Compact>
      <Select
        size="small"
        style={{ width: 110 }}
        placeholder="裁定为"
        value={value}
        onChange={setValue}
        data-testid={`decide-value-${item.itemId}`}
        options={[...options.entries()].map(([k, v]) => ({ value: k, label: text(v) }))}
      />
      <Input
        size="small"
        style={{ width: 220 }}
        placeholder="裁定理由（必填）"
        value={reason}
        data-testid={`decide-reason-${item.itemId}`}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        size="small"
        disabled={value === undefined}
        data-testid={`decide-${item.itemId}`}
        onClick={() => void onDecide(item.itemId, options.get(value!) ?? null, reason)}
      >
        裁定
      </Button>
    </Space.Compact>
  )
}

export function PanelPage({ enterpriseId }: { enterpriseId: string }) {
  const go = useRoute((s) => s.go)
  const [panel, setPanel] = useState<Panel | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [onlyDivergent, setOnlyDivergent] = useState(true)
  const [investment, setInvestment] = useState<number | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  const load = useCallback(async () => {
    try {
      const list = await client().call('panel.list', {})
      const mine = list.items.find((p) => p.enterpriseId === enterpriseId)
      setPanel(mine ? await client().call('panel.get', { panelId: mine.id }) : null)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoaded(true)
    }
  }, [enterpriseId])
  useEffect(() => {
    void load()
  }, [load])

  async function run(f: () => Promise<void>): Promise<void> {
    setError(null)
    try {
      await f()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  async function importFiles(files: FileList | null): Promise<void> {
    if (!files || !panel) return
    for (const f of Array.from(files))
      await run(async () => {
        const r = await client().call('panel.importScoring', {
          panelId: panel.id,
          fileName: f.name,
          contentBase64: await fileToBase64(f),
        })
        setPanel(r.panel)
        const who = r.panel.experts.find((m) => m.keyId === r.expertKeyId)
        setNotice(`已验证并导入 ${who?.name ?? ''} 的评分签名包「${f.name}」`)
      })
    if (fileInput.current) fileInput.current.value = ''
  }

  const decide = async (itemId: string, value: Item['consolidated'], reason: string) =>
    run(async () => {
      if (!panel) return
      setPanel(await client().call('panel.decide', { panelId: panel.id, itemId, value, reason }))
      setNotice(`${itemId} 已由组长裁定`)
    })

  const name = (k: string) => panel?.experts.find((m) => m.keyId === k)?.name ?? k.slice(0, 8)

  if (!loaded) return null
  return (
    <div className="page" data-testid="panel-page">
      <div className="page-head">
        <div className="page-head-left">
          <Button type="link" onClick={() => go({ name: 'enterprises' })}>
            ← 企业列表
          </Button>
          <h2 className="page-title">专家组合议{panel ? ` · ${panel.enterpriseName}` : ''}</h2>
        </div>
      </div>
      {error ? (
        <Alert type="error" showIcon message={error} data-testid="panel-error" closable />
      ) : null}
      {notice ? (
        <Alert type="success" showIcon message={notice} data-testid="panel-notice" />
      ) : null}
      {!panel ? (
        <CreatePanel enterpriseId={enterpriseId} onCreated={setPanel} onError={setError} />
      ) : (
        <>
          <div className="card" data-testid="panel-members">
            <div className="card-head">
              <h3>专家组成员与评分到达情况</h3>
              <Space>
                <input
                  ref={fileInput}
                  type="file"
                  accept=".dlbundle"
                  multiple
                  hidden
                  data-testid="panel-import-input"
                  onChange={(e) => void importFiles(e.target.files)}
                />
                <Button disabled={panel.signed !== null} onClick={() => fileInput.current?.click()}>
                  导入专家评分签名包
                </Button>
              </Space>
            </div>
            <p className="muted">
              组长：{panel.lead.name}（{panel.lead.agency}） 密钥 {panel.lead.keyId.slice(0, 12)}…
            </p>
            <Table
              size="small"
              rowKey="keyId"
              pagination={false}
              dataSource={panel.experts}
              columns={[
                { title: '专家', dataIndex: 'name' },
                { title: '所属机构', dataIndex: 'agency' },
                {
                  title: '签名密钥',
                  dataIndex: 'keyId',
                  render: (k: string) => <code>{k.slice(0, 12)}…</code>,
                },
                {
                  title: '评分',
                  render: (_: unknown, m: Panel['experts'][number]) =>
                    m.scoring ? (
                      <Tag color="green" data-testid={`arrived-${m.name}`}>
                        已到达 · 已验证 · {m.scoring.total} 分 · {SCENE_LEVELS[m.scoring.level]}
                      </Tag>
                    ) : (
                      <Tag data-testid={`waiting-${m.name}`}>未到达</Tag>
                    ),
                },
              ]}
            />
          </div>

          {panel.complete ? (
            <div className="card" data-testid="panel-items">
              <div className="card-head">
                <h3>
                  逐项合议{' '}
                  <Tag
                    color={panel.divergences.some((d) => d.severity === 'major') ? 'red' : 'green'}
                  >
                    分歧 {panel.divergences.filter((d) => d.severity === 'major').length} 项
                  </Tag>
                </h3>
                <Button size="small" onClick={() => setOnlyDivergent(!onlyDivergent)}>
                  {onlyDivergent ? '显示全部项目' : '只看有分歧的项目'}
                </Button>
              </div>
              {panel.divergences
                .filter((d) => d.kind === 'level')
                .map((d) => (
                  <Alert key="level" type="warning" showIcon message={d.message} />
                ))}
              <Table<Item>
                size="small"
                rowKey="itemId"
                pagination={false}
                data-testid="panel-item-table"
                dataSource={panel.items.filter(
                  (i) => !onlyDivergent || i.severity !== null || !i.resolved || i.rule === 'lead',
                )}
                rowClassName={(i) => (i.severity === 'major' ? 'panel-divergent' : '')}
                columns={[
                  {
                    title: '项目',
                    render: (_: unknown, i: Item) => (
                      <span data-testid={`item-${i.itemId}`}>
                        {i.itemId} {i.title}{' '}
                        {i.severity === 'major' ? <Tag color="red">分歧</Tag> : null}
                        {i.severity === 'minor' ? <Tag color="orange">相差一级</Tag> : null}
                      </span>
                    ),
                  },
                  ...panel.experts.map((m, n) => ({
                    title: m.name,
                    key: m.keyId,
                    render: (_: unknown, i: Item) => i.values[n]?.text ?? '',
                  })),
                  {
                    title: '合议规则',
                    render: (_: unknown, i: Item) => (
                      <Tag color={i.rule === 'lead' ? 'blue' : undefined}>{RULES[i.rule]}</Tag>
                    ),
                  },
                  {
                    title: '合议结果',
                    render: (_: unknown, i: Item) => (
                      <span data-testid={`settled-${i.itemId}`}>
                        <strong>{i.consolidatedText}</strong>
                        <div className="muted">
                          {i.reason ? `理由：${i.reason}` : i.explanation}
                        </div>
                      </span>
                    ),
                  },
                  {
                    title: '组长裁定',
                    render: (_: unknown, i: Item) =>
                      panel.signed ? null : <DecideCell item={i} onDecide={decide} />,
                  },
                ]}
              />
            </div>
          ) : (
            <Alert
              type="info"
              showIcon
              message={`等待专家评分：${panel.experts
                .filter((m) => !m.scoring)
                .map((m) => m.name)
                .join('、')}`}
            />
          )}

          {panel.complete ? (
            <div className="card" data-testid="panel-result">
              <div className="card-head">
                <h3>合议结论</h3>
              </div>
              {panel.result ? (
                <p data-testid="panel-level">
                  合议等级：<strong>{panel.result.levelName}</strong>（{panel.result.total}{' '}
                  分）；各专家：
                  {panel.experts
                    .map((m) => `${m.name} ${SCENE_LEVELS[m.scoring?.level ?? 0]}`)
                    .join('；')}
                </p>
              ) : (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="panel-unresolved"
                  message={`尚有未合议的项目：${panel.unresolved.join('、')}，须由组长裁定`}
                />
              )}
              <Space wrap>
                <Button
                  type="primary"
                  disabled={!panel.result || panel.signed !== null}
                  data-testid="panel-sign"
                  onClick={() =>
                    void run(async () => {
                      const s = await client().call('panel.sign', { panelId: panel.id })
                      downloadBase64(s.contentBase64, s.fileName, 'application/zip')
                      setPanel(await client().call('panel.get', { panelId: panel.id }))
                      setNotice(`组长已签名合议结果（签名包 ${s.bundleId.slice(0, 8)}…）`)
                    })
                  }
                >
                  {panel.signed ? '组长已签名' : '组长签名'}
                </Button>
                <InputNumber
                  min={0}
                  placeholder="实际投入资金（元）"
                  style={{ width: 200 }}
                  value={investment}
                  onChange={(v) => setInvestment(v)}
                  data-testid="panel-investment"
                />
                <Button
                  disabled={!panel.result}
                  data-testid="panel-report"
                  onClick={() =>
                    void run(async () => {
                      const r = await client().call('panel.report', {
                        panelId: panel.id,
                        ...(investment === null
                          ? {}
                          : { investmentFen: Math.round(investment * 100) }),
                      })
                      downloadBase64(r.pdfBase64, r.fileName, 'application/pdf')
                      setNotice(
                        `已生成专家组验收评价 PDF（${r.pages} 页，合议等级 ${r.levelName}）`,
                      )
                    })
                  }
                >
                  导出验收评价 PDF
                </Button>
              </Space>
              {panel.signed ? (
                <p className="muted" data-testid="panel-signed">
                  组长签名包 {panel.signed.bundleId}，清单 SHA-256{' '}
                  {panel.signed.manifestSha256.slice(0, 16)}…，签名密钥{' '}
                  {panel.signed.keyId.slice(0, 12)}…（含 {panel.experts.length} 位专家的签名包）
                </p>
              ) : null}
            </div>
          ) : null}
          <p className="muted">
            分歧：选项不同、场景等级相差 2 级及以上、等级判定不同；相差一级按中位数确定。当前由{' '}
            {panel.experts.map((m) => name(m.keyId)).join('、')} 评分。
          </p>
        </>
      )}
    </div>
  )
}
