/**
 * Issue 11 item 1 at central, on SQLite and PostgreSQL: an acceptance bundle names the signed
 * diagnosis it compares against (manifest.diagnosis). Central refuses, 422 with a one-line reason
 * naming the field, an acceptance that names none, names one it does not hold, names a bundle
 * that is not a diagnosis, one of another enterprise (USCC) or one assessed on or after the
 * acceptance — by push and by the administrator's import alike. Nothing of a refused bundle is
 * stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importBundleFile } from './admin'
import {
  citationOf,
  diagnosisBefore,
  exampleAssessment,
  makeBundle,
  refused,
  registeredClient,
  runCentral,
  TEST_DATABASES,
  type RunningCentral,
  type TestBundle,
} from './testing/fixtures'

const AFTER = exampleAssessment('acceptance-level3-shancheng-xincailiao.json') // 2025-09-26
const ZD = 'ZD-20250410-0A1B2C3D'

describe.each(TEST_DATABASES)('the diagnosis an acceptance cites, on $name', (database) => {
  let c: RunningCentral
  beforeEach(async () => {
    c = await runCentral(database)
  })
  afterEach(async () => {
    await c.dispose()
  })

  const stored = async (b: TestBundle) =>
    (
      await c.ctx.db
        .selectFrom('bundles')
        .select('bundle_id')
        .where('bundle_id', '=', b.manifest.bundleId)
        .execute()
    ).length

  it('accepts an acceptance that cites a held diagnosis of its enterprise, assessed earlier', async () => {
    const { client, signer } = await registeredClient(c)
    const diag = makeBundle({
      signer,
      assessment: diagnosisBefore(AFTER, '2025-04-10'),
      reports: [{ number: ZD, kind: 'diagnosis', sha256: 'a'.repeat(64), issuedOn: '2025-04-10' }],
    })
    expect((await client.pushBundle(diag.manifest, diag.signature)).status).toBe('accepted')
    const acc = makeBundle({ signer, assessment: AFTER, diagnosis: citationOf(diag) })
    expect(acc.manifest.diagnosis).toEqual({
      bundleId: diag.manifest.bundleId,
      manifestSha256: citationOf(diag).manifestSha256,
      reportNumber: ZD,
    })
    expect((await client.pushBundle(acc.manifest, acc.signature)).status).toBe('accepted')
    // a correction of the acceptance cites it as well
    const v2 = makeBundle({
      signer,
      assessment: AFTER,
      diagnosis: { ...citationOf(diag), reportNumber: null },
      supersedes: { manifest: acc.manifest, reason: '更正' },
    })
    expect((await client.pushBundle(v2.manifest, v2.signature)).status).toBe('accepted')
  })

  it('refuses an acceptance naming no diagnosis, an unknown one, or one that does not fit, naming the field', async () => {
    const { client, signer } = await registeredClient(c)
    const diag = makeBundle({
      signer,
      assessment: diagnosisBefore(AFTER, '2025-04-10'),
      reports: [{ number: ZD, kind: 'diagnosis', sha256: 'a'.repeat(64), issuedOn: '2025-04-10' }],
    })
    const late = makeBundle({ signer, assessment: diagnosisBefore(AFTER, '2025-09-26') })
    const other = makeBundle({ signer }) // qibin dianqi, another USCC, 2025-03-18
    const anAcceptance = makeBundle({ signer, assessment: AFTER, diagnosis: citationOf(diag) })
    for (const b of [diag, late, other, anAcceptance])
      expect((await client.pushBundle(b.manifest, b.signature)).status).toBe('accepted')

    const notHeld = makeBundle({ signer, assessment: diagnosisBefore(AFTER, '2025-04-11') })
    const cases: [TestBundle, RegExp][] = [
      [
        makeBundle({ signer, assessment: AFTER }),
        /^manifest\.json diagnosis: an acceptance must name the signed diagnosis it compares against/,
      ],
      [
        makeBundle({ signer, assessment: AFTER, diagnosis: citationOf(notHeld) }),
        /^manifest\.json diagnosis\.manifestSha256: no diagnosis bundle with manifest SHA-256 [0-9a-f]{16}… is held here/,
      ],
      [
        makeBundle({
          signer,
          assessment: AFTER,
          diagnosis: { ...citationOf(diag), bundleId: notHeld.manifest.bundleId },
        }),
        /^manifest\.json diagnosis\.bundleId: .* differs from the bundle held under that manifest SHA-256/,
      ],
      [
        makeBundle({ signer, assessment: AFTER, diagnosis: citationOf(other) }),
        /^manifest\.json diagnosis\.manifestSha256: the cited diagnosis is of another enterprise \(USCC 91410611MA9K3R2T5W, this acceptance 91410603MA47LP0X1W\)$/,
      ],
      [
        makeBundle({ signer, assessment: AFTER, diagnosis: citationOf(late) }),
        /^manifest\.json diagnosis\.manifestSha256: the cited diagnosis was assessed on 2025-09-26, not before this acceptance \(2025-09-26\)$/,
      ],
      [
        makeBundle({ signer, assessment: AFTER, diagnosis: citationOf(anAcceptance) }),
        /^manifest\.json diagnosis\.manifestSha256: the cited bundle .* is of kind acceptance, not a diagnosis$/,
      ],
      [
        makeBundle({
          signer,
          assessment: AFTER,
          diagnosis: { ...citationOf(diag), reportNumber: 'ZD-20250410-FFFFFFFF' },
        }),
        /^manifest\.json diagnosis\.reportNumber: ZD-20250410-FFFFFFFF is not a diagnosis report of the cited bundle$/,
      ],
    ]
    for (const [b, reason] of cases) {
      const e = await refused(client.pushBundle(b.manifest, b.signature))
      expect(e.status).toBe(422)
      expect(e.code).toBe('invalid-bundle')
      expect(e.reason).toMatch(reason)
      expect(e.reason).not.toContain('\n')
      // the administrator's import applies the same rule
      const r = await importBundleFile(c.ctx, b.bytes)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.body.reason).toMatch(reason)
      expect(await stored(b)).toBe(0)
    }
  })

  it('a diagnosis bundle may not cite a diagnosis', async () => {
    const { client, signer } = await registeredClient(c)
    const diag = makeBundle({ signer, assessment: diagnosisBefore(AFTER, '2025-04-10') })
    await client.pushBundle(diag.manifest, diag.signature)
    const b = makeBundle({
      signer,
      assessment: diagnosisBefore(AFTER, '2025-05-10'),
      diagnosis: citationOf(diag),
    })
    const e = await refused(client.pushBundle(b.manifest, b.signature))
    expect(e.status).toBe(422)
    expect(e.reason).toBe(
      "manifest.json diagnosis: only an acceptance bundle cites a diagnosis (this assessment is kind 'diagnosis')",
    )
  })
})
