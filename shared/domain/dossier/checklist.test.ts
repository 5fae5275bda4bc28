import { describe, expect, it } from 'vitest'
import { AppException } from '../../contract/errors'
import { MIIT_2024 } from '../catalogue'
import { MIIT_2024_DEFAULT } from '../levels'
import { BASE_ANSWERS, BASE_SCENES } from '../panel/test-fixtures'
import { scoreAssessment } from '../scoring'
import { acceptanceVerdict, checklistStatus } from './checklist'
import { HEBI_2024_DOSSIER_TEMPLATE as T, getDossierTemplate } from './template'
import type { ChecklistEntry } from './types'

const H = (c: string) => c.repeat(64)

function thrown(fn: () => unknown): AppException {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppException)
    return e as AppException
  }
  throw new Error('expected an AppException')
}

const allAttached = (): ChecklistEntry[] =>
  T.items
    .filter((i) => i.mandatory)
    .map((i, n) => ({
      itemId: i.id,
      state: 'attached',
      evidenceSha256: [H((n % 10).toString())],
    }))

const level2 = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, BASE_ANSWERS, BASE_SCENES)
const level1 = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, BASE_ANSWERS, {
  ...BASE_SCENES,
  SC06: 1,
})

describe('HEBI_2024_DOSSIER_TEMPLATE', () => {
  it('is versioned, with unique ids and the materials the city checks', () => {
    expect(T.id).toBe('Hebi-2024-dossier')
    expect(T.version).toBe('1.0.0')
    expect(T.passLevel).toBe(2)
    expect(new Set(T.items.map((i) => i.id)).size).toBe(T.items.length)
    expect(T.items.filter((i) => i.mandatory).map((i) => i.title)).toEqual([
      '企业数字化改造合同',
      '改造发票及付款证明',
      '投入清单明细表',
      '数字化改造项目总结报告',
      '改造前评测（数字化诊断报告）',
      '改造后评测（验收评测）',
      '企业对服务商的评价',
      '申报资料真实性声明',
    ])
    for (const i of T.items) {
      expect(i.description.length).toBeGreaterThan(5)
      expect(i.source.length).toBeGreaterThan(5)
    }
    expect(getDossierTemplate('Hebi-2024-dossier', '1.0.0')).toBe(T)
    expect(getDossierTemplate('Hebi-2024-dossier', '9')).toBeUndefined()
  })

  it('marks software, cloud, data equipment and consulting eligible (plan §17), other not', () => {
    expect(T.ledgerCategories.map((c) => [c.id, c.eligible])).toEqual([
      ['software', true],
      ['cloud', true],
      ['data_equipment', true],
      ['consulting', true],
      ['other', false],
    ])
    for (const c of T.ledgerCategories) expect(c.basis).toMatch(/第17条/)
  })
})

