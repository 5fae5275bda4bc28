import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../canonical-json'
import { fromBase64, toBase64 } from './codec'
import { packBundle, unpackBundle } from './container'
import { buildManifest, canonicalBytes } from './manifest'
import type { SignatureEnvelope } from './types'

const key = {
  keyId: 'a'.repeat(64),
  algorithm: 'Ed25519' as const,
  publicKeyPem:
    '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEApF5+IznIwRbpNMjMtuX/C9TPZA+Z02nX0PTXNAbpTtU=\n-----END PUBLIC KEY-----\n',
}
const base = {
  bundleId: 'bundle-0001',
  recordId: 'record-0001',
  createdAt: '2026-11-27T03:00:00.000Z',
  catalogue: { id: 'MIIT-2024', hash: 'b'.repeat(64) },
  assessorKey: key,
  assessment: { format: 'sme-dl-assessment/v1', catalogue: 'MIIT-2024' },
}

describe('buildManifest', () => {
  it('lists evidence once per hash, sorted, and signs canonical bytes', () => {
    const m = buildManifest({
      ...base,
      evidence: [
        { sha256: 'f'.repeat(64), size: 3, name: 'b.jpg', itemId: 'Q01', mime: 'image/jpeg' },
        { sha256: '0'.repeat(64), size: 2, name: 'a.pdf', itemId: null, mime: 'application/pdf' },
        { sha256: 'f'.repeat(64), size: 3, name: 'copy.jpg', itemId: 'Q02', mime: 'image/jpeg' },
      ],
    })
    expect(m.evidence.map((e) => e.name)).toEqual(['a.pdf', 'b.jpg'])
    expect(m.version).toBe(1)
    expect(m.supersedes).toBeNull()
    const text = new TextDecoder().decode(canonicalBytes(m))
    expect(text).toBe(canonicalJson(JSON.parse(text)))
    expect(text.startsWith('{"assessment":')).toBe(true)
  })

  it('refuses a correction without a predecessor or a reason, and a v1 that names one', () => {
    expect(() => buildManifest({ ...base, version: 2, evidence: [] })).toThrow(
      /supersedes: a correction/,
    )
    expect(() =>
      buildManifest({
        ...base,
        version: 2,
        supersedes: { bundleId: 'bundle-0000', reason: ' ' },
        evidence: [],
      }),
    ).toThrow(/reason/)
    expect(() =>
      buildManifest({
        ...base,
        version: 1,
        supersedes: { bundleId: 'bundle-0000', reason: 'typo' },
        evidence: [],
      }),
    ).toThrow(/version 1/)
    const m = buildManifest({
      ...base,
      version: 2,
      supersedes: { bundleId: 'bundle-0000', reason: '更正Q03' },
      evidence: [],
    })
    expect(m.supersedes).toEqual({ bundleId: 'bundle-0000', reason: '更正Q03' })
  })
})

describe('codec and container', () => {
  it('base64 matches Node for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const s = toBase64(b)
        expect(s).toBe(Buffer.from(b).toString('base64'))
        expect(Buffer.from(fromBase64(s)!).equals(Buffer.from(b))).toBe(true)
      }),
    )
    expect(fromBase64('not base64!')).toBeNull()
  })

  it('packs deterministically and round-trips', () => {
    const sig: SignatureEnvelope = {
      algorithm: 'Ed25519',
      keyId: 'a'.repeat(64),
      signature: 'AAAA',
      signedBytesSha256: 'c'.repeat(64),
    }
    const ev = new Map([
      ['1'.repeat(64), new Uint8Array([1, 2, 3])],
      ['0'.repeat(64), new Uint8Array([4])],
    ])
    const a = packBundle({
      manifestBytes: new Uint8Array([123, 125]),
      signature: sig,
      evidence: ev,
    })
    const b = packBundle({
      manifestBytes: new Uint8Array([123, 125]),
      signature: sig,
      evidence: new Map([...ev].reverse()),
    })
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    const un = unpackBundle(a)
    expect(un.ok && [...un.files.keys()]).toEqual([
      'manifest.json',
      'signature.json',
      `evidence/${'0'.repeat(64)}`,
      `evidence/${'1'.repeat(64)}`,
    ])
    expect(unpackBundle(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false })
  })
})

describe('verifySignedManifest on hostile JSON', () => {
  it('a number that overflows to Infinity is refused, not thrown', async () => {
    const { verifySignedManifest } = await import('./verify')
    const m = JSON.parse(
      JSON.stringify(buildManifest({ ...base, evidence: [] })).replace(
        '"catalogue":"MIIT-2024"}',
        '"catalogue":"MIIT-2024","x":1e999}',
      ),
    ) as unknown
    const v = verifySignedManifest(
      m,
      {
        algorithm: 'Ed25519',
        keyId: 'a'.repeat(64),
        signature: 'AAAA',
        signedBytesSha256: 'c'.repeat(64),
      },
      {
        crypto: { sha256Hex: () => '', keyIdOf: () => '', verify: () => false },
        catalogueHash: () => undefined,
      },
    )
    expect(v).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^manifest.json: cannot be canonicalised/)],
    })
  })
})
