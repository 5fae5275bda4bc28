/**
 * GET /progress: read-only pilot progress against the Hebi plan's targets
 * (seed/hebi-pilot-plan.txt: 不少于600家中小企业开展数字化改造, 改造企业数字化水平达二级及以上,
 * 数字化水平四级企业30家). Counts use the current version of each record (corrections replace
 * what they supersede) and only accepted bundles; an enterprise is identified by its 统一社会信用代码
 * (or its name when the code is missing). "Current level" is the latest acceptance/recheck level,
 * else the diagnosis level.
 */
import type { Kysely } from 'kysely'
import type { CentralDB } from './db/schema'

export const PLAN_TARGETS = { enterprises: 600, minLevel: 2, level4: 30 } as const

const LEVEL_NAMES = ['无等级', '一级', '二级', '三级', '四级']

interface EnterpriseState {
  key: string
  county: string
  industry: string
  batch: string
  diagnosisLevel: number | null
  acceptanceLevel: number | null
  lastDiagnosisAt: string
  lastAcceptanceAt: string
}

export interface ProgressGroup {
  name: string
  enterprises: number
  diagnosed: number
  accepted: number
  acceptedAtLeast2: number
  acceptedLevel4: number
  currentLevels: [number, number, number, number, number]
}

export interface ProgressSummary {
  bundles: number
  records: number
  total: ProgressGroup
  byCounty: ProgressGroup[]
  byIndustry: ProgressGroup[]
  byBatch: ProgressGroup[]
}

function group(name: string, list: EnterpriseState[]): ProgressGroup {
  const g: ProgressGroup = {
    name,
    enterprises: list.length,
    diagnosed: 0,
    accepted: 0,
    acceptedAtLeast2: 0,
    acceptedLevel4: 0,
    currentLevels: [0, 0, 0, 0, 0],
  }
  for (const e of list) {
    if (e.diagnosisLevel !== null) g.diagnosed++
    if (e.acceptanceLevel !== null) {
      g.accepted++
      if (e.acceptanceLevel >= PLAN_TARGETS.minLevel) g.acceptedAtLeast2++
      if (e.acceptanceLevel === 4) g.acceptedLevel4++
    }
    const cur = e.acceptanceLevel ?? e.diagnosisLevel ?? 0
    g.currentLevels[cur as 0 | 1 | 2 | 3 | 4]++
  }
  return g
}

function groupBy(all: EnterpriseState[], f: (e: EnterpriseState) => string): ProgressGroup[] {
  const m = new Map<string, EnterpriseState[]>()
  for (const e of all) m.set(f(e), [...(m.get(f(e)) ?? []), e])
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'zh-CN'))
    .map(([k, v]) => group(k, v))
}

export async function progressSummary(db: Kysely<CentralDB>): Promise<ProgressSummary> {
  const rows = await db
    .selectFrom('bundles')
    .select([
      'record_id',
      'version',
      'kind',
      'enterprise_name',
      'enterprise_uscc',
      'county',
      'industry',
      'batch',
      'level',
      'accepted_at',
    ])
    .where('status', '=', 'accepted')
    .execute()
  const heads = new Map<string, (typeof rows)[number]>()
  for (const r of rows) {
    const h = heads.get(r.record_id)
    if (!h || Number(r.version) > Number(h.version)) heads.set(r.record_id, r)
  }
  const ents = new Map<string, EnterpriseState>()
  for (const r of heads.values()) {
    const key = r.enterprise_uscc ?? `name:${r.enterprise_name}`
    const e = ents.get(key) ?? {
      key,
      county: r.county ?? '（未填县区）',
      industry: r.industry ?? '（未填行业）',
      batch: r.batch === null ? '（未填批次）' : `第${Number(r.batch)}批`,
      diagnosisLevel: null,
      acceptanceLevel: null,
      lastDiagnosisAt: '',
      lastAcceptanceAt: '',
    }
    const at = r.accepted_at ?? ''
    const level = Number(r.level)
    if (r.kind === 'diagnosis') {
      if (at >= e.lastDiagnosisAt) Object.assign(e, { diagnosisLevel: level, lastDiagnosisAt: at })
    } else if (at >= e.lastAcceptanceAt)
      Object.assign(e, { acceptanceLevel: level, lastAcceptanceAt: at })
    ents.set(key, e)
  }
  const all = [...ents.values()]
  return {
    bundles: rows.length,
    records: heads.size,
    total: group('合计', all),
    byCounty: groupBy(all, (e) => e.county),
    byIndustry: groupBy(all, (e) => e.industry),
    byBatch: groupBy(all, (e) => e.batch),
  }
}

