/**
 * Consolidation of a panel's scorings into one acceptance result (issue 6).
 *
 * Rules, per item:
 * - Questions, 'majority' over the whole panel (n experts; an expert who left the question open
 *   votes for "unanswered"):
 *   - single choice: the value given by a strict majority (> n/2), which may be "unanswered";
 *   - multi choice: if a strict majority left it open it stays open; otherwise each option is
 *     included when a strict majority chose it. The result may be a set no single expert chose
 *     (e.g. B,C / C,D / B,D → B,C,D): each option is voted on as a yes/no item. An empty result
 *     means no majority.
 *   - 「无」 stays exclusive: valid scorings never combine it with others, so when a strict
 *     majority chose 「无」 every other option was chosen by fewer than half and none is included.
 * - Scenes, 'median': with every expert's level, the middle one; for an even panel the LOWER of
 *   the two middle levels (conservative: the panel does not certify a level that only half of
 *   its experts saw). If some experts judged the scene and others did not, the lead decides; if
 *   none judged it, it stays unjudged.
 * - 'lead': the lead's decision, with a mandatory non-blank reason. It may settle any item, also
 *   one a rule could settle, but only within the experts' views: a chosen option (or "open")
 *   some expert gave, a scene level between the experts' lowest and highest.
 * An item with no majority and no lead decision is unresolved: the panel then has no result
 * (`status: 'unresolved'`, `result: null`, `unresolved` = the item ids), never a guessed one.
 */
import { fail } from '../../contract/errors'
import type { CatalogueQuestion, PinnedCatalogue } from '../catalogue/types'
import { scoreAssessment } from '../scoring/score-assessment'
import type { Answers, RuleProfile, SceneJudgements, SceneLevel } from '../scoring/types'
import { answerKey, answerText, divergencesFrom } from './divergence'
import type {
  ConsolidatedItem,
  Consolidation,
  Divergence,
  ExpertScoring,
  ExpertValue,
  LeadDecision,
  PanelReview,
} from './types'
import { answerProblem, sceneLevelName, validateScorings } from './validate'

interface RuleOutcome<V> {
  resolved: boolean
  consolidated: V | null
  explanation: string
}

/** Majority for one question (see the module comment). */
export function majorityForQuestion(
  q: CatalogueQuestion,
  values: readonly (string | string[] | null)[],
): RuleOutcome<string | string[]> {
  const n = values.length
  const open = values.filter((v) => v === null).length
  const keys = new Set(values.map((v) => answerKey(v)))
  if (keys.size === 1) {
    const v = values[0] ?? null
    return {
      resolved: true,
      consolidated:
        v === null
          ? null
          : typeof v === 'string'
            ? v
            : q.options.map((o) => o.key).filter((k) => v.includes(k)),
      explanation: v === null ? `${n} 位专家均未作答` : `${n} 位专家一致：${answerText(v)}`,
    }
  }
  if (q.type === 'single') {
    const tally = new Map<string, number>()
    for (const v of values) tally.set(answerKey(v), (tally.get(answerKey(v)) ?? 0) + 1)
    for (const [key, count] of tally)
      if (count * 2 > n)
        return {
          resolved: true,
          consolidated: key === '' ? null : key,
          explanation:
            key === ''
              ? `${n} 位专家中 ${count} 位未作答，按多数保留为未作答`
              : `${n} 位专家中 ${count} 位选择 ${key}，按多数确定`,
        }
    const parts = [...tally].map(([k, c]) => `${k === '' ? '未作答' : k} ${c} 位`)
    return {
      resolved: false,
      consolidated: null,
      explanation: `无过半意见（${parts.join('、')}），须由组长裁定`,
    }
  }
  if (open * 2 > n)
    return {
      resolved: true,
      consolidated: null,
      explanation: `${n} 位专家中 ${open} 位未作答，按多数保留为未作答`,
    }
  const counts = q.options.map((o) => ({
    key: o.key,
    count: values.filter((v) => Array.isArray(v) && v.includes(o.key)).length,
  }))
  const chosen = counts.filter((c) => c.count > 0)
  const included = chosen.filter((c) => c.count * 2 > n)
  const tallyText = chosen.map((c) => `${c.key} ${c.count}/${n}`).join('、')
  if (included.length === 0)
    return {
      resolved: false,
      consolidated: null,
      explanation: `没有任何选项获过半专家选择（${tallyText}${open ? `，未作答 ${open}/${n}` : ''}），须由组长裁定`,
    }
  return {
    resolved: true,
    consolidated: included.map((c) => c.key),
    explanation: `按选项逐项多数（须过半）：${tallyText}；计入 ${included.map((c) => c.key).join('、')}`,
  }
}

