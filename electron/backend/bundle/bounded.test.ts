/**
 * Bundles are bounded while they are read (issue 12 item 2): a crafted zip is refused from what
 * its central directory declares, or at the first byte an entry inflates beyond its declared size,
 * never after inflating everything. Each bomb here expands to 256 MiB; before issue 12 verify
 * inflated all of it and then said "manifest.json: not valid JSON" or "SHA-256 mismatch".
 * (Memory and time for 3 MB bombs expanding to gigabytes: `npm run bench`, archive-bombs.)
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { unpackBundle } from '../../../shared/domain/bundle/container'
import { craftZip, deflateBomb } from '../test-bombs'
import { buildBundle, verifyBundleBytes } from './build'
import { evidenceFiles, exampleAssessment, testKey } from './test-helpers'

const MiB = 1024 * 1024
const ed = testKey('Ed25519')
let bomb: Buffer
let manifest: Uint8Array
let signature: Uint8Array
let evidenceSha: string
let evidenceSize: number

beforeAll(async () => {
  bomb = await deflateBomb(256 * MiB)
  const b = buildBundle({
    assessment: exampleAssessment(),
    evidence: evidenceFiles(1),
    signer: ed.signer,
    now: new Date('2026-11-27T03:00:00Z'),
  })
  const un = unpackBundle(b.bytes)
  if (!un.ok) throw new Error(un.error)
  manifest = un.files.get('manifest.json')!
  signature = un.files.get('signature.json')!
  evidenceSha = b.manifest.evidence[0]!.sha256
  evidenceSize = b.manifest.evidence[0]!.size
})

const stored = (name: string, data: Uint8Array) =>
  ({ name, data, method: 0, declaredSize: data.length }) as const

function refused(bytes: Uint8Array): string[] {
  const v = verifyBundleBytes(bytes)
  expect(v.ok).toBe(false)
  return v.ok ? [] : v.problems
}

describe('bounded bundle reading', () => {
  it('a manifest.json that inflates beyond its declared size is stopped there', () => {
    const zip = craftZip([
      { name: 'manifest.json', data: bomb, method: 8, declaredSize: 2000 },
      stored('signature.json', signature),
    ])
    expect(zip.length).toBeLessThan(1 * MiB)
    expect(refused(zip)).toEqual([
      'manifest.json: inflates beyond its declared 2000 bytes (zip bomb?)',
    ])
  })

  it('a manifest.json that honestly declares 256 MiB is refused before inflating', () => {
    const zip = craftZip([
      { name: 'manifest.json', data: bomb, method: 8, declaredSize: 256 * MiB },
      stored('signature.json', signature),
    ])
    expect(refused(zip)).toEqual([
      `manifest.json: declares ${256 * MiB} bytes, more than the ${32 * MiB} accepted`,
    ])
  })

  it('an evidence entry that is compressed (a bomb in the size the manifest lists) is refused before inflating', () => {
    const zip = craftZip([
      stored('manifest.json', manifest),
      stored('signature.json', signature),
      { name: `evidence/${evidenceSha}`, data: bomb, method: 8, declaredSize: evidenceSize },
    ])
    expect(refused(zip)).toEqual([
      `evidence/${evidenceSha}: evidence must be stored uncompressed (compression 8, ${bomb.length} → ${evidenceSize} bytes)`,
    ])
  })

  it('an entry the manifest cannot list is refused by name before inflating', () => {
    const zip = craftZip([
      stored('manifest.json', manifest),
      stored('signature.json', signature),
      { name: 'payload.bin', data: bomb, method: 8, declaredSize: 10 },
    ])
    expect(refused(zip)).toEqual(['payload.bin: extra file not listed in the manifest'])
  })

  it('a local header that disagrees with the central directory is refused', () => {
    const zip = craftZip([stored('manifest.json', manifest), stored('signature.json', signature)])
    // Change the uncompressed size in manifest.json's local header only (offset 22).
    zip.writeUInt32LE(manifest.length + 1, 22)
    expect(refused(zip)).toEqual(['manifest.json: local header differs from the central directory'])
  })
})
