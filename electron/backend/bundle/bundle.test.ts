import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../../../shared/domain/catalogue'
import { canonicalJson } from '../../../shared/domain/canonical-json'
import { packBundle, unpackBundle } from '../../../shared/domain/bundle/container'
import { canonicalBytes } from '../../../shared/domain/bundle/manifest'
import { verifyBundle } from '../../../shared/domain/bundle/verify'
import { nodeBundleCrypto, sha256Hex } from '../crypto/node-crypto'
import { buildBundle, itemIdOf, readEvidencePaths, signManifest, verifyBundleBytes } from './build'
import { evidenceFiles, exampleAssessment, testKey } from './test-helpers'

const now = new Date('2026-11-27T03:00:00Z')
const ed = testKey('Ed25519')
const sm = testKey('SM2-SM3')

function build(signer = ed.signer, evidence = evidenceFiles(3)) {
  return buildBundle({ assessment: exampleAssessment(), evidence, signer, now })
}

describe('building and verifying a bundle', () => {
  it.each([
    ['Ed25519', ed],
    ['SM2-SM3', sm],
  ] as const)('%s: a fresh bundle verifies, pinned to its key and to the catalogue', (_n, k) => {
    const b = build(k.signer)
    const v = verifyBundleBytes(b.bytes, { trustedKey: k.file })
    expect(v.ok ? [] : v.problems).toEqual([])
    expect(b.manifest).toMatchObject({
      format: 'sme-dl-bundle/v1',
      version: 1,
      supersedes: null,
      catalogue: { id: 'MIIT-2024', hash: MIIT_2024.hash },
    })
    expect(b.manifest.assessorKey.keyId).toBe(k.file.keyId)
    expect(b.manifest.evidence).toHaveLength(3)
    expect(b.signature.signedBytesSha256).toBe(sha256Hex(canonicalBytes(b.manifest)))
    // manifest.json holds exactly the canonical bytes.
    const un = unpackBundle(b.bytes)
    expect(un.ok && Buffer.from(un.files.get('manifest.json')!).toString()).toBe(
      canonicalJson(b.manifest),
    )
  })

  it('the same inputs give the same bytes (Ed25519 is deterministic)', () => {
    const ev = evidenceFiles(2)
    const a = buildBundle({
      assessment: exampleAssessment(),
      evidence: ev,
      signer: ed.signer,
      now,
      bundleId: 'bundle-fixed-1',
      recordId: 'record-fixed-1',
    })
    const b = buildBundle({
      assessment: exampleAssessment(),
      evidence: ev,
      signer: ed.signer,
      now,
      bundleId: 'bundle-fixed-1',
      recordId: 'record-fixed-1',
    })
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true)
  })

  it('a changed byte anywhere in the file fails verification', () => {
    const b = build(ed.signer, evidenceFiles(1, 'x', 16))
    let accepted = 0
    for (let i = 0; i < b.bytes.length; i++) {
      const t = Uint8Array.from(b.bytes)
      t[i]! ^= 0x01
      if (verifyBundleBytes(t).ok) accepted++
    }
    expect(accepted).toBe(0)
  })

  it('names the evidence file whose bytes changed', () => {
    const b = build()
    const sha = b.manifest.evidence[1]!.sha256
    const un = unpackBundle(b.bytes)
    if (!un.ok) throw new Error(un.error)
    const changed = Uint8Array.from(un.files.get(`evidence/${sha}`)!)
    changed[5]! ^= 0xff
    const ev = new Map(
      b.manifest.evidence.map((e) => [e.sha256, un.files.get(`evidence/${e.sha256}`)!]),
    )
    ev.set(sha, changed)
    const t = packBundle({
      manifestBytes: un.files.get('manifest.json')!,
      signature: b.signature,
      evidence: ev,
    })
    const v = verifyBundleBytes(t)
    expect(v.ok).toBe(false)
    expect(!v.ok && v.problems).toEqual([
      `evidence/${sha}: SHA-256 mismatch (manifest says ${sha}, file is ${sha256Hex(changed)})`,
    ])
  })

  it('names a manifest changed after signing, a wrong key, a missing and an extra file', () => {
    const b = build()
    const un = unpackBundle(b.bytes)
    if (!un.ok) throw new Error(un.error)
    const ev = new Map(
      b.manifest.evidence.map((e) => [e.sha256, un.files.get(`evidence/${e.sha256}`)!]),
    )
    // The level-relevant answer edited after signing.
    const edited = {
      ...b.manifest,
      assessment: {
        ...b.manifest.assessment,
        scenes: { ...(b.manifest.assessment['scenes'] as object), SC01: 4 },
      },
    }
    const v1 = verifyBundleBytes(
      packBundle({ manifestBytes: canonicalBytes(edited), signature: b.signature, evidence: ev }),
    )
    expect(!v1.ok && v1.problems.join('\n')).toMatch(/manifest.json: changed after signing/)
    expect(!v1.ok && v1.problems.join('\n')).toMatch(
      /manifest.json: signature does not verify with key/,
    )
    // Re-signed by someone else with the original key id left in place.
    const other = testKey('Ed25519')
    const forged = { ...signManifest(b.manifest, other.signer), keyId: ed.file.keyId }
    const v2 = verifyBundleBytes(
      packBundle({ manifestBytes: canonicalBytes(b.manifest), signature: forged, evidence: ev }),
    )
    expect(!v2.ok && v2.problems).toEqual([
      `manifest.json: signature does not verify with key ${ed.file.keyId.slice(0, 12)}… (Ed25519)`,
    ])
    // Valid bundle, but not by the trusted key.
    const v3 = verifyBundleBytes(b.bytes, { trustedKey: other.file })
    expect(!v3.ok && v3.problems[0]).toMatch(/signed with key .* not with the trusted key/)
    // Missing evidence and an extra file.
    const missing = b.manifest.evidence[0]!.sha256
    const files: Record<string, Uint8Array> = {}
    for (const [n, d] of un.files) if (n !== `evidence/${missing}`) files[n] = d
    const v4 = verifyBundleBytes(zipSync(files, { level: 0 }))
    expect(!v4.ok && v4.problems).toEqual([
      `evidence/${missing}: missing (listed in manifest as '${b.manifest.evidence[0]!.name}')`,
    ])
    // An entry the manifest cannot list is refused by name before anything is inflated.
    files['evidence/extra.txt'] = new Uint8Array([1])
    const v5 = verifyBundleBytes(zipSync(files, { level: 0 }))
    expect(!v5.ok && v5.problems).toEqual([
      'evidence/extra.txt: extra file not listed in the manifest',
    ])
    // A well-named evidence entry the manifest does not list: stored, so read without inflating,
    // and refused by the manifest check.
    const stray = 'f'.repeat(64)
    delete files['evidence/extra.txt']
    files[`evidence/${stray}`] = new Uint8Array([1])
    const v6 = verifyBundleBytes(zipSync(files, { level: 0 }))
    expect(!v6.ok && v6.problems).toContain(
      `evidence/${stray}: extra file not listed in the manifest`,
    )
  })

  it('refuses an unknown catalogue hash and an invalid assessment', () => {
    const b = build()
    const v = verifyBundle(b.bytes, {
      crypto: nodeBundleCrypto,
      catalogueHash: () => 'c'.repeat(64),
    })
    expect(!v.ok && v.problems[0]).toMatch(
      /^manifest.json catalogue.hash: .* does not match the known MIIT-2024 catalogue/,
    )
    const bad = exampleAssessment()
    ;(bad['scenes'] as Record<string, unknown>)['SC03'] = 5
    expect(() => buildBundle({ assessment: bad, evidence: [], signer: ed.signer, now })).toThrow(
      /assessment: scenes.SC03/,
    )
  })

  it('a correction is a new bundle of the same record naming the one it replaces', () => {
    const v1 = build()
    const fixed = exampleAssessment()
    const v2 = buildBundle({
      assessment: fixed,
      evidence: evidenceFiles(3),
      signer: ed.signer,
      now,
      supersedes: { manifest: v1.manifest, reason: '现场复核后更正 SC03' },
    })
    expect(v2.manifest).toMatchObject({
      recordId: v1.manifest.recordId,
      version: 2,
      supersedes: { bundleId: v1.manifest.bundleId, reason: '现场复核后更正 SC03' },
    })
    expect(v2.manifest.bundleId).not.toBe(v1.manifest.bundleId)
    expect(verifyBundleBytes(v2.bytes).ok).toBe(true)
  })
})

describe('evidence from paths', () => {
  it('reads directories recursively and takes the item id from the name or folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-ev-'))
    mkdirSync(join(dir, 'SC06'))
    writeFileSync(join(dir, 'SC06', 'mes.pdf'), 'x')
    writeFileSync(join(dir, 'Q12-财务软件截图.png'), 'y')
    writeFileSync(join(dir, 'notes.txt'), 'z')
    const ev = readEvidencePaths([dir])
    expect(ev.map((e) => [e.name, e.itemId, e.mime])).toEqual([
      ['Q12-财务软件截图.png', 'Q12', 'image/png'],
      ['mes.pdf', 'SC06', 'application/pdf'],
      ['notes.txt', null, 'text/plain'],
    ])
    expect(itemIdOf('Q160.jpg')).toBeNull()
    expect(() => readEvidencePaths([join(dir, 'nope')])).toThrow(/no such file/)
  })
})
