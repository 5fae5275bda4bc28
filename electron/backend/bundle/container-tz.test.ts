/**
 * The .dlbundle container does not depend on the machine's time zone: fflate writes each entry's
 * DOS date/time from the LOCAL clock fields, so a bundle packed on an assessor's laptop in UTC+8
 * must be byte-identical to the repacking a verifier does in UTC (or anywhere else), and packing
 * west of UTC must not throw.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { buildBundle, verifyBundleBytes } from './build'
import { evidenceFiles, exampleAssessment, testKey } from './test-helpers'

const original = process.env.TZ
afterEach(() => {
  if (original === undefined) delete process.env.TZ
  else process.env.TZ = original
})

const ZONES = ['UTC', 'Asia/Shanghai', 'Etc/GMT-14', 'America/Los_Angeles', 'Etc/GMT+12']

describe('bundle container across time zones', () => {
  it('packs to the same bytes in every zone (DOS time 1980-01-01 00:00); each verifies in every other', () => {
    const k = testKey()
    const ev = evidenceFiles(2)
    const now = new Date('2026-11-27T03:00:00Z')
    const built = ZONES.map((zone) => {
      process.env.TZ = zone
      return buildBundle({
        assessment: exampleAssessment(),
        evidence: ev,
        signer: k.signer,
        now,
        bundleId: 'bundle-tz-1',
        recordId: 'record-tz-1',
      })
    })
    // the signature differs per run for SM2, not for Ed25519: same key, same manifest → same bytes
    for (const [i, b] of built.entries())
      expect(Buffer.from(b.bytes).equals(Buffer.from(built[0]!.bytes)), ZONES[i]).toBe(true)
    const bytes = Buffer.from(built[0]!.bytes)
    // first local file header: signature, then DOS time at 10 and DOS date at 12
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50)
    expect([bytes.readUInt16LE(10), bytes.readUInt16LE(12)]).toEqual([0, (1 << 5) | 1])
    for (const zone of ZONES) {
      process.env.TZ = zone
      const v = verifyBundleBytes(built[1]!.bytes, { trustedKey: k.file })
      expect(v.ok ? [] : v.problems, zone).toEqual([])
    }
  })
})
