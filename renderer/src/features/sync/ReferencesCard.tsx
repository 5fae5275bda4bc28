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
import { useLocale } from '../../i18n/locale.store'
import { fileToBase64 } from '../../ui/files'
import { FilePickButton } from '../../ui/FilePickButton'
import { industryName, useAssessmentLabels } from '../enterprises/labels'
import { useReferencesText } from './references.text'

type Assignments = Output<'sync.assignments'>
type Assignment = Assignments['items'][number]
type Profile = Output<'references.ruleProfiles'>['items'][number]
type PullResult = Output<'sync.pull'>

/** What a signed rule-profile file may look like to the picker. */
export const RULE_PROFILE_ACCEPT = '.json,application/json'

const LEVELS_ZH = ['无等级', '一级', '二级', '三级', '四级']

export function ReferencesCard({ onError }: { onError(message: string): void }) {
  const t = useReferencesText()
  const locale = useLocale((s) => s.locale)
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

  const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString(locale) : '—')

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
        message: `${r.status === 'stored' ? t('importedProfile') : t('importPresent')} · ${file.name} · ${r.profile.id}（${r.profile.title}）`,
      })
      await refreshCatalogue()
    } catch (e) {
      // The backend names the field that failed (signature, body.profile.rules.1.minScore, …).
      setImported({ ok: false, message: `${t('importFailed')} · ${file.name}：${errorMessage(e)}` })
    } finally {
      setBusy(null)
      await reload()
    }
  }

  const level = (n: number): string => (locale === 'en' ? `L${n}` : (LEVELS_ZH[n] ?? String(n)))
  const sourceTag = (s: Profile['source']) =>
    s === 'built-in' ? (
      <Tag>{t('builtIn')}</Tag>
    ) : (
      <Tag color={s === 'central' ? 'blue' : 'purple'}>
        {s === 'central' ? t('central') : t('file')}
      </Tag>
    )

  return (
    <div className="card" data-testid="references-card">
      <div className="card-head">
        <h3>{t('title')}</h3>
        <Space wrap>
          <Button
            type="primary"
            loading={busy === 'pull'}
            onClick={() => void pull()}
            data-testid="references-pull"
          >
            {t('pull')}
          </Button>
          <FilePickButton
            accept={RULE_PROFILE_ACCEPT}
            loading={busy === 'import'}
            onFile={(f) => void importFile(f)}
            buttonTestId="import-rule-profile"
            inputTestId="import-rule-profile-file"
          >
            {t('importProfile')}
          </FilePickButton>
        </Space>
      </div>
      <div className="muted" style={{ marginBottom: 12 }}>
        {t('pullHint')}
      </div>
      {pulled ? (
        <Alert
          type={pulled.ruleProfiles.refused.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setPulled(null)}
          style={{ marginBottom: 12 }}
          data-testid="pull-result"
          message={`${t('pulled')}：${t('assignmentsCount')} ${pulled.assignments} · ${t('profilesStored')} ${pulled.ruleProfiles.stored.length} · ${t('profilesPresent')} ${pulled.ruleProfiles.present.length} · ${t('refused')} ${pulled.ruleProfiles.refused.length}`}
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
        <h3>{t('assignments')}</h3>
        <span className="muted" data-testid="assignments-fetched-at">
          {assignments?.fetchedAt
            ? `${t('updatedAt')} ${when(assignments.fetchedAt)}`
            : assignments
              ? t('neverPulled')
              : ''}
        </span>
      </div>
      <Table<Assignment>
        rowKey="enterpriseId"
        size="small"
        dataSource={assignments?.items ?? []}
        loading={assignments === null}
        pagination={false}
        locale={{ emptyText: <Empty description={t('noAssignments')} /> }}
        data-testid="assignments-table"
        columns={[
          {
            title: t('enterprise'),
            render: (_: unknown, a) => (
              <div>
                <div>{a.enterpriseName}</div>
                <div className="muted mono">{a.uscc ?? a.enterpriseId}</div>
              </div>
            ),
          },
          { title: t('county'), render: (_: unknown, a) => a.county ?? '—' },
          {
            title: t('industry'),
            render: (_: unknown, a) => (a.industry ? industryName(a.industry) : '—'),
          },
          { title: t('batch'), render: (_: unknown, a) => (a.batch === null ? '—' : a.batch) },
          {
            title: t('kind'),
            render: (_: unknown, a) =>
              a.kind === 'diagnosis' || a.kind === 'acceptance' || a.kind === 'recheck'
                ? label.kind(a.kind)
                : (a.kind ?? '—'),
          },
        ]}
      />

      <div className="card-head" style={{ marginTop: 16 }}>
        <h3>{t('ruleProfiles')}</h3>
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
            title: t('profile'),
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
            title: t('source'),
            render: (_: unknown, p) => (
              <span data-testid="rule-profile-source">{sourceTag(p.source)}</span>
            ),
          },
          {
            title: t('thresholds'),
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
          { title: t('publishedAt'), render: (_: unknown, p) => when(p.publishedAt) },
          {
            title: t('hash'),
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
