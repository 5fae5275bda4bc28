/**
 * Input checks for panel work. Bad input throws a VALIDATION AppException whose Chinese message
 * names the expert and the item, and whose `field` is the path (e.g. 'scorings.k2.scenes.SC03').
 * Answer validity itself is the scoring module's `validateAnswer`, never re-implemented here.
 */
import { fail } from '../../contract/errors'
import type { CatalogueQuestion, PinnedCatalogue } from '../catalogue/types'
import { validateAnswer } from '../scoring/validate-answer'
import type { RuleProfile, SceneLevel } from '../scoring/types'
import type { ExpertScoring, PanelMember, PanelReview } from './types'

const SCENE_NAMES = ['未达一级', '一级', '二级', '三级', '四级'] as const

/** A scene level in words: 0 → 未达一级, 1 → 一级 … 4 → 四级; null → 未判定. */
export function sceneLevelName(level: SceneLevel | null): string {
  return level === null ? '未判定' : SCENE_NAMES[level]
}

/** 「张三（key-1）」 */
export function memberLabel(m: PanelMember | undefined, keyId: string): string {
  return m ? `${m.name}（${keyId}）` : keyId
}

/** A key id as people read it: the first 12 characters and 「…」 (short ids stay whole). */
export function shortKeyId(keyId: string): string {
  return keyId.length > 12 ? `${keyId.slice(0, 12)}…` : keyId
}

/**
 * Who an expert is in a divergence text: 「张三」; 「张三（1a2b3c4d5e6f…）」 when another member has
 * the same name; 「1a2b3c4d5e6f…」 when no member (or no member list) knows the key.
 */
export function expertName(members: readonly PanelMember[] | undefined, keyId: string): string {
  const m = members?.find((x) => x.keyId === keyId)
  if (!m) return shortKeyId(keyId)
  const namesake = members!.some((x) => x.keyId !== keyId && x.name === m.name)
  return namesake ? `${m.name}（${shortKeyId(keyId)}）` : m.name
}

/**
 * Why an answer is invalid, in Chinese, or null when `validateAnswer` (the authority) accepts it.
 * Only the wording is ours; any case not recognised here falls back to validateAnswer's text.
 */
export function answerProblem(q: CatalogueQuestion, value: unknown): string | null {
  const err = validateAnswer(q, value)
  if (err === null) return null
  const keys = q.options.map((o) => o.key)
  if (q.type === 'single')
    return Array.isArray(value)
      ? `${q.id} 为单选题，只能选择一个选项`
      : typeof value === 'string'
        ? `${q.id} 没有选项 ${value}（可选：${keys.join('、')}）`
        : `${q.id} 为单选题，答案须为一个选项（${keys.join('、')}）`
  if (!Array.isArray(value)) return `${q.id} 为多选题，答案须为选项列表`
  if (value.length === 0) return `${q.id} 未选择任何选项（均不符合时请选择「无」）`
  const unknown = value.find((k) => typeof k !== 'string' || !keys.includes(k))
  if (unknown !== undefined)
    return `${q.id} 没有选项 ${String(unknown)}（可选：${keys.join('、')}）`
  const twice = value.find((k, i) => value.indexOf(k) !== i)
  if (twice !== undefined) return `${q.id} 的选项 ${String(twice)} 重复`
  const excl = q.options.find((o) => o.exclusive && value.includes(o.key))
  if (excl) return `${q.id} 的「${excl.text}」（${excl.key}）不能与其他选项同时选择`
  return err
}

function checkMember(m: PanelMember, field: string, what: string): void {
  if (typeof m !== 'object' || m === null) throw fail.validation(`${what}信息缺失`, field)
  if (typeof m.keyId !== 'string' || m.keyId.trim() === '')
    throw fail.validation(`${what}缺少签名密钥标识（keyId）`, `${field}.keyId`)
  if (typeof m.name !== 'string' || m.name.trim() === '')
    throw fail.validation(`${what}（${m.keyId}）缺少姓名`, `${field}.name`)
  if (typeof m.agency !== 'string' || m.agency.trim() === '')
    throw fail.validation(`${what}${m.name}（${m.keyId}）缺少所属机构`, `${field}.agency`)
}

