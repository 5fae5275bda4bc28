import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../catalogue'
import { usccCheckChar } from '../enterprise/uscc'
import { parseAssessmentFile, scoreAssessmentFile } from './parse'

const USCC = '91410611MA46X0001' + usccCheckChar('91410611MA46X0001')

function base(): Record<string, unknown> {
  return {
    format: 'sme-dl-assessment/v1',
    catalogue: 'MIIT-2024',
    kind: 'diagnosis',
    enterprise: { name: '鹤壁市示例电器有限公司', uscc: USCC, county: '淇滨区', batch: 1 },
    answers: { Q01: ['B', 'C'], Q02: 'D' },
    scenes: { SC01: 2, SC03: 0 },
  }
}
const parse = (o: unknown) => parseAssessmentFile(JSON.stringify(o))
function errorOf(mut: (o: Record<string, unknown>) => void): string {
  const o = base()
  mut(o)
  const r = parse(o)
  if (r.ok) throw new Error('expected an error')
  expect(r.error).not.toContain('\n')
  return r.error
}

describe('parseAssessmentFile: valid files', () => {
  it('parses the minimal file and defaults the rule profile', () => {
    const r = parse(base())
    expect(r).toMatchObject({ ok: true })
    if (!r.ok) return
    expect(r.value.ruleProfile).toBe('MIIT-2024-default')
    expect(r.value.answers).toEqual({ Q01: ['B', 'C'], Q02: 'D' })
    expect(r.value.scenes).toEqual({ SC01: 2, SC03: 0 })
    const s = scoreAssessmentFile(r.value)
    expect(s.total).toBe(8.5)
    expect(s.provisional).toBe(true)
  })

  it('parses every optional field', () => {
    const o = {
      ...base(),
      catalogueHash: MIIT_2024.hash,
      ruleProfile: 'MIIT-2024-s9',
      kind: 'acceptance',
      enterprise: {
        name: '鹤壁某新材料有限公司',
        uscc: USCC,
        county: '山城区',
        industry: '新材料制品制造',
        subIndustry: '镁基合金制品',
        size: 'small',
        batch: 2,
        zjtx: 'provincial',
      },
      assessor: { name: '张工', agency: '某数字化服务商' },
      assessedOn: '2025-06-30',
      notes: { Q01: '车间工控网已建成', SC01: '使用 CAD' },
      fields: { Q02: { f1: '65%', f2: 120, f3: 78 }, Q11: { f1: 85.5 } },
      survey: {
        date: '2025-06-29',
        people: [{ name: '李四', agency: '企业', role: '信息化负责人', contact: '0392-0000000' }],
        observations: '车间设备联网情况良好。',
      },
    }
    const r = parse(o)
    expect(r).toMatchObject({ ok: true })
    if (r.ok) {
      expect(r.value.ruleProfile).toBe('MIIT-2024-s9')
      expect(r.value.fields).toEqual({ Q02: { f1: '65%', f2: 120, f3: 78 }, Q11: { f1: 85.5 } })
      expect(r.value.survey?.people[0]?.role).toBe('信息化负责人')
    }
  })

  it('accepts a byte-order mark', () => {
    expect(parseAssessmentFile('\uFEFF' + JSON.stringify(base())).ok).toBe(true)
  })
})

