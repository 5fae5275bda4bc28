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
})

describe('buildRecheckReport', () => {
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
      /^复核结果与原评测不一致：等级由二级变为一级；总分 56\.15 → 56\.15（±0 分），0 项指标、\d+ 个场景有调整。$/,
    )
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
    expect(() =>
      buildRecheckReport({ ...base(same), signed: { ...SIGNED, createdAt: 'yesterday' } }),
    ).toThrow(/^signed\.createdAt:/)
  })
})