/** Median for one scene (see the module comment). */
export function medianForScene(values: readonly (SceneLevel | null)[]): RuleOutcome<SceneLevel> {
  const n = values.length
  const judged = values.filter((v): v is SceneLevel => v !== null).sort((a, b) => a - b)
  if (judged.length === 0)
    return { resolved: true, consolidated: null, explanation: `${n} 位专家均未判定` }
  if (judged.length < n)
    return {
      resolved: false,
      consolidated: null,
      explanation: `${n} 位专家中仅 ${judged.length} 位判定了该场景，须由组长裁定`,
    }
  const median = judged[Math.floor((n - 1) / 2)] as SceneLevel
  const list = judged.map((l) => sceneLevelName(l)).join('、')
  if (judged[0] === judged[n - 1])
    return {
      resolved: true,
      consolidated: median,
      explanation: `${n} 位专家一致：${sceneLevelName(median)}`,
    }
  return {
    resolved: true,
    consolidated: median,
    explanation:
      n % 2 === 1
        ? `等级 ${list}，取中位数 ${sceneLevelName(median)}`
        : `等级 ${list}，偶数位专家取较低的中位数 ${sceneLevelName(median)}（从严）`,
  }
}

function checkDecisions(
  pinned: PinnedCatalogue,
  scorings: readonly ExpertScoring[],
  decisions: readonly LeadDecision[],
): Map<string, LeadDecision> {
  const c = pinned.catalogue
  const out = new Map<string, LeadDecision>()
  decisions.forEach((d, i) => {
    const id = d.itemId
    const q = c.questions.find((x) => x.id === id)
    const sc = c.scenes.find((x) => x.id === id)
    if (!q && !sc)
      throw fail.validation(
        `组长裁定 ${i + 1} 指向未知题目或场景 ${String(id)}`,
        `decisions.${i}.itemId`,
      )
    if (out.has(id))
      throw fail.validation(`组长对 ${id} 有多条裁定，只能保留一条`, `decisions.${id}`)
    if (typeof d.reason !== 'string' || d.reason.trim() === '')
      throw fail.validation(
        `组长对 ${id} 的裁定缺少理由：裁定必须记录理由`,
        `decisions.${id}.reason`,
      )
    if (q) {
      const given = scorings.map((s) => s.answers[id] ?? null)
      if (d.value === null) {
        if (!given.includes(null))
          throw fail.validation(
            `组长对 ${id} 裁定为未作答，但每位专家都已作答：裁定须在专家意见范围内`,
            `decisions.${id}.value`,
          )
      } else {
        if (typeof d.value === 'number')
          throw fail.validation(
            `组长对 ${id} 的裁定须为选项，不能是场景等级`,
            `decisions.${id}.value`,
          )
        const err = answerProblem(q, d.value)
        if (err) throw fail.validation(`组长对 ${id} 的裁定无效：${err}`, `decisions.${id}.value`)
        const keys = typeof d.value === 'string' ? [d.value] : d.value
        const offered = new Set(
          given.flatMap((v) => (v === null ? [] : typeof v === 'string' ? [v] : v)),
        )
        const foreign = keys.filter((k) => !offered.has(k))
        if (foreign.length > 0)
          throw fail.validation(
            `组长对 ${id} 的裁定含没有任何专家选择的选项 ${foreign.join('、')}：裁定须在专家意见范围内`,
            `decisions.${id}.value`,
          )
      }
    } else {
      const given = scorings.map((s) => s.scenes[id] ?? null)
      const judged = given.filter((v): v is SceneLevel => v !== null)
      if (d.value === null) {
        if (!given.includes(null))
          throw fail.validation(
            `组长对 ${id} 裁定为未判定，但每位专家都已判定：裁定须在专家意见范围内`,
            `decisions.${id}.value`,
          )
      } else {
        if (typeof d.value !== 'number' || !Number.isInteger(d.value) || d.value < 0 || d.value > 4)
          throw fail.validation(
            `组长对场景 ${id} 的裁定须为 0–4 的整数等级`,
            `decisions.${id}.value`,
          )
        const lo = Math.min(...judged)
        const hi = Math.max(...judged)
        if (judged.length === 0 || d.value < lo || d.value > hi)
          throw fail.validation(
            judged.length === 0
              ? `组长对场景 ${id} 裁定了等级，但没有专家判定该场景：裁定须在专家意见范围内`
              : `组长对场景 ${id} 裁定为${sceneLevelName(d.value as SceneLevel)}，超出专家判定范围（${sceneLevelName(lo as SceneLevel)}至${sceneLevelName(hi as SceneLevel)}）`,
            `decisions.${id}.value`,
          )
      }
    }
    const value =
      q && Array.isArray(d.value)
        ? q.options.map((o) => o.key).filter((k) => (d.value as string[]).includes(k))
        : d.value
    out.set(id, { itemId: id, value, reason: d.reason.trim() })
  })
  return out
}

