/**
 * 专家组合议 (issue 6): the lead's consolidation screen for one enterprise's acceptance review.
 * Members and which signed scorings arrived; per item who chose what with divergence flags; the
 * rule that settled each item or the lead's decision with its reason; the consolidated level and
 * verdict; signing the lead's bundle and the panel's 验收评价 PDF.
 */
import { Alert, Button, Input, InputNumber, Select, Space, Table, Tag, Tooltip } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { ApiError, client, errorMessage } from '../../api'
import { useProfile } from '../../app/profile.store'
import { useRoute } from '../../app/route.store'
import { FilePickButton } from '../../ui/FilePickButton'
import { downloadBase64, fileToBase64 } from '../../ui/files'

type Panel = Output<'panel.get'>
type Item = Panel['items'][number]

const RULES = { majority: '多数', median: '中位数', lead: '组长裁定' } as const
const SCENE_LEVELS = ['未达一级', '一级', '二级', '三级', '四级']

type KnownKey = Output<'keyRegistry.list'>['items'][number]

/**
 * A new panel: the lead is this device's key with the assessor profile's name; experts are
 * picked by name and agency from the keys known here — pulled from the central service's key
 * registry or added from a public-key file the expert gave (never typed as 64-hex ids).
 */
function CreatePanel({
  enterpriseId,
  onCreated,
  onError,
}: {
  enterpriseId: string
  onCreated(p: Panel): void
  onError(m: string): void
}) {
  const profile = useProfile((s) => s.profile)
  const go = useRoute((s) => s.go)
  const [leadKeyId, setLeadKeyId] = useState<string | null>(null)
  const [keys, setKeys] = useState<KnownKey[]>([])
  const [picked, setPicked] = useState<string[]>([])
  const [busy, setBusy] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [pemFile, setPemFile] = useState<File | null>(null)
  const [pemName, setPemName] = useState({ name: '', agency: '' })

  const reload = useCallback(async () => {
    setKeys((await client().call('keyRegistry.list', {})).items)
  }, [])
  useEffect(() => {
    void client()
      .call('keys.status', {})
      .then((k) => setLeadKeyId(k.key?.keyId ?? null))
      .catch(() => undefined)
    void reload().catch((e: unknown) => onError(errorMessage(e)))
  }, [reload, onError])

  async function run(what: string, f: () => Promise<void>): Promise<void> {
    setBusy(what)
    setNotice(null)
    try {
      await f()
    } catch (e) {
      onError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  async function importKey(file: File, holder?: { name: string; agency: string }): Promise<void> {
    await run('file', async () => {
      try {
        const r = await client().call('keyRegistry.importFile', {
          fileName: file.name,
          contentBase64: await fileToBase64(file),
          ...(holder ? { name: holder.name, agency: holder.agency } : {}),
        })
        await reload()
        setPicked((p) => (p.includes(r.key.keyId) ? p : [...p, r.key.keyId]))
        setPemFile(null)
        setNotice(`已添加专家 ${r.key.name}${r.key.agency ? `（${r.key.agency}）` : ''}`)
      } catch (e) {
        // a bare PEM names nobody: ask for the expert's name, then import again
        if (e instanceof ApiError && e.field === 'name') setPemFile(file)
        else throw e
      }
    })
  }

  const experts = keys.filter((k) => k.keyId !== leadKeyId)
  const byId = new Map(keys.map((k) => [k.keyId, k]))

  async function create(): Promise<void> {
    await run('create', async () => {
      if (!leadKeyId) throw new Error('本机尚无签名密钥：请先在「签名与同步」中创建评测人员密钥')
      if (!profile) throw new Error('请先点页首「设置评测人员」填写组长的姓名和机构')
      onCreated(
        await client().call('panel.create', {
          enterpriseId,
          lead: { name: profile.name, agency: profile.agency, keyId: leadKeyId },
          experts: picked.flatMap((id) => {
            const k = byId.get(id)
            return k ? [{ name: k.name, agency: k.agency || '—', keyId: k.keyId }] : []
          }),
        }),
      )
    })
  }

  return (
    <div className="card" data-testid="panel-create">
      <div className="card-head">
        <h3>新建专家组评审</h3>
      </div>
      <Space direction="vertical" style={{ width: '100%' }}>
        <div>
          <strong>组长（本机）：</strong>
          {profile ? `${profile.name}（${profile.agency}）` : '尚未设置评测人员资料'}
          {leadKeyId ? null : (
            <Button type="link" size="small" onClick={() => go({ name: 'sync' })}>
              尚无签名密钥，去创建
            </Button>
          )}
        </div>
        <strong>专家（按姓名选择，至少一位）</strong>
        <Select
          mode="multiple"
          style={{ width: '100%', maxWidth: 720 }}
          placeholder={
            experts.length ? '选择专家' : '本机还没有专家的公钥：从中心获取，或导入专家给的公钥文件'
          }
          value={picked}
          onChange={setPicked}
          data-testid="panel-experts"
          optionFilterProp="label"
          options={experts.map((k) => ({
            value: k.keyId,
            label: `${k.name}${k.agency ? ` · ${k.agency}` : ''}`,
          }))}
        />
        <Space wrap>
          <Button
            loading={busy === 'pull'}
            onClick={() =>
              void run('pull', async () => {
                const r = await client().call('keyRegistry.pull', {})
                await reload()
                setNotice(
                  `已从中心获取 ${r.received} 位评测人员的公钥（新增 ${r.stored}，更新 ${r.updated}）`,
                )
              })
            }
            data-testid="panel-registry-pull"
          >
            从中心获取专家名录
          </Button>
          <FilePickButton
            accept=".json,.pem,.pub"
            loading={busy === 'file'}
            onFile={(f) => void importKey(f)}
            buttonTestId="panel-key-import"
            inputTestId="panel-key-file"
          >
            导入专家公钥文件
          </FilePickButton>
          <Button type="link" size="small" onClick={() => go({ name: 'help' })}>
            公钥文件是什么？
          </Button>
        </Space>
        {pemFile ? (
          <Space wrap data-testid="panel-key-holder">
            <span>「{pemFile.name}」没有写明持有人，请填写：</span>
            <Input
              placeholder="专家姓名"
              value={pemName.name}
              onChange={(e) => setPemName({ ...pemName, name: e.target.value })}
              style={{ width: 120 }}
              data-testid="panel-key-holder-name"
            />
            <Input
              placeholder="所属机构"
              value={pemName.agency}
              onChange={(e) => setPemName({ ...pemName, agency: e.target.value })}
              style={{ width: 220 }}
            />
            <Button
              disabled={!pemName.name.trim()}
              onClick={() => void importKey(pemFile, pemName)}
              data-testid="panel-key-holder-save"
            >
              添加
            </Button>
          </Space>
        ) : null}
        {notice ? (
          <Alert type="success" showIcon message={notice} data-testid="panel-key-notice" />
        ) : null}
        <Button
          type="primary"
          loading={busy === 'create'}
          disabled={picked.length === 0}
          onClick={() => void create()}
          data-testid="panel-create-submit"
        >
          创建评审
        </Button>
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
              组长：{panel.lead.name}（{panel.lead.agency}）
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
                  render: (k: string) => (
                    <Tooltip title={`密钥编号 ${k}`}>
                      <span className="muted">已登记</span>
                    </Tooltip>
                  ),
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
