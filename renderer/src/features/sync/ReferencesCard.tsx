/**
 * 任务分配与规则配置 (issue 5): 「从中心服务更新」 pulls this assessor's assignments and the rule
 * profiles the central service published (each verified against the pinned central key by the
 * backend); both are kept on this device, so the table and the list are there offline. A signed
 * rule-profile file (USB stick) can be imported with the same checks. New profiles appear in the
 * new-assessment picker right away (the catalogue store is refreshed).
 */
import { Alert, Button, Empty, Space, Table, Tag } from 'antd'
import { useCallback, useEffect, useState } from 'react'
import type { Output } from '../../../../shared/contract'
import { client, errorMessage } from '../../api'
import { useCatalogue } from '../../app/catalogue.store'
import { fileToBase64 } from '../../ui/files'
import { FilePickButton } from '../../ui/FilePickButton'
import { industryName, useAssessmentLabels } from '../enterprises/labels'

type Assignments = Output<'sync.assignments'>
type Assignment = Assignments['items'][number]
type Profile = Output<'references.ruleProfiles'>['items'][number]
type PullResult = Output<'sync.pull'>

/** What a signed rule-profile file may look like to the picker. */
export const RULE_PROFILE_ACCEPT = '.json,application/json'

const LEVELS_ZH = ['无等级', '一级', '二级', '三级', '四级']