function esc(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

function table(title: string, groups: ProgressGroup[]): string {
  const head = `<tr><th>${esc(title)}</th><th>企业数</th><th>已诊断</th><th>已验收</th><th>验收达二级及以上</th><th>验收四级</th>${LEVEL_NAMES.map((n) => `<th>当前${n}</th>`).join('')}</tr>`
  const body = groups
    .map(
      (g) =>
        `<tr><td>${esc(g.name)}</td><td>${g.enterprises}</td><td>${g.diagnosed}</td><td>${g.accepted}</td><td>${g.acceptedAtLeast2}</td><td>${g.acceptedLevel4}</td>${g.currentLevels.map((n) => `<td>${n}</td>`).join('')}</tr>`,
    )
    .join('\n')
  return `<h2>按${esc(title)}</h2>\n<table>\n${head}\n${body || `<tr><td colspan="11">暂无数据</td></tr>`}\n</table>`
}

function pct(n: number, d: number): string {
  return d ? `${((n / d) * 100).toFixed(1)}%` : '—'
}

export async function renderProgressPage(db: Kysely<CentralDB>, now: Date): Promise<string> {
  const s = await progressSummary(db)
  const t = s.total
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>鹤壁市中小企业数字化转型城市试点 · 评测进度</title>
<style>body{font-family:"Noto Sans SC",sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f0f3f7}.t td{text-align:left}</style>
</head><body>
<h1>试点评测进度（只读）</h1>
<p>数据时间 ${esc(now.toISOString())}；已接收签名结果 ${s.bundles} 份（${s.records} 条评测记录的现行版本，更正版本替代被更正版本）。</p>
<h2>对照试点方案目标</h2>
<table class="t">
<tr><th>目标（《鹤壁市中小企业数字化转型城市试点工作方案》）</th><th>目标值</th><th>当前</th><th>完成</th></tr>
<tr><td>推动不少于600家中小企业开展数字化改造（已有评测结果的企业）</td><td>${PLAN_TARGETS.enterprises}</td><td>${t.enterprises}</td><td>${pct(t.enterprises, PLAN_TARGETS.enterprises)}</td></tr>
<tr><td>改造企业数字化水平达二级及以上（验收达二级及以上 / 已验收）</td><td>100%</td><td>${t.acceptedAtLeast2} / ${t.accepted}</td><td>${pct(t.acceptedAtLeast2, t.accepted)}</td></tr>
<tr><td>改造企业达二级及以上（对照600家）</td><td>${PLAN_TARGETS.enterprises}</td><td>${t.acceptedAtLeast2}</td><td>${pct(t.acceptedAtLeast2, PLAN_TARGETS.enterprises)}</td></tr>
<tr><td>数字化水平四级企业30家（验收四级）</td><td>${PLAN_TARGETS.level4}</td><td>${t.acceptedLevel4}</td><td>${pct(t.acceptedLevel4, PLAN_TARGETS.level4)}</td></tr>
</table>
${table('县区', s.byCounty)}
${table('试点行业', s.byIndustry)}
${table('批次', s.byBatch)}
${table('合计', [t])}
</body></html>
`
}
