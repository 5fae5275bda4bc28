import { describe, expect, it } from 'vitest'
import level2 from '../../../examples/diagnosis-level2-qibin-dianqi.json'
import { parseAssessmentFile, resolveFile, type AssessmentFileV1 } from '../assessment-file'
import { buildRecheckReport, verifyReportHash, type RecheckReportInput } from '.'

function load(json: unknown): AssessmentFileV1 {
  const r = parseAssessmentFile(JSON.stringify(json))
  if (!r.ok) throw new Error(r.error)
  return r.value
}

const original = load(level2)
const { pinned, profile } = resolveFile(original)
const SIGNED = {
  bundleId: '0f6a2c1e-1111-4222-8333-944445555666',
  signerKeyId: 'ed25519:' + 'ab'.repeat(16),
  createdAt: '2025-03-16T02:03:04.000Z',
  manifestSha256: 'c'.repeat(64),
}
const base = (recheck: AssessmentFileV1): RecheckReportInput => ({
  original,
  recheck,
  signed: SIGNED,
  pinned,
  profile,
  issuedOn: '2025-04-01',
  today: '2025-12-31',
})

describe('buildRecheckReport', () => {
  it('a 约束性 scene dropped is 不一致 even when the level holds; the tolerance comes from the rule profile', () => {
    // SC07 (约束性) one level down, another scene one up: same level, same count
    const up = Object.entries(original.scenes).find(
      ([id, l]) => !profile.constrainedScenes.includes(id) && l !== undefined && l < 4,
    )![0]
    const scenes = {
      ...original.scenes,
      SC07: (original.scenes.SC07! - 1) as 0,
      [up]: (original.scenes[up]! + 1) as 1,
    }
    const m = buildRecheckReport(base({ ...original, kind: 'recheck', scenes }))
    expect(m.comparison.at(-1)!.delta).toBe('不变')
    expect(m.consistent).toBe(false)
    expect(m.deviations).toEqual([expect.stringMatching(/^约束性场景 SC07 质量管理 由.+降为.+$/)])
    expect(m.header.data.verdict).toBe('inconsistent')
    // a total beyond the profile's tolerance is 不一致; within it, 一致
    const q = pinned.catalogue.questions.find((x) => x.maxScore >= 6)!
    const low = {
      ...original,
      kind: 'recheck' as const,
      answers: {
        ...original.answers,
        [q.id]: q.type === 'single' ? q.options[0]!.key : [q.options[0]!.key],
      },
    }
    const strict = { ...profile, recheckTolerance: { maxTotalDeviation: 0 } }
    const loose = { ...profile, recheckTolerance: { maxTotalDeviation: 50 } }
    const r1 = buildRecheckReport({ ...base(low), profile: strict })
    const r2 = buildRecheckReport({ ...base(low), profile: loose })
    expect(r1.comparison.at(-1)!.delta).toBe('不变')
    expect(r1.consistent).toBe(false)
    expect(r1.deviations).toEqual([expect.stringMatching(/^总分偏差 .+ 分，超过允许偏差 0 分$/)])
    expect(r2.consistent).toBe(true)
    expect(r2.tolerance).toContain('50 分')
  })

  it('an unchanged re-score is 复核一致 with no changes listed', () => {
    const m = buildRecheckReport(base({ ...original, kind: 'recheck' }))
    expect(m.kind).toBe('recheck')
    expect(m.header.title).toBe('数字化水平复核报告')
    expect(verifyReportHash(m)).toBe(true)
    expect(m.consistent).toBe(true)
    expect(m.questionChanges).toEqual([])
    expect(m.sceneChanges).toEqual([])
    expect(m.conclusion).toBe('复核一致：复核结果与原评测完全一致，等级为二级，总分 56.15。')
    expect(m.signed.signedOn).toBe('2025-03-16')
    expect(m.signed.signerKeyShort).toBe(SIGNED.signerKeyId.slice(0, 16))
    expect(m.comparison.map((c) => c.delta)).toEqual(['±0', '±0', '±0', '±0', '不变'])
  })

  it('a lowered scene that costs the level is 不一致 and names the levels', () => {
    const scenes = { ...original.scenes }
    const lowered = Object.entries(scenes).filter(([, l]) => l !== undefined && l >= 2)
    for (const [id] of lowered) scenes[id] = 1
    const m = buildRecheckReport(base({ ...original, kind: 'recheck', scenes }))
    expect(m.consistent).toBe(false)
    expect(m.sceneChanges.map((s) => s.sceneId)).toEqual(lowered.map(([id]) => id).sort())
    expect(m.sceneChanges.every((s) => s.afterName === '一级' && s.delta < 0)).toBe(true)
    expect(m.conclusion).toMatch(
      /^复核结果与原评测不一致：等级由二级变为一级；约束性场景 SC\d\d .+；总分 56\.15 → 56\.15（±0 分），0 项指标、\d+ 个场景有调整。$/,
    )
    expect(m.deviations[0]).toBe('等级由二级变为一级')
    expect(m.comparison.at(-1)!.delta).toBe('降低 1 级')
  })

  it('refuses a bad issuedOn, another enterprise and a bad signed date, naming the field', () => {
    const same = { ...original, kind: 'recheck' as const }
    expect(() => buildRecheckReport({ ...base(same), issuedOn: '2025/4/1' })).toThrow(/^issuedOn:/)
    expect(() =>
      buildRecheckReport(
        base({
          ...same,
          enterprise: { ...same.enterprise, name: '别的公司', uscc: '91410600MA0000000X' },
        }),
      ),
    ).toThrow(/^recheck:/)
    expect(() => buildRecheckReport(base(original))).toThrow(/^kind: 复核报告只能由复核出具/)
    expect(() =>
      buildRecheckReport({ ...base(same), signed: { ...SIGNED, createdAt: 'yesterday' } }),
    ).toThrow(/^signed\.createdAt:/)
  })
})
