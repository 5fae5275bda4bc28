/**
 * Checklist status of an enterprise's dossier, and the acceptance verdict it allows (issue 8).
 *
 * Rules:
 * - 'attached' needs at least one evidence SHA-256 (64 lowercase hex, no repeats);
 * - 'missing' recorded by the assessor needs a reason; an item with no entry at all also counts
 *   as missing (not yet recorded);
 * - 'waived' needs a reason and is allowed only for items the template marks optional;
 * - every mandatory item that is not attached is listed in `missingMandatory`; while any is, the
 *   verdict cannot be 'passed' (it is 'blocked', with a message naming each missing item).
 */
import { fail } from '../../contract/errors'
import { levelName } from '../levels/rule-profiles'
import type { AssessmentResult } from '../scoring/types'
import type {
  ChecklistEntry,
  ChecklistItemStatus,
  ChecklistStatus,
  DossierTemplate,
  VerdictDecision,
} from './types'

const SHA256 = /^[0-9a-f]{64}$/

export function isSha256Hex(v: unknown): v is string {
  return typeof v === 'string' && SHA256.test(v)
}

/**
 * The status of every template item given the recorded entries. Throws a VALIDATION
 * AppException naming the entry for an unknown item, a duplicate entry, bad evidence hashes, a
 * missing reason, or a waived mandatory item.
 */
export function checklistStatus(
  template: DossierTemplate,
  entries: readonly ChecklistEntry[],
): ChecklistStatus {
  const byId = new Map<string, ChecklistEntry>()
  entries.forEach((e, i) => {
    const item = template.items.find((t) => t.id === e.itemId)
    if (!item)
      throw fail.validation(
        `材料清单第 ${i + 1} 项：模板 ${template.id} ${template.version} 中没有材料 ${String(e.itemId)}`,
        `entries.${i}.itemId`,
      )
    const f = `entries.${e.itemId}`
    const name = `“${item.title}”`
    if (byId.has(e.itemId)) throw fail.validation(`材料${name}记录了多次，只能保留一条`, f)
    const reason = typeof e.reason === 'string' ? e.reason.trim() : ''
    if (e.state === 'attached') {
      const list = e.evidenceSha256
      if (!Array.isArray(list) || list.length === 0)
        throw fail.validation(`材料${name}标为已附，但没有附件`, `${f}.evidenceSha256`)
      list.forEach((h, j) => {
        if (!isSha256Hex(h))
          throw fail.validation(
            `材料${name}的第 ${j + 1} 个附件摘要不是 64 位小写十六进制 SHA-256`,
            `${f}.evidenceSha256.${j}`,
          )
        if (list.indexOf(h) !== j)
          throw fail.validation(
            `材料${name}的附件 ${h.slice(0, 12)}… 重复`,
            `${f}.evidenceSha256.${j}`,
          )
      })
    } else if (e.state === 'missing') {
      if (!reason) throw fail.validation(`材料${name}标为缺失，须填写原因`, `${f}.reason`)
    } else if (e.state === 'waived') {
      if (item.mandatory) throw fail.validation(`材料${name}为必备材料，不能免于提交`, `${f}.state`)
      if (!reason) throw fail.validation(`材料${name}免于提交，须填写原因`, `${f}.reason`)
    } else {
      throw fail.validation(
        `材料${name}的状态须为 attached（已附）、missing（缺失）或 waived（免于提交），实际为 ${String(e.state)}`,
        `${f}.state`,
      )
    }
    byId.set(e.itemId, e)
  })

  const items: ChecklistItemStatus[] = template.items.map((t) => {
    const e = byId.get(t.id)
    if (!e)
      return {
        id: t.id,
        title: t.title,
        mandatory: t.mandatory,
        state: 'missing',
        unrecorded: true,
      }
    const s: ChecklistItemStatus = {
      id: t.id,
      title: t.title,
      mandatory: t.mandatory,
      state: e.state,
      unrecorded: false,
    }
    if (e.state === 'attached') s.evidenceSha256 = [...(e.evidenceSha256 ?? [])]
    const reason = e.reason?.trim()
    if (reason) s.reason = reason
    return s
  })
  const missing = items.filter((i) => i.mandatory && i.state !== 'attached')
  return {
    templateId: template.id,
    templateVersion: template.version,
    items,
    missingMandatory: missing.map((i) => i.id),
    complete: missing.length === 0,
    messages: missing.map(
      (i) =>
        `缺少必备材料“${i.title}”` +
        (i.reason ? `（原因：${i.reason}）` : i.unrecorded ? '（尚未登记）' : ''),
    ),
  }
}

/**
 * The acceptance verdict (验收结论) from the consolidated result and the checklist:
 * - no result yet (the panel has unresolved items) or a provisional one → 'blocked';
 * - level below the template's pass level (二级) → 'not_passed';
 * - level reached but a mandatory material missing → 'blocked', naming each missing material;
 * - otherwise 'passed'.
 */
export function acceptanceVerdict(
  template: DossierTemplate,
  input: { result: AssessmentResult | null; checklist: ChecklistStatus },
): VerdictDecision {
  const { result, checklist } = input
  const need = levelName(template.passLevel)
  if (checklist.templateId !== template.id || checklist.templateVersion !== template.version)
    throw fail.validation(
      `材料清单按模板 ${checklist.templateId} ${checklist.templateVersion} 生成，与 ${template.id} ${template.version} 不符`,
      'checklist',
    )
  if (result === null)
    return {
      verdict: 'blocked',
      passed: false,
      messages: ['专家组尚有未合议的题目或场景，不能作出验收结论', ...checklist.messages],
    }
  if (result.provisional) {
    const open = [...result.unanswered.questions, ...result.unanswered.scenes]
    return {
      verdict: 'blocked',
      passed: false,
      messages: [
        `评测尚有未作答题目或未判定场景（${open.join('、')}），不能作出验收结论`,
        ...checklist.messages,
      ],
    }
  }
  if (result.level < template.passLevel)
    return {
      verdict: 'not_passed',
      passed: false,
      messages: [
        `改造后数字化水平为${result.levelName}，未达到${need}及以上，验收不通过`,
        ...checklist.messages,
      ],
    }
  if (!checklist.complete) {
    const titles = checklist.items
      .filter((i) => checklist.missingMandatory.includes(i.id))
      .map((i) => `“${i.title}”`)
    return {
      verdict: 'blocked',
      passed: false,
      messages: [
        `数字化水平达到${result.levelName}，但缺少必备材料${titles.join('、')}，不能判定为通过`,
        ...checklist.messages,
      ],
    }
  }
  return {
    verdict: 'passed',
    passed: true,
    messages: [`改造后数字化水平为${result.levelName}，达到${need}及以上，必备材料齐全，验收通过`],
  }
}
