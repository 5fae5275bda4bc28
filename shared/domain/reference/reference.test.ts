import { describe, expect, it } from 'vitest'
import { parseAssessmentFile, scoreAssessmentFile } from '../assessment-file'
import { getCatalogue } from '../catalogue'
import { MIIT_2024_DEFAULT } from '../levels/rule-profiles'
import { BUILT_IN, checkRuleProfile, ruleProfileHash, withRuleProfiles } from '.'

const city = {
  ...structuredClone(MIIT_2024_DEFAULT),
  id: 'Hebi-2024-xcl-v1',
  title: '鹤壁市新材料行业等级规则',
  version: '1',
  rules: [
    { level: 4, minScore: 80, minScenes: 10, minConstrainedScenes: 6 },
    { level: 3, minScore: 60, minScenes: 8, minConstrainedScenes: 5 },
    { level: 2, minScore: 35.5, minScenes: 6, minConstrainedScenes: 3 },
    { level: 1, minScore: 20, minScenes: 6, minConstrainedScenes: 3 },
  ],
}

function check(patch: (p: typeof city) => unknown) {
  const p = structuredClone(city)
  return checkRuleProfile(patch(p) ?? p, getCatalogue)
}

describe('checkRuleProfile', () => {
  it('accepts a well-formed city profile and hashes it canonically', () => {
    const c = checkRuleProfile(city, getCatalogue)
    expect(c.ok).toBe(true)
    if (!c.ok) return
    expect(c.hash).toMatch(/^[0-9a-f]{64}$/)
    const reordered = { note: city.note, ...city }
    const c2 = checkRuleProfile(reordered, getCatalogue)
    expect(c2.ok && c2.hash).toBe(c.hash)
    expect(ruleProfileHash(MIIT_2024_DEFAULT)).not.toBe(c.hash)
  })

  it.each([
    ['id', (p: typeof city) => void (p.id = '../etc')],
    ['catalogueId', (p: typeof city) => void (p.catalogueId = 'MIIT-2099')],
    ['title', (p: typeof city) => void (p.title = '  ')],
    ['rules', (p: typeof city) => void p.rules.pop()],
    ['rules.0.level', (p: typeof city) => void (p.rules[0]!.level = 3)],
    ['rules.1.minScore', (p: typeof city) => void (p.rules[1]!.minScore = 81)],
    ['rules.2.minScore', (p: typeof city) => void (p.rules[2]!.minScore = 40.0005)],
    ['rules.0.minScore', (p: typeof city) => void (p.rules[0]!.minScore = 101)],
    ['rules.0.minScenes', (p: typeof city) => void (p.rules[0]!.minScenes = 17)],
    ['rules.1.minScenes', (p: typeof city) => void (p.rules[1]!.minScenes = 11)],
    [
      'rules.3.minConstrainedScenes',
      (p: typeof city) => void (p.rules[3]!.minConstrainedScenes = 7),
    ],
    [
      'rules.1.minConstrainedScenes',
      (p: typeof city) => void (p.rules[1]!.minConstrainedScenes = 7),
    ],
    ['constrainedScenes.2', (p: typeof city) => void (p.constrainedScenes[2] = 'SC99')],
    ['constrainedScenes.3', (p: typeof city) => void (p.constrainedScenes[3] = 'SC01')],
    ['extra', (p: typeof city) => ({ ...p, extra: 1 })],
    ['rules.0.bonus', (p: typeof city) => void Object.assign(p.rules[0]!, { bonus: 1 })],
  ])('names the field %s', (field, patch) => {
    const c = check(patch)
    expect(c.ok).toBe(false)
    if (!c.ok) expect(c.field).toBe(field)
  })

  it('refuses 约束性 minimums above the set size', () => {
    const c = check((p) => void (p.constrainedScenes = ['SC01', 'SC03']))
    expect(c.ok || c.field).toBe('rules.0.minConstrainedScenes')
  })
})

describe('registry', () => {
  it('built-ins keep their ids; an extra profile is found and scores files', () => {
    const reg = withRuleProfiles([city])
    expect(reg.ruleProfile('Hebi-2024-xcl-v1')?.title).toBe(city.title)
    expect(reg.ruleProfiles().length).toBe(BUILT_IN.ruleProfiles().length + 1)
    expect(() => withRuleProfiles([{ ...city, id: MIIT_2024_DEFAULT.id }])).toThrow(
      /ruleProfiles\.0\.id: 'MIIT-2024-default' is already defined/,
    )
    expect(() => withRuleProfiles([city, city])).toThrow(/ruleProfiles\.1\.id/)
    expect(() => withRuleProfiles([{ ...city, catalogueId: 'x' }])).toThrow(
      /ruleProfiles\.0\.catalogueId/,
    )
  })

  it('a file naming a published profile parses and scores only with a registry that has it', () => {
    // a (deliberately lenient) profile under which any file reaches 四级
    const lenient = {
      ...city,
      id: 'Test-lenient',
      rules: city.rules.map((r) => ({ ...r, minScore: 0, minScenes: 0, minConstrainedScenes: 0 })),
    }
    const text = (ruleProfile: string) =>
      JSON.stringify({
        format: 'sme-dl-assessment/v1',
        catalogue: 'MIIT-2024',
        ruleProfile,
        kind: 'diagnosis',
        enterprise: { name: '鹤壁规则测试有限公司（虚构）' },
        answers: { Q02: 'D', Q03: 'C', Q05: 'C' },
        scenes: { SC01: 2, SC02: 1 },
      })
    const unknown = parseAssessmentFile(text('Test-lenient'))
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error).toMatch(/^ruleProfile: unknown rule profile/)
    const reg = withRuleProfiles([lenient])
    const parsed = parseAssessmentFile(text('Test-lenient'), reg)
    expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true)
    if (!parsed.ok) return
    expect(() => scoreAssessmentFile(parsed.value)).toThrow(/ruleProfile: unknown/)
    const r = scoreAssessmentFile(parsed.value, reg)
    expect(r.ruleProfileId).toBe('Test-lenient')
    expect(r.level).toBe(4)
    const byDefault = parseAssessmentFile(text('MIIT-2024-default'))
    expect(byDefault.ok && scoreAssessmentFile(byDefault.value).level).toBe(0)
  })
})