/** The panel has a lead and at least one expert, each with key id, name and agency; no key twice. */
export function validatePanel(panel: PanelReview): void {
  checkMember(panel.lead, 'lead', '专家组组长')
  if (!Array.isArray(panel.experts) || panel.experts.length === 0)
    throw fail.validation('专家组至少需要一位评分专家', 'experts')
  const seen = new Set<string>()
  panel.experts.forEach((m, i) => {
    checkMember(m, `experts.${i}`, '评分专家')
    if (seen.has(m.keyId))
      throw fail.validation(
        `评分专家密钥标识 ${m.keyId} 重复：每位专家只能出现一次`,
        `experts.${i}.keyId`,
      )
    seen.add(m.keyId)
  })
}

/**
 * Every panel expert has exactly one scoring, no scoring from outside the panel, and every
 * answer and scene level is valid for the catalogue. Returns the scorings in panel order.
 */
export function validateScorings(
  pinned: PinnedCatalogue,
  profile: RuleProfile,
  panel: PanelReview,
  scorings: readonly ExpertScoring[],
): ExpertScoring[] {
  validatePanel(panel)
  const c = pinned.catalogue
  if (profile.catalogueId !== c.id)
    throw fail.validation(
      `规则配置 ${profile.id} 适用于指标 ${profile.catalogueId}，与 ${c.id} 不符`,
      'profile',
    )
  const byKey = new Map<string, ExpertScoring>()
  scorings.forEach((s, i) => {
    const member = panel.experts.find((m) => m.keyId === s.expertKeyId)
    if (!member)
      throw fail.validation(
        `评分 ${i + 1} 的专家 ${String(s.expertKeyId)} 不在本专家组名单中`,
        `scorings.${i}.expertKeyId`,
      )
    if (byKey.has(s.expertKeyId))
      throw fail.validation(
        `专家 ${memberLabel(member, s.expertKeyId)} 提交了多份评分，只能保留一份`,
        `scorings.${i}.expertKeyId`,
      )
    const who = memberLabel(member, s.expertKeyId)
    const base = `scorings.${s.expertKeyId}`
    if (typeof s.answers !== 'object' || s.answers === null)
      throw fail.validation(`专家 ${who} 的评分缺少答案（answers）`, `${base}.answers`)
    if (typeof s.scenes !== 'object' || s.scenes === null)
      throw fail.validation(`专家 ${who} 的评分缺少场景等级（scenes）`, `${base}.scenes`)
    for (const [qid, value] of Object.entries(s.answers)) {
      const q = c.questions.find((x) => x.id === qid)
      if (!q) throw fail.validation(`专家 ${who} 的评分含未知题目 ${qid}`, `${base}.answers.${qid}`)
      const err = answerProblem(q, value)
      if (err) throw fail.validation(`专家 ${who} 的评分无效：${err}`, `${base}.answers.${qid}`)
    }
    for (const [sid, level] of Object.entries(s.scenes)) {
      if (!c.scenes.some((x) => x.id === sid))
        throw fail.validation(`专家 ${who} 的评分含未知场景 ${sid}`, `${base}.scenes.${sid}`)
      if (!Number.isInteger(level) || level < 0 || level > 4)
        throw fail.validation(
          `专家 ${who} 对场景 ${sid} 的等级须为 0–4 的整数，实际为 ${String(level)}`,
          `${base}.scenes.${sid}`,
        )
    }
    byKey.set(s.expertKeyId, s)
  })
  return panel.experts.map((m) => {
    const s = byKey.get(m.keyId)
    if (!s)
      throw fail.validation(`专家 ${memberLabel(m, m.keyId)} 尚未提交评分`, `scorings.${m.keyId}`)
    return s
  })
}
