/** Pieces shared by the diagnosis and the acceptance report models. Pure. */
import {
  ENTERPRISE_SIZE_LABELS,
  ASSESSMENT_KIND_LABELS,
  ZJTX_LABELS,
  type AssessmentFileV1,
} from '../assessment-file'
import { canonicalJson } from '../canonical-json'
import type { PinnedCatalogue } from '../catalogue/types'
import { sha256Hex } from '../hash'
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
import { ReportInputError } from './errors'

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

export function enterpriseRows(file: AssessmentFileV1): LabelValue[] {
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
 * Fills reportNumber, reportHash and qrText. The hash is SHA-256 over the RFC 8785 canonical
 * JSON of the whole model with `header.reportHash` and `header.qrText` set to '' (so anyone
 * holding the model, e.g. from a bundle, can recompute it). Without a given number, it is
 * `<prefix>-<issuedOn as YYYYMMDD>-<first 8 hex of the content hash, upper case>`.
 */
export function finalizeHeader<T extends { header: ReportHeader }>(
  model: T,
  prefix: string,
  givenNumber?: string,
): T {
  const blank = (m: T, reportNumber: string): T => ({
    ...m,
    header: { ...m.header, reportNumber, reportHash: '', qrText: '' },
  })
  let reportNumber = givenNumber?.trim()
  if (!reportNumber) {
    const contentHash = sha256Hex(canonicalJson(blank(model, '')))
    reportNumber = `${prefix}-${model.header.issuedOn.replace(/-/g, '')}-${contentHash.slice(0, 8).toUpperCase()}`
  }
  const reportHash = sha256Hex(canonicalJson(blank(model, reportNumber)))
  return {
    ...model,
    header: {
      ...model.header,
      reportNumber,
      reportHash,
      qrText: `DLREPORT/1;NO=${reportNumber};SHA256=${reportHash}`,
    },
  }
}

/** Recomputes a model's hash (for verification): true when header.reportHash matches. */
export function verifyReportHash(model: { header: ReportHeader }): boolean {
  const blank = { ...model, header: { ...model.header, reportHash: '', qrText: '' } }
  return sha256Hex(canonicalJson(blank)) === model.header.reportHash
}
