import { describe, expect, it } from 'vitest'
import { citationProblem, type HeldDiagnosis } from './diagnosis-citation'
import { buildManifest } from './manifest'
import { manifestSchema } from './schema'

const SHA = 'c'.repeat(64)
const citation = {
  bundleId: 'diag-bundle-1',
  manifestSha256: SHA,
  reportNumber: 'ZD-20250601-1A2B3C4D',
}
const held: HeldDiagnosis = {
  bundleId: 'diag-bundle-1',
  kind: 'diagnosis',
  uscc: '91410600MA00000001',
  assessedOn: '2025-06-01',
  reportNumbers: ['ZD-20250601-1A2B3C4D'],
}
const acc = { uscc: '91410600MA00000001', assessedOn: '2025-10-01' }

describe('citationProblem (issue 11 item 1 at central)', () => {
  it('holds for a diagnosis of the same USCC assessed earlier, with or without a report number', () => {
    expect(citationProblem(citation, acc, held)).toBeNull()
    expect(citationProblem({ ...citation, reportNumber: null }, acc, held)).toBeNull()
  })

  it('refuses each break of the chain, naming the manifest field', () => {
    const cases: [Parameters<typeof citationProblem>, RegExp][] = [
      [[undefined, acc, held], /^manifest\.json diagnosis: an acceptance must name/],
      [
        [citation, acc, undefined],
        /^manifest\.json diagnosis\.manifestSha256: no diagnosis bundle/,
      ],
      [
        [{ ...citation, bundleId: 'other-bundle' }, acc, held],
        /^manifest\.json diagnosis\.bundleId: other-bundle differs/,
      ],
      [[citation, acc, { ...held, kind: 'acceptance' }], /is of kind acceptance, not a diagnosis/],
      [
        [citation, acc, { ...held, uscc: '91410600MA00000002' }],
        /of another enterprise \(USCC 91410600MA00000002, this acceptance 91410600MA00000001\)/,
      ],
      [[citation, { ...acc, uscc: null }, held], /must give the enterprise's USCC/],
      [[citation, acc, { ...held, assessedOn: null }], /must give their assessment date/],
      [
        [citation, acc, { ...held, assessedOn: '2025-10-01' }],
        /assessed on 2025-10-01, not before this acceptance \(2025-10-01\)/,
      ],
      [
        [citation, acc, { ...held, assessedOn: '2025-11-01' }],
        /assessed on 2025-11-01, not before/,
      ],
      [
        [{ ...citation, reportNumber: 'ZD-20250601-FFFFFFFF' }, acc, held],
        /^manifest\.json diagnosis\.reportNumber: ZD-20250601-FFFFFFFF is not a diagnosis report/,
      ],
    ]
    for (const [args, re] of cases) expect(citationProblem(...args)).toMatch(re)
  })
})

describe('manifest.diagnosis shape', () => {
  const base = {
    bundleId: 'bundle-0001',
    recordId: 'record-0001',
    createdAt: '2026-11-27T03:00:00.000Z',
    catalogue: { id: 'MIIT-2024', hash: 'b'.repeat(64) },
    assessorKey: {
      keyId: 'a'.repeat(64),
      algorithm: 'Ed25519' as const,
      publicKeyPem:
        '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEApF5+IznIwRbpNMjMtuX/C9TPZA+Z02nX0PTXNAbpTtU=\n-----END PUBLIC KEY-----\n',
    },
    assessment: { format: 'sme-dl-assessment/v1', catalogue: 'MIIT-2024', kind: 'acceptance' },
    evidence: [],
  }

  it('is carried when given and absent otherwise', () => {
    expect(buildManifest({ ...base, diagnosis: citation }).diagnosis).toEqual(citation)
    expect('diagnosis' in buildManifest(base)).toBe(false)
  })

  it('the schema names the field of a malformed citation', () => {
    const bad = (d: unknown) => {
      const r = manifestSchema.safeParse({ ...buildManifest(base), diagnosis: d })
      return r.success ? null : r.error.issues[0]!.path.join('.')
    }
    expect(bad(citation)).toBeNull()
    expect(bad({ ...citation, manifestSha256: 'C'.repeat(64) })).toBe('diagnosis.manifestSha256')
    expect(bad({ ...citation, bundleId: '../x' })).toBe('diagnosis.bundleId')
    expect(bad({ ...citation, reportNumber: 'a b' })).toBe('diagnosis.reportNumber')
    expect(bad({ bundleId: 'diag-bundle-1', manifestSha256: SHA })).toBe('diagnosis.reportNumber')
    expect(bad({ ...citation, extra: 1 })).toBe('diagnosis')
  })
})
