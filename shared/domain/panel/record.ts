/**
 * The panel's consolidation record (`sme-dl-panel/v1`): what the lead signs. It names the panel,
 * pins each expert's scoring by the SHA-256 of its RFC 8785 canonical JSON, carries the lead's
 * decisions, how every item was settled and the consolidated result. `verifyPanelRecord`
 * recomputes everything from the experts' scorings, so a scoring changed after consolidation, or
 * a record whose result does not follow from its inputs, is caught and named — in addition to
 * the signature checks of the bundles that carry them.
 */
import { fail } from '../../contract/errors'
import { canonicalJson } from '../canonical-json'
import { isCatalogueHash } from '../catalogue'
import type { PinnedCatalogue } from '../catalogue/types'
import { sha256Hex } from '../hash'
import type { Answers, OverallLevel, RuleProfile, SceneJudgements } from '../scoring/types'
import { consolidate } from './consolidate'
import type {
  ConsolidationRule,
  DivergenceSeverity,
  ExpertScoring,
  ItemValue,
  LeadDecision,
  PanelReview,
} from './types'
import { memberLabel } from './validate'

export const PANEL_RECORD_FORMAT_V1 = 'sme-dl-panel/v1'

export interface PanelRecord {
  format: typeof PANEL_RECORD_FORMAT_V1
  catalogue: { id: string; hash: string }
  ruleProfile: { id: string; version: string }
  panel: PanelReview
  /** Each expert's scoring, pinned by digest (and by the bundle that carried it, when known). */
  scorings: { expertKeyId: string; sha256: string; bundleId?: string }[]
  decisions: LeadDecision[]
  items: {
    itemId: string
    rule: ConsolidationRule
    consolidated: ItemValue
    severity: DivergenceSeverity | null
    reason?: string
  }[]
  divergences: {
    kind: 'question' | 'scene' | 'level'
    itemId: string
    severity: DivergenceSeverity
  }[]
  expertLevels: { expertKeyId: string; total: number; level: OverallLevel }[]
  result: {
    answers: Answers
    scenes: SceneJudgements
    total: number
    level: OverallLevel
    levelName: string
  }
}

/** SHA-256 (hex) of the canonical JSON of {expertKeyId, answers, scenes}. */
export function scoringDigest(s: ExpertScoring): string {
  return sha256Hex(
    canonicalJson({ expertKeyId: s.expertKeyId, answers: s.answers, scenes: s.scenes }),
  )
}

/**
 * Builds the record to sign. Throws a VALIDATION AppException when the consolidation still has
 * unresolved items (naming them), or for any input `consolidate` refuses.
 */
export function panelRecord(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  panel: PanelReview,
  scorings: readonly ExpertScoring[],
  decisions: readonly LeadDecision[] = [],
  bundleIds: Readonly<Record<string, string>> = {},
): PanelRecord {
  const c = consolidate(pinned, profile, panel, scorings, decisions)
  if (c.status === 'unresolved')
    throw fail.validation(
      `尚有未合议的项目：${c.unresolved.join('、')}，须由组长裁定后才能生成合议记录`,
      'decisions',
    )
  const ordered = panel.experts.map((m) => scorings.find((s) => s.expertKeyId === m.keyId)!)
  return {
    format: PANEL_RECORD_FORMAT_V1,
    catalogue: { id: pinned.catalogue.id, hash: pinned.hash },
    ruleProfile: { id: profile.id, version: profile.version },
    panel: {
      lead: { ...panel.lead },
      experts: panel.experts.map((m) => ({ ...m })),
    },
    scorings: ordered.map((s) => {
      const bundleId = bundleIds[s.expertKeyId]
      return {
        expertKeyId: s.expertKeyId,
        sha256: scoringDigest(s),
        ...(bundleId === undefined ? {} : { bundleId }),
      }
    }),
    decisions: c.items
      .filter((i) => i.rule === 'lead')
      .map((i) => ({
        itemId: i.itemId,
        value: i.consolidated as LeadDecision['value'],
        reason: i.reason ?? '',
      })),
    items: c.items.map((i) => ({
      itemId: i.itemId,
      rule: i.rule,
      consolidated: i.consolidated,
      severity: i.severity,
      ...(i.reason === undefined ? {} : { reason: i.reason }),
    })),
    divergences: c.divergences.map((d) => ({
      kind: d.kind,
      itemId: d.itemId,
      severity: d.severity,
    })),
    expertLevels: c.expertResults.map((r) => ({
      expertKeyId: r.expertKeyId,
      total: r.result.total,
      level: r.result.level,
    })),
    result: {
      answers: c.answers,
      scenes: c.scenes,
      total: c.result.total,
      level: c.result.level,
      levelName: c.result.levelName,
    },
  }
}

/**
 * Checks a record against the experts' scorings. Returns the problems in Chinese, one per line,
 * naming the expert or the part that differs; [] when the record follows from the scorings.
 */
export function verifyPanelRecord(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  record: PanelRecord,
  scorings: readonly ExpertScoring[],
): string[] {
  const problems: string[] = []
  if (record.format !== PANEL_RECORD_FORMAT_V1)
    return [`合议记录格式应为 ${PANEL_RECORD_FORMAT_V1}，实际为 ${String(record.format)}`]
  if (
    record.catalogue.id !== pinned.catalogue.id ||
    !isCatalogueHash(pinned, record.catalogue.hash)
  )
    problems.push(
      `合议记录所用指标 ${record.catalogue.id}（${record.catalogue.hash.slice(0, 12)}…）与当前指标不符`,
    )
  if (record.ruleProfile.id !== profile.id || record.ruleProfile.version !== profile.version)
    problems.push(
      `合议记录所用等级规则 ${record.ruleProfile.id} ${record.ruleProfile.version} 与 ${profile.id} ${profile.version} 不符`,
    )
  const name = (k: string) =>
    memberLabel(
      record.panel.experts.find((m) => m.keyId === k),
      k,
    )
  for (const pinnedScoring of record.scorings) {
    const s = scorings.find((x) => x.expertKeyId === pinnedScoring.expertKeyId)
    if (!s) problems.push(`缺少专家 ${name(pinnedScoring.expertKeyId)} 的评分`)
    else if (scoringDigest(s) !== pinnedScoring.sha256)
      problems.push(`专家 ${name(s.expertKeyId)} 的评分与合议记录不符：评分在合议后被改动`)
  }
  for (const s of scorings)
    if (!record.scorings.some((p) => p.expertKeyId === s.expertKeyId))
      problems.push(`评分 ${s.expertKeyId} 不在合议记录中`)
  if (problems.length > 0) return problems

  let again: PanelRecord
  try {
    const bundleIds: Record<string, string> = {}
    for (const p of record.scorings)
      if (p.bundleId !== undefined) bundleIds[p.expertKeyId] = p.bundleId
    again = panelRecord(pinned, profile, record.panel, scorings, record.decisions, bundleIds)
  } catch (e) {
    return [`按合议记录重新合议失败：${e instanceof Error ? e.message : String(e)}`]
  }
  const parts: [keyof PanelRecord, string][] = [
    ['panel', '专家组名单'],
    ['decisions', '组长裁定'],
    ['items', '逐项合议结果'],
    ['divergences', '分歧清单'],
    ['expertLevels', '各专家等级'],
    ['result', '合议结果'],
  ]
  for (const [key, label] of parts)
    if (canonicalJson(record[key]) !== canonicalJson(again[key]))
      problems.push(`合议记录中的${label}与按专家评分重新计算的结果不符`)
  return problems
}