describe('parseAssessmentFile: one-line errors naming the field', () => {
  it('not JSON, not an object', () => {
    expect(parseAssessmentFile('{"format": ')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^file is not valid JSON: /),
    })
    expect(parseAssessmentFile('')).toMatchObject({
      error: expect.stringMatching(/^file is not valid JSON/),
    })
    expect(parseAssessmentFile('[1,2]')).toEqual({
      ok: false,
      error: 'file: expected a JSON object, got a list',
    })
    expect(parseAssessmentFile('42')).toEqual({
      ok: false,
      error: 'file: expected a JSON object, got 42',
    })
  })

  it('format', () => {
    expect(errorOf((o) => delete o.format)).toBe("format: missing; expected 'sme-dl-assessment/v1'")
    expect(errorOf((o) => (o.format = 'sme-dl-assessment/v2'))).toBe(
      "format: expected 'sme-dl-assessment/v1', got 'sme-dl-assessment/v2'",
    )
  })

  it('catalogue, catalogueHash, ruleProfile', () => {
    expect(errorOf((o) => (o.catalogue = 'X'))).toBe(
      "catalogue: unknown catalogue 'X' (known: MIIT-2024)",
    )
    expect(errorOf((o) => delete o.catalogue)).toBe(
      'catalogue: missing or not a string (known: MIIT-2024)',
    )
    expect(errorOf((o) => (o.catalogueHash = '0'.repeat(64)))).toMatch(
      /^catalogueHash: does not match catalogue MIIT-2024 of this version \(expected [0-9a-f]{64}, got '0{64}'\)$/,
    )
    expect(errorOf((o) => (o.ruleProfile = 'Hebi-x'))).toBe(
      "ruleProfile: unknown rule profile 'Hebi-x' for MIIT-2024 (known: MIIT-2024-default, MIIT-2024-s9)",
    )
  })

  it('answers: unknown question id, unknown option key, 「无」 with others, list for single, empty list', () => {
    expect(errorOf((o) => (o.answers = { Q99: 'A' }))).toBe('answers.Q99: unknown question id')
    expect(errorOf((o) => (o.answers = { Q02: ['D'] }))).toBe(
      'answers.Q02: a single-choice question takes one option key, not a list',
    )
    expect(errorOf((o) => (o.answers = { Q01: ['A', 'B'] }))).toBe(
      'answers.Q01: 「无」(A) cannot be combined with other options',
    )
    expect(errorOf((o) => (o.answers = { Q02: 'Z' }))).toBe(
      "answers.Q02: unknown option key 'Z' (known: A, B, C, D, E)",
    )
    expect(errorOf((o) => (o.answers = { Q04: ['B', 'P'] }))).toMatch(
      /^answers.Q04: unknown option key 'P'/,
    )
    expect(errorOf((o) => (o.answers = { Q01: [] }))).toBe(
      'answers.Q01: empty list; select at least one option (「无」 if none applies)',
    )
    expect(errorOf((o) => (o.answers = { Q01: 'B' }))).toMatch(
      /^answers.Q01: a multi-choice question takes a list/,
    )
    expect(errorOf((o) => (o.answers = { Q12: 1 }))).toMatch(
      /^answers.Q12: a single-choice answer is one option key/,
    )
    expect(errorOf((o) => (o.answers = []))).toMatch(/^answers: /)
    expect(errorOf((o) => delete o.answers)).toBe('answers: missing (required, record)')
  })

  it('scenes: unknown id, level outside 0–4, not an integer', () => {
    expect(errorOf((o) => (o.scenes = { SC03: 5 }))).toBe(
      'scenes.SC03: level must be an integer 0–4, got 5',
    )
    expect(errorOf((o) => (o.scenes = { SC03: -1 }))).toBe(
      'scenes.SC03: level must be an integer 0–4, got -1',
    )
    expect(errorOf((o) => (o.scenes = { SC03: 2.5 }))).toBe(
      'scenes.SC03: level must be an integer 0–4, got 2.5',
    )
    expect(errorOf((o) => (o.scenes = { SC03: '2' }))).toBe(
      "scenes.SC03: level must be an integer 0–4, got '2'",
    )
    expect(errorOf((o) => (o.scenes = { SC03: null }))).toBe(
      'scenes.SC03: level must be an integer 0–4, got null',
    )
    expect(errorOf((o) => (o.scenes = { SC17: 1 }))).toBe('scenes.SC17: unknown scene id')
  })

  it('kind, enterprise, assessor, dates', () => {
    expect(errorOf((o) => (o.kind = 'audit'))).toBe(
      "kind: must be one of 'diagnosis', 'acceptance', 'recheck'",
    )
    expect(errorOf((o) => delete o.kind)).toMatch(/^kind: /)
    expect(errorOf((o) => (o.enterprise = { name: '' }))).toBe('enterprise.name: must not be empty')
    expect(errorOf((o) => (o.enterprise = {}))).toBe('enterprise.name: missing (required, string)')
    expect(errorOf((o) => (o.enterprise = { name: 'x', batch: 4 }))).toMatch(/^enterprise.batch: /)
    expect(errorOf((o) => (o.enterprise = { name: 'x', zjtx: 'yes' }))).toMatch(
      /^enterprise.zjtx: must be one of 'none'/,
    )
    expect(errorOf((o) => (o.enterprise = { name: 'x', nmae: 'y' }))).toBe(
      "enterprise: unknown field 'nmae'",
    )
    expect(errorOf((o) => (o.enterprise = { name: 'x', uscc: '91410611MA46X00019' }))).toMatch(
      /^enterprise.uscc: 统一社会信用代码校验位错误：第 18 位应为「.」，实际为「9」$/,
    )
    expect(errorOf((o) => (o.enterprise = { name: 'x', uscc: '123' }))).toBe(
      'enterprise.uscc: 统一社会信用代码应为 18 位，实际为 3 位',
    )
    expect(errorOf((o) => (o.assessor = { agency: 'x' }))).toBe(
      'assessor.name: missing (required, string)',
    )
    expect(errorOf((o) => (o.assessedOn = '2025-02-30'))).toBe(
      'assessedOn: must be a calendar date YYYY-MM-DD',
    )
    expect(errorOf((o) => (o.assessedOn = '30.06.2025'))).toBe(
      'assessedOn: must be a calendar date YYYY-MM-DD',
    )
    expect(errorOf((o) => (o.answer = {}))).toBe("file: unknown field 'answer'")
  })

  it('notes, fields, survey', () => {
    expect(errorOf((o) => (o.notes = { Q16: 'x' }))).toBe(
      'notes.Q16: unknown item id (expected a question or scene id)',
    )
    expect(errorOf((o) => (o.notes = { Q01: 3 }))).toMatch(/^notes.Q01: /)
    expect(errorOf((o) => (o.fields = { Q99: {} }))).toBe('fields.Q99: unknown question id')
    expect(errorOf((o) => (o.fields = { Q02: { f9: 1 } }))).toBe(
      'fields.Q02.f9: unknown field id (known: f1, f2, f3)',
    )
    expect(errorOf((o) => (o.fields = { Q01: { f1: 1 } }))).toBe(
      'fields.Q01.f1: unknown field id (Q01 has no data-entry fields)',
    )
    expect(errorOf((o) => (o.fields = { Q02: { f2: '120台' } }))).toBe(
      "fields.Q02.f2: 「其中生产设备数量为（台）」 takes a number, got '120台'",
    )
    expect(errorOf((o) => (o.fields = { Q02: { f2: -3 } }))).toBe(
      'fields.Q02.f2: 「其中生产设备数量为（台）」 cannot be negative, got -3',
    )
    expect(errorOf((o) => (o.fields = { Q02: { f1: 65 } }))).toBe(
      'fields.Q02.f1: 「具体数据」 takes text, got 65',
    )
    expect(
      errorOf(
        (o) => (o.survey = { date: '2025-01-01', people: [{ name: 'a' }], observations: '' }),
      ),
    ).toBe('survey.people.0.agency: missing (required, string)')
  })

  it('does not throw on anything', () => {
    for (const t of [
      'null',
      'true',
      '"x"',
      '{}',
      '{"format":"sme-dl-assessment/v1"}',
      '{"format":1}',
    ])
      expect(parseAssessmentFile(t).ok).toBe(false)
  })
})