describe('checklistStatus', () => {
  it('all mandatory attached, optional unrecorded: complete', () => {
    const s = checklistStatus(T, allAttached())
    expect(s.complete).toBe(true)
    expect(s.missingMandatory).toEqual([])
    expect(s.messages).toEqual([])
    expect(s.items).toHaveLength(12)
    expect(s.items[0]).toEqual({
      id: 'retrofit_contract',
      title: '企业数字化改造合同',
      mandatory: true,
      state: 'attached',
      evidenceSha256: [H('0')],
      unrecorded: false,
    })
    expect(s.items.find((i) => i.id === 'financial_check')).toMatchObject({
      state: 'missing',
      unrecorded: true,
      mandatory: false,
    })
  })

  it('a mandatory item missing with a reason is allowed but leaves the dossier incomplete', () => {
    const entries = allAttached().filter((e) => e.itemId !== 'retrofit_contract')
    entries.push({
      itemId: 'retrofit_contract',
      state: 'missing',
      reason: '  合同原件在集团总部  ',
    })
    const s = checklistStatus(T, entries)
    expect(s.complete).toBe(false)
    expect(s.missingMandatory).toEqual(['retrofit_contract'])
    expect(s.items[0]).toMatchObject({ state: 'missing', reason: '合同原件在集团总部' })
    expect(s.messages).toEqual(['缺少必备材料“企业数字化改造合同”（原因：合同原件在集团总部）'])
  })

  it('an unrecorded mandatory item counts as missing', () => {
    const s = checklistStatus(
      T,
      allAttached().filter(
        (e) => e.itemId !== 'authenticity_declaration' && e.itemId !== 'provider_rating',
      ),
    )
    expect(s.missingMandatory).toEqual(['provider_rating', 'authenticity_declaration'])
    expect(s.messages[1]).toBe('缺少必备材料“申报资料真实性声明”（尚未登记）')
  })

  it('an optional item may be waived with a reason; a mandatory one may not', () => {
    const s = checklistStatus(T, [
      ...allAttached(),
      { itemId: 'project_filing', state: 'waived', reason: '首批企业平台备案前已立项' },
    ])
    expect(s.complete).toBe(true)
    expect(s.items.find((i) => i.id === 'project_filing')).toMatchObject({
      state: 'waived',
      reason: '首批企业平台备案前已立项',
    })
    const e = thrown(() =>
      checklistStatus(T, [{ itemId: 'investment_list', state: 'waived', reason: '无' }]),
    )
    expect(e.message).toBe('材料“投入清单明细表”为必备材料，不能免于提交')
    expect(e.field).toBe('entries.investment_list.state')
  })

  it('refuses bad entries, naming the item and field', () => {
    const cases: [ChecklistEntry[], string, string][] = [
      [
        [{ itemId: 'x', state: 'attached', evidenceSha256: [H('a')] }],
        'entries.0.itemId',
        '没有材料 x',
      ],
      [
        [{ itemId: 'retrofit_contract', state: 'missing' }],
        'entries.retrofit_contract.reason',
        '须填写原因',
      ],
      [
        [{ itemId: 'outcome_evidence', state: 'waived', reason: ' ' }],
        'entries.outcome_evidence.reason',
        '须填写原因',
      ],
      [
        [{ itemId: 'retrofit_contract', state: 'attached' }],
        'entries.retrofit_contract.evidenceSha256',
        '没有附件',
      ],
      [
        [{ itemId: 'retrofit_contract', state: 'attached', evidenceSha256: [H('a'), 'ABC'] }],
        'entries.retrofit_contract.evidenceSha256.1',
        'SHA-256',
      ],
      [
        [{ itemId: 'retrofit_contract', state: 'attached', evidenceSha256: [H('a'), H('a')] }],
        'entries.retrofit_contract.evidenceSha256.1',
        '重复',
      ],
      [
        [
          { itemId: 'retrofit_contract', state: 'attached', evidenceSha256: [H('a')] },
          { itemId: 'retrofit_contract', state: 'missing', reason: 'x' },
        ],
        'entries.retrofit_contract',
        '记录了多次',
      ],
      [
        [{ itemId: 'retrofit_contract', state: 'lost' as never }],
        'entries.retrofit_contract.state',
        '实际为 lost',
      ],
    ]
    for (const [entries, field, text] of cases) {
      const e = thrown(() => checklistStatus(T, entries))
      expect(e.code).toBe('VALIDATION')
      expect(e.field).toBe(field)
      expect(e.message).toContain(text)
    }
  })
})

describe('acceptanceVerdict', () => {
  it('二级 with every mandatory material: passed', () => {
    const v = acceptanceVerdict(T, { result: level2, checklist: checklistStatus(T, allAttached()) })
    expect(v).toEqual({
      verdict: 'passed',
      passed: true,
      messages: ['改造后数字化水平为二级，达到二级及以上，必备材料齐全，验收通过'],
    })
  })

  it('a missing mandatory material blocks a passed verdict, naming it', () => {
    const entries = allAttached().filter((e) => e.itemId !== 'retrofit_contract')
    entries.push({ itemId: 'retrofit_contract', state: 'missing', reason: '企业未能提供' })
    const v = acceptanceVerdict(T, { result: level2, checklist: checklistStatus(T, entries) })
    expect(v.verdict).toBe('blocked')
    expect(v.passed).toBe(false)
    expect(v.messages).toEqual([
      '数字化水平达到二级，但缺少必备材料“企业数字化改造合同”，不能判定为通过',
      '缺少必备材料“企业数字化改造合同”（原因：企业未能提供）',
    ])
  })

  it('below 二级: not passed, whatever the materials', () => {
    expect(level1.level).toBe(1)
    const v = acceptanceVerdict(T, { result: level1, checklist: checklistStatus(T, allAttached()) })
    expect(v.verdict).toBe('not_passed')
    expect(v.messages[0]).toBe('改造后数字化水平为一级，未达到二级及以上，验收不通过')
  })

  it('no consolidated result, or a provisional one: blocked', () => {
    const checklist = checklistStatus(T, allAttached())
    expect(acceptanceVerdict(T, { result: null, checklist }).verdict).toBe('blocked')
    const { Q15: _q, ...partial } = BASE_ANSWERS
    const provisional = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, partial, BASE_SCENES)
    const v = acceptanceVerdict(T, { result: provisional, checklist })
    expect(v.verdict).toBe('blocked')
    expect(v.messages[0]).toBe('评测尚有未作答题目或未判定场景（Q15），不能作出验收结论')
  })

  it('refuses a checklist made from another template version', () => {
    const checklist = { ...checklistStatus(T, allAttached()), templateVersion: '0.9' }
    expect(thrown(() => acceptanceVerdict(T, { result: level2, checklist })).field).toBe(
      'checklist',
    )
  })
})
