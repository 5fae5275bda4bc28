/**
 * Tampered `.dlbundle` files (issue 7 item 5): random single-byte flips, truncations, extra,
 * missing or replaced entries, and manifests re-signed with another key are never accepted by
 * verification, and the first problem names what changed (an entry name or `bundle:`).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBundle, verifyBundleBytes } from '../../electron/backend/bundle/build'
import {
  evidenceFiles,
  exampleAssessment,
  testKey,
} from '../../electron/backend/bundle/test-helpers'
import { safeName } from '../../shared/domain/bundle/verify'
import { listZip } from '../../shared/domain/zip/unzip-bounded'
import { FuzzCounter, hostileString, scaledRuns } from './fuzz-support'

const counter = new FuzzCounter('bundle verification')
afterAll(() => counter.print())

const RUNS = scaledRuns({
  flips: 500,
  truncations: 200,
  extra: 150,
  entries: 150,
  resigned: 40,
  sm2: 40,
})
const now = new Date('2026-11-27T03:00:00Z')
const ed = testKey('Ed25519')
const attacker = testKey('Ed25519')
const sm = testKey('SM2-SM3')

const valid = buildBundle({
  assessment: exampleAssessment(),
  evidence: evidenceFiles(3),
  signer: ed.signer,
  now,
})
const validSm = buildBundle({
  assessment: exampleAssessment('acceptance-level3-shancheng-xincailiao.json'),
  evidence: evidenceFiles(2, 's'),
  // an acceptance cites its signed diagnosis (issue 11 item 1); verify checks only the shape
  diagnosis: { bundleId: 'diag-fuzz-0001', manifestSha256: '0'.repeat(64), reportNumber: null },
  signer: sm.signer,
  now,
})
const ENTRY_NAMES = Object.keys(unzipSync(valid.bytes))

/** Entry names of a (possibly tampered) zip as its central directory lists them (nothing is
 * inflated, as unpackBundle names entries before inflating); none when it cannot be read. */
function entryNames(bytes: Uint8Array): string[] {
  const listing = listZip(bytes, 'bundle')
  return typeof listing === 'string' ? [] : listing.map((e) => e.name)
}

/**
 * Never accepted, never a throw; every problem is one line that names what changed: the bundle
 * itself (`bundle: …`), manifest.json / signature.json, the trusted key, or an entry by name.
 */

function refused(bytes: Uint8Array, trusted = ed.file): string[] {
  let v: ReturnType<typeof verifyBundleBytes> | undefined
  expect(() => {
    v = verifyBundleBytes(bytes, { trustedKey: trusted })
  }).not.toThrow()
  if (!v) throw new Error('unreachable')
  expect(v.ok, 'a tampered bundle was accepted').toBe(false)
  if (v.ok) return []
  expect(v.problems.length).toBeGreaterThan(0)
  const prefixes = [
    'bundle: ',
    'manifest.json',
    'signature.json',
    'trusted key: ',
    ...[...ENTRY_NAMES, ...entryNames(bytes)].map((n) => `${safeName(n)}: `),
  ]
  for (const p of v.problems) {
    expect(p).not.toMatch(/[\r\n\u2028\u2029]/)
    // or an entry the (possibly corrupted) manifest lists, by the name it must have
    expect(prefixes.some((x) => p.startsWith(x)) || /^evidence\/[0-9a-f]{64}: /.test(p), p).toBe(
      true,
    )
  }
  return v.problems
}

function rezip(files: Record<string, Uint8Array>): Uint8Array {
  const z: Zippable = {}
  // as packBundle lays it out: evidence stored, the rest deflated
  for (const [name, data] of Object.entries(files))
    z[name] = [
      data,
      { level: name.startsWith('evidence/') ? 0 : 6, mtime: new Date(Date.UTC(1980, 0, 1)) },
    ]
  return zipSync(z)
}