export function ReferencesCard({ onError }: { onError(message: string): void }) {
  const label = useAssessmentLabels()
  const refreshCatalogue = useCatalogue((s) => s.refresh)
  const [assignments, setAssignments] = useState<Assignments | null>(null)
  const [profiles, setProfiles] = useState<Profile[] | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [pulled, setPulled] = useState<PullResult | null>(null)
  const [imported, setImported] = useState<{ ok: boolean; message: string } | null>(null)

  const reload = useCallback(async () => {
    try {
      const [a, p] = await Promise.all([
        client().call('sync.assignments', {}),
        client().call('references.ruleProfiles', {}),
      ])
      setAssignments(a)
      setProfiles(p.items)
    } catch (e) {
      onError(errorMessage(e))
    }
  }, [onError])

  useEffect(() => {
    void reload()
  }, [reload])

  const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString('zh-CN') : '—')

  async function pull(): Promise<void> {
    setBusy('pull')
    setPulled(null)
    try {
      setPulled(await client().call('sync.pull', {}))
      await refreshCatalogue()
    } catch (e) {
      onError(errorMessage(e))
    } finally {
      setBusy(null)
      await reload()
    }
  }

  async function importFile(file: File): Promise<void> {
    setBusy('import')
    setImported(null)
    try {
      const r = await client().call('references.importRuleProfile', {
        fileName: file.name,
        contentBase64: await fileToBase64(file),
      })
      setImported({
        ok: true,
        message: `${r.status === 'stored' ? '已导入规则配置' : '本机已有此规则配置（内容一致）'} · ${file.name} · ${r.profile.id}（${r.profile.title}）`,
      })
      await refreshCatalogue()
    } catch (e) {
      // The backend names the field that failed (signature, body.profile.rules.1.minScore, …).
      setImported({ ok: false, message: `规则配置未导入 · ${file.name}：${errorMessage(e)}` })
    } finally {
      setBusy(null)
      await reload()
    }
  }

  const level = (n: number): string => LEVELS_ZH[n] ?? String(n)
  const sourceTag = (s: Profile['source']) =>
    s === 'built-in' ? (
      <Tag>内置</Tag>
    ) : (
      <Tag color={s === 'central' ? 'blue' : 'purple'}>
        {s === 'central' ? '中心服务' : '文件导入'}
      </Tag>
    )

  return (
    <div className="card" data-testid="references-card">
      <div className="card-head">
        <h3>任务分配与规则配置</h3>
        <Space wrap>
          <Button
            type="primary"
            loading={busy === 'pull'}
            onClick={() => void pull()}
            data-testid="references-pull"
          >
            从中心服务更新
          </Button>
          <FilePickButton
            accept={RULE_PROFILE_ACCEPT}
            loading={busy === 'import'}
            onFile={(f) => void importFile(f)}
            buttonTestId="import-rule-profile"
            inputTestId="import-rule-profile-file"
          >
            从文件导入规则配置
          </FilePickButton>
        </Space>
      </div>
      <div className="muted" style={{ marginBottom: 12 }}>
        从中心服务获取分配给本人的企业和中心发布的等级规则配置（规则配置经中心公钥验证后保存，离线可用）。
      </div>
      {pulled ? (
        <Alert
          type={pulled.ruleProfiles.refused.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setPulled(null)}
          style={{ marginBottom: 12 }}
          data-testid="pull-result"
          message={`已更新：分配企业 ${pulled.assignments} · 新规则配置 ${pulled.ruleProfiles.stored.length} · 已有 ${pulled.ruleProfiles.present.length} · 未采用 ${pulled.ruleProfiles.refused.length}`}
          description={
            pulled.ruleProfiles.refused.length > 0 ? (
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="pull-refused">
                {pulled.ruleProfiles.refused.map((r, i) => (
                  <li key={`${r.id}-${i}`}>
                    <span className="mono">{r.id}</span> · {r.field}: {r.message}
                  </li>
                ))}
              </ul>
            ) : pulled.ruleProfiles.stored.length > 0 ? (
              <span className="mono">{pulled.ruleProfiles.stored.join('、')}</span>
            ) : undefined
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
          data-testid="rule-profile-import-result"
          message={imported.message}
        />
      ) : null}

      <div className="card-head" style={{ marginTop: 8 }}>
        <h3>分配给本人的企业</h3>
        <span className="muted" data-testid="assignments-fetched-at">
          {assignments?.fetchedAt
            ? `更新于 ${when(assignments.fetchedAt)}`
            : assignments
              ? '尚未从中心服务更新'
              : ''}
        </span>
      </div>
      <Table<Assignment>
        rowKey="enterpriseId"
        size="small"
        dataSource={assignments?.items ?? []}
        loading={assignments === null}
        pagination={false}
        locale={{ emptyText: <Empty description="没有分配的企业" /> }}
        data-testid="assignments-table"
        columns={[
          {
            title: '企业',
            render: (_: unknown, a) => (
              <div>
                <div>{a.enterpriseName}</div>
                <div className="muted mono">{a.uscc ?? a.enterpriseId}</div>
              </div>
            ),
          },
          { title: '县区', render: (_: unknown, a) => a.county ?? '—' },
          {
            title: '行业',
            render: (_: unknown, a) => (a.industry ? industryName(a.industry) : '—'),
          },
          { title: '批次', render: (_: unknown, a) => (a.batch === null ? '—' : a.batch) },
          {
            title: '评测类型',
            render: (_: unknown, a) =>
              a.kind === 'diagnosis' || a.kind === 'acceptance' || a.kind === 'recheck'
                ? label.kind(a.kind)
                : (a.kind ?? '—'),
          },
        ]}
      />

      <div className="card-head" style={{ marginTop: 16 }}>
        <h3>规则配置</h3>
      </div>
      <Table<Profile>
        rowKey="id"
        size="small"
        dataSource={profiles ?? []}
        loading={profiles === null}
        pagination={false}
        data-testid="rule-profiles-table"
        onRow={(p) => ({ 'data-testid': `rule-profile-${p.id}` }) as object}
        columns={[
          {
            title: '规则配置',
            render: (_: unknown, p) => (
              <div>
                <div>{p.title}</div>
                <div className="muted mono">
                  {p.id} · v{p.version}
                </div>
              </div>
            ),
          },
          {
            title: '来源',
            render: (_: unknown, p) => (
              <span data-testid="rule-profile-source">{sourceTag(p.source)}</span>
            ),
          },
          {
            title: '等级门槛（总分 / 场景数 / 约束性场景数）',
            render: (_: unknown, p) => (
              <div className="mono" style={{ fontSize: 12 }}>
                {p.rules.map((r) => (
                  <div key={r.level}>
                    {level(r.level)} ≥{r.minScore} / {r.minScenes} / {r.minConstrainedScenes}
                  </div>
                ))}
              </div>
            ),
          },
          { title: '发布时间', render: (_: unknown, p) => when(p.publishedAt) },
          {
            title: 'SHA-256',
            render: (_: unknown, p) => (
              <span className="mono" title={p.profileSha256}>
                {p.profileSha256.slice(0, 12)}…
              </span>
            ),
          },
        ]}
      />
    </div>
  )
}