function leadText(value: LeadDecision['value'], kind: 'question' | 'scene'): string {
  if (kind === 'scene') return value === null ? '未判定' : sceneLevelName(value as SceneLevel)
  return answerText(value as string | string[] | null)
}

/**
 * Consolidates the panel's scorings by the rules above, the lead's decisions overriding them per
 * item. Throws a VALIDATION AppException naming the item or expert for bad input (an expert
 * outside the panel or missing, an invalid answer, a decision without reason or outside the
 * experts' views). Scores with `scoreAssessment` — each expert's scoring and the consolidated one.
 */
export function consolidate(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  panel: PanelReview,
  scorings: readonly ExpertScoring[],
  decisions: readonly LeadDecision[] = [],
): Consolidation {
  const ordered = validateScorings(pinned, profile, panel, scorings)
  const byItem = checkDecisions(pinned, ordered, decisions)
  const expertResults = ordered.map((s) => ({
    expertKeyId: s.expertKeyId,
    result: scoreAssessment(pinned, profile, s.answers, s.scenes),
  }))
  const divergences: Divergence[] = divergencesFrom(pinned, ordered, expertResults, panel.experts)
  const severityOf = (id: string) => divergences.find((d) => d.itemId === id)?.severity ?? null
  const c = pinned.catalogue
  const answers: Answers = {}
  const scenes: SceneJudgements = {}
  const items: ConsolidatedItem[] = []
  const unresolved: string[] = []

  for (const q of c.questions) {
    const values: ExpertValue[] = ordered.map((s) => ({
      expertKeyId: s.expertKeyId,
      value: s.answers[q.id] ?? null,
    }))
    const decision = byItem.get(q.id)
    const outcome = majorityForQuestion(
      q,
      values.map((v) => v.value as string | string[] | null),
    )
    const item: ConsolidatedItem = decision
      ? {
          itemId: q.id,
          kind: 'question',
          rule: 'lead',
          values,
          consolidated: decision.value,
          reason: decision.reason,
          severity: severityOf(q.id),
          resolved: true,
          explanation: `组长裁定：${leadText(decision.value, 'question')}（按规则：${outcome.explanation}）。理由：${decision.reason}`,
        }
      : {
          itemId: q.id,
          kind: 'question',
          rule: 'majority',
          values,
          consolidated: outcome.consolidated,
          severity: severityOf(q.id),
          resolved: outcome.resolved,
          explanation: outcome.explanation,
        }
    items.push(item)
    if (!item.resolved) unresolved.push(q.id)
    else if (item.consolidated !== null) answers[q.id] = item.consolidated as string | string[]
  }

  for (const sc of c.scenes) {
    const values: ExpertValue[] = ordered.map((s) => ({
      expertKeyId: s.expertKeyId,
      value: s.scenes[sc.id] ?? null,
    }))
    const decision = byItem.get(sc.id)
    const outcome = medianForScene(values.map((v) => v.value as SceneLevel | null))
    const item: ConsolidatedItem = decision
      ? {
          itemId: sc.id,
          kind: 'scene',
          rule: 'lead',
          values,
          consolidated: decision.value,
          reason: decision.reason,
          severity: severityOf(sc.id),
          resolved: true,
          explanation: `组长裁定：${leadText(decision.value, 'scene')}（按规则：${outcome.explanation}）。理由：${decision.reason}`,
        }
      : {
          itemId: sc.id,
          kind: 'scene',
          rule: 'median',
          values,
          consolidated: outcome.consolidated,
          severity: severityOf(sc.id),
          resolved: outcome.resolved,
          explanation: outcome.explanation,
        }
    items.push(item)
    if (!item.resolved) unresolved.push(sc.id)
    else if (item.consolidated !== null) scenes[sc.id] = item.consolidated as SceneLevel
  }

  const base = { answers, scenes, items, divergences, expertResults }
  if (unresolved.length > 0) return { ...base, status: 'unresolved', result: null, unresolved }
  return {
    ...base,
    status: 'consolidated',
    result: scoreAssessment(pinned, profile, answers, scenes),
    unresolved: [],
  }
}
