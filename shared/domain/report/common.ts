/** Pieces shared by the diagnosis and the acceptance report models. Pure. */
import { ReportInputError } from './errors'
import {
  ENTERPRISE_SIZE_LABELS,
  ASSESSMENT_KIND_LABELS,
  ZJTX_LABELS,
  type AssessmentFileV1,
} from '../assessment-file'
import { canonicalJson } from '../canonical-json'
import type { PinnedCatalogue } from '../catalogue/types'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { levelName } from '../levels/rule-profiles'
import { formatPoints } from '../scoring/points'
import type { AssessmentResult, RuleProfile, SceneLevel } from '../scoring/types'
import type {
  LabelValue,
  ReportDimensionScore,
  ReportEvidence,
  ReportHeader,
  ReportLevel,
  ReportSceneRow,
} from './types'
import {
  ASSESSMENT_ATTACHMENT,
  numberReport,
  qrPayload,
  reportHashOf,
  type ReportData,
  type ReportFile,
} from './report-data'

export const CONFIDENTIALITY = '保密'
const DASH = '—'
const BATCH_NAMES = ['', '第一批', '第二批', '第三批'] as const

export interface EvidenceInput {
  /** Item the evidence belongs to: Q01…, SC01…, or 'survey' / 'general'. */
  itemId: string
  name: string
  sha256: string
  size: number
}

export function batchName(batch: number | undefined): string {
  return batch && batch >= 1 && batch <= 3 ? BATCH_NAMES[batch as 1 | 2 | 3] : DASH
}

/** 0 → 未达一级, 1–4 → 一级…四级; not judged → 未评定. */
export function sceneLevelName(level: SceneLevel | undefined): string {
  if (level === undefined) return '未评定'
  return level === 0 ? '未达一级' : levelName(level)
}

export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s)
}

/**
 * A recorded change of the enterprise's identity (enterprises.update with a reason): printed in
 * the enterprise section of later reports, so a report made after a 更名 or a corrected USCC says
 * what the enterprise was called before and why it changed.
 */
export interface IdentityChangeInput {
  field: 'uscc' | 'name' | 'batch'
  /** Value before / after as text (batch '1'…'3'; null = 未分配). */
  from: string | null
  to: string | null
  reason: string
  /** Local date of the change, YYYY-MM-DD. */
  on: string
}

const IDENTITY_LABELS = {
  name: '曾用名',
  uscc: '统一社会信用代码变更',
  batch: '试点批次变更',
} as const
/** The row after which each kind of change is printed. */
const IDENTITY_AFTER = { name: '企业名称', uscc: '统一社会信用代码', batch: '试点批次' } as const

function changeText(c: IdentityChangeInput): string {
  const why = c.reason.trim() ? `原因：${c.reason.trim()}` : '未记录原因'
  const batch = (v: string | null) => (v === null ? '未分配' : batchName(Number(v)))
  if (c.field === 'name') return `${c.from ?? DASH}（${c.on} 更名为 ${c.to ?? DASH}；${why}）`
  if (c.field === 'uscc') return `原 ${c.from ?? DASH} → 现 ${c.to ?? DASH}（${c.on}；${why}）`
  return `${batch(c.from)} → ${batch(c.to)}（${c.on}；${why}）`
}

/** The enterprise rows with each identity change printed after the row it changed. */
export function withIdentityChanges(
  rows: LabelValue[],
  changes: readonly IdentityChangeInput[] | undefined,
): LabelValue[] {
  if (!changes?.length) return rows
  const out: LabelValue[] = []
  for (const r of rows) {
    out.push(r)
    for (const c of changes)
      if (IDENTITY_AFTER[c.field] === r.label)
        out.push({ label: IDENTITY_LABELS[c.field], value: changeText(c) })
  }
  return out
}

export function enterpriseRows(
  file: AssessmentFileV1,
  identityChanges?: readonly IdentityChangeInput[],
): LabelValue[] {
  return withIdentityChanges(basicEnterpriseRows(file), identityChanges)
}

function basicEnterpriseRows(file: AssessmentFileV1): LabelValue[] {
  const e = file.enterprise
  return [
    { label: '企业名称', value: e.name },
    { label: '统一社会信用代码', value: e.uscc ?? DASH },
    { label: '所在县区', value: e.county ?? DASH },
    { label: '试点行业', value: e.industry ?? DASH },
    { label: '细分行业', value: e.subIndustry ?? DASH },
    { label: '企业规模', value: e.size ? ENTERPRISE_SIZE_LABELS[e.size] : DASH },
    { label: '试点批次', value: batchName(e.batch) },
    { label: '专精特新', value: e.zjtx ? ZJTX_LABELS[e.zjtx] : DASH },
    { label: '评测类型', value: ASSESSMENT_KIND_LABELS[file.kind] },
    { label: '评测日期', value: file.assessedOn ?? DASH },
    {
      label: '评测人员',
      value: file.assessor
        ? `${file.assessor.name}${file.assessor.agency ? `（${file.assessor.agency}）` : ''}`
        : DASH,
    },
  ]
}