describe('bundle verification under tampering', () => {
  it('the untouched bundles verify (the base of every mutation)', () => {
    expect(verifyBundleBytes(valid.bytes, { trustedKey: ed.file }).ok).toBe(true)
    expect(verifyBundleBytes(validSm.bytes, { trustedKey: sm.file }).ok).toBe(true)
    expect(ENTRY_NAMES).toContain('manifest.json')
    expect(ENTRY_NAMES).toContain('signature.json')
  })

  it('any single-byte change anywhere is refused', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: valid.bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, mask) => {
          counter.hit('single-byte flips (Ed25519)')
          const bytes = Uint8Array.from(valid.bytes)
          bytes[at] = (bytes[at] ?? 0) ^ mask
          refused(bytes)
        },
      ),
      { numRuns: RUNS.flips },
    )
  })

  it('SM2-SM3 bundles: single-byte changes are refused too', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: validSm.bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, mask) => {
          counter.hit('single-byte flips (SM2-SM3)')
          const bytes = Uint8Array.from(validSm.bytes)
          bytes[at] = (bytes[at] ?? 0) ^ mask
          refused(bytes, sm.file)
        },
      ),
      { numRuns: RUNS.sm2 },
    )
  })

  it('truncated or extended bundles are refused', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .nat({ max: valid.bytes.length - 1 })
            .map((n) => ({ label: 'truncated', bytes: valid.bytes.slice(0, n) })),
          fc.uint8Array({ minLength: 1, maxLength: 64 }).map((tail) => ({
            label: 'bytes appended',
            bytes: Uint8Array.from([...valid.bytes, ...tail]),
          })),
          fc.uint8Array({ minLength: 1, maxLength: 64 }).map((head) => ({
            label: 'bytes prepended',
            bytes: Uint8Array.from([...head, ...valid.bytes]),
          })),
        ),
        ({ label, bytes }) => {
          counter.hit(label)
          refused(bytes)
        },
      ),
      { numRuns: RUNS.truncations },
    )
  })

  it('an extra file is refused and named', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileString,
          fc.constantFrom(
            'evidence/extra.jpg',
            `evidence/${'0'.repeat(64)}`,
            '../../etc/passwd',
            'evidence/../manifest.json.bak',
            '__proto__',
            'manifest.json ',
            'MANIFEST.JSON',
          ),
        ),
        fc.uint8Array({ maxLength: 128 }),
        (name, data) => {
          fc.pre(name.length > 0 && !name.endsWith('/') && !ENTRY_NAMES.includes(name))
          const files = { ...unzipSync(valid.bytes) }
          Object.defineProperty(files, name, { value: data, enumerable: true })
          let bytes: Uint8Array
          try {
            bytes = rezip(files)
          } catch {
            fc.pre(false) // fflate cannot write that name: not a case, not counted
            return
          }
          counter.hit('extra files')
          const problems = refused(bytes)
          expect(
            problems.some((p) => p.includes('extra file')),
            problems.join(' | '),
          ).toBe(true)
        },
      ),
      { numRuns: RUNS.extra },
    )
  })

  // Entry names are JSON-quoted when they hold a line break (safeName in verify.ts), so
  // `x\nbundle: verified` cannot print a forged line in the CLI/UI.
  it('an extra entry named with a line break still gives one-line problems', () => {
    const files = { ...unzipSync(valid.bytes), 'x\nbundle: verified OK': new Uint8Array([1]) }
    const problems = refused(rezip(files))
    expect(problems).toContain('"x\\nbundle: verified OK": extra file not listed in the manifest')
  })

  it('a missing, replaced or swapped entry is refused and named', () => {
    const original = unzipSync(valid.bytes)
    const evidenceNames = ENTRY_NAMES.filter((n) => n.startsWith('evidence/'))
    fc.assert(
      fc.property(
        fc.constantFrom(...ENTRY_NAMES),
        fc.constantFrom('delete', 'replace', 'swap'),
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        (name, op, data) => {
          counter.hit(`entry ${op}`)
          const files: Record<string, Uint8Array> = { ...original }
          if (op === 'delete') delete files[name]
          else if (op === 'replace') files[name] = data
          else {
            const other = evidenceNames.find((n) => n !== name) ?? 'manifest.json'
            const a = files[name]
            const b = files[other]
            if (!a || !b) return
            files[name] = b
            files[other] = a
          }
          const problems = refused(rezip(files))
          // the first problem names the entry that changed (or one it was swapped with)
          const named = problems.some(
            (p) => p.startsWith(name) || (name === 'manifest.json' && p.startsWith('manifest')),
          )
          if (op !== 'swap') expect(named, problems.join(' | ')).toBe(true)
        },
      ),
      { numRuns: RUNS.entries },
    )
  })

  it('a changed assessment re-signed with another key is refused (trusted key pinned)', () => {
    const scenes = exampleAssessment().scenes as Record<string, number>
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(scenes)),
        fc.integer({ min: 0, max: 4 }),
        (sceneId, level) => {
          fc.pre(scenes[sceneId] !== level)
          counter.hit('re-signed with another key')
          const a = exampleAssessment()
          ;(a.scenes as Record<string, number>)[sceneId] = level
          const forged = buildBundle({
            assessment: a,
            evidence: evidenceFiles(3),
            signer: attacker.signer,
            now,
            bundleId: valid.manifest.bundleId,
            recordId: valid.manifest.recordId,
          })
          const problems = refused(forged.bytes)
          expect(problems.join(' | ')).toContain('not with the trusted key')
        },
      ),
      { numRuns: RUNS.resigned },
    )
  })
})