export function sceneRows(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  scenes: AssessmentFileV1['scenes'],
): ReportSceneRow[] {
  const c = pinned.catalogue
  const groups = new Map(c.sceneGroups.map((g) => [g.id, g.name]))
  return c.scenes.map((s) => {
    const judged = scenes[s.id] !== undefined
    const level = (scenes[s.id] ?? 0) as SceneLevel
    return {
      id: s.id,
      group: groups.get(s.group) ?? s.group,
      name: s.name,
      constrained: profile.constrainedScenes.includes(s.id),
      judged,
      level,
      levelName: sceneLevelName(judged ? level : undefined),
      description: !judged ? '尚未评定。' : level === 0 ? '未达到一级要求。' : s.levels[level - 1]!,
    }
  })
}

export function dimensionScores(
  pinned: PinnedCatalogue,
  result: AssessmentResult,
  scenes: AssessmentFileV1['scenes'],
): ReportDimensionScore[] {
  const c = pinned.catalogue
  const name = (id: string): string => c.dimensions.find((d) => d.id === id)?.name ?? id
  const scored = (id: 'D1' | 'D3' | 'D4'): ReportDimensionScore => {
    const d = result.dimensions[id]
    return {
      id,
      name: name(id),
      score: d.score,
      max: d.max,
      percent: d.max > 0 ? Math.round((d.score / d.max) * 1000) / 10 : 0,
      display: `${formatPoints(d.score)} / ${formatPoints(d.max)}`,
    }
  }
  const levels = c.scenes.map((s) => scenes[s.id]).filter((l): l is SceneLevel => l !== undefined)
  const mean = levels.length ? levels.reduce<number>((a, b) => a + b, 0) / levels.length : 0
  const mean1 = Math.round(mean * 10) / 10
  // D2 (数字化经营) is judged by scene level, not scored: shown as the mean judged level of 4.
  const d2: ReportDimensionScore = {
    id: 'D2',
    name: name('D2'),
    score: mean1,
    max: 4,
    percent: Math.round((mean / 4) * 1000) / 10,
    display: `场景平均 ${mean1.toFixed(1)} 级 / 4 级`,
  }
  return [scored('D1'), d2, scored('D3'), scored('D4')]
}

export function levelSummary(result: AssessmentResult): ReportLevel {
  const next = result.next
  const check = next ? result.checks.find((ch) => ch.level === next.level) : undefined
  const nextName = next ? levelName(next.level) : ''
  const conditions = check
    ? [
        {
          label: '总分',
          have: formatPoints(check.score.have),
          need: `≥ ${formatPoints(check.score.need)}`,
          met: check.score.met,
        },
        {
          label: `达到${nextName}的场景数`,
          have: String(check.scenes.have),
          need: `≥ ${check.scenes.need}`,
          met: check.scenes.met,
        },
        {
          label: `其中约束性场景数`,
          have: String(check.constrainedScenes.have),
          need: `≥ ${check.constrainedScenes.need}`,
          met: check.constrainedScenes.met,
        },
      ]
    : []
  return {
    level: result.level,
    name: result.levelName,
    total: formatPoints(result.total),
    gapText: next ? next.text : null,
    conditions,
    provisional: result.provisional,
  }
}

export function evidenceRows(items: EvidenceInput[] | undefined): ReportEvidence[] {
  return (items ?? [])
    .map((e) => {
      if (!/^[0-9a-f]{64}$/.test(e.sha256))
        throw new ReportInputError(
          'evidence',
          `evidence ${e.name}: sha256 must be 64 lowercase hex characters`,
        )
      if (!Number.isInteger(e.size) || e.size < 0)
        throw new ReportInputError(
          'evidence',
          `evidence ${e.name}: size must be a non-negative integer`,
        )
      return {
        itemId: e.itemId,
        name: e.name,
        sha256: e.sha256,
        size: e.size,
        sizeText: formatBytes(e.size),
      }
    })
    .sort((a, b) => a.itemId.localeCompare(b.itemId) || a.name.localeCompare(b.name))
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/**
 * Fills the header from the report data: number (numberReport), report hash (SHA-256 of
 * report.json, reportHashOf), QR text (qrPayload), formal/draft reasons. The data is embedded in
 * the PDF, so anyone can recompute the hash from the PDF alone.
 */
export function finalizeReport<T extends { header: ReportHeader }>(
  model: T,
  data: Omit<ReportData, 'number'>,
  draftReasons: string[],
  opts: { reportNumber?: string; verifyBaseUrl?: string },
): T {
  const numbered = numberReport(data, opts.reportNumber)
  const reportHash = reportHashOf(numbered)
  return {
    ...model,
    header: {
      ...model.header,
      reportNumber: numbered.number,
      formal: numbered.formal,
      draftReasons,
      data: numbered,
      reportHash,
      qrText: qrPayload(numbered.number, reportHash, opts.verifyBaseUrl),
    },
  }
}

/** True when header.reportHash is the SHA-256 of the report data and names its number. */
export function verifyReportHash(model: { header: ReportHeader }): boolean {
  const h = model.header
  return reportHashOf(h.data) === h.reportHash && h.data.number === h.reportNumber
}

/** The assessment as embedded in the PDF (assessment.json): canonical JSON of the file. */
export function assessmentAttachment(file: AssessmentFileV1): ReportFile {
  return {
    name: ASSESSMENT_ATTACHMENT,
    bytes: utf8ToBytes(canonicalJson(file)),
    mime: 'application/json',
    description: '评测数据（sme-dl-assessment/v1），可据此重新计分',
  }
}
