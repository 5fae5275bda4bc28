/**
 * Issue 8 item 4: the signed bundle of an acceptance carries the enterprise's dossier manifest
 * (`manifest.dossier`, sme-dl-dossier/v1, with the investment ledger) and every dossier file as
 * evidence (itemId 'dossier'). Through the real services on temp SQLite files and a real central
 * service (SQLite): the bundle verifies and central accepts it; a changed ledger amount, a
 * dossier file left out, an unknown template are refused, each naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  runCentral,
  registeredClient,
  TEST_DATABASES,
  ed25519Signer,
} from '../../central/testing/fixtures'
import { buildBundle, verifyBundleBytes } from '../../electron/backend/bundle/build'
import { sha256Hex } from '../../electron/backend/crypto/node-crypto'
import { unlockedSigner } from '../../electron/backend/sync/sync.service'
import {
  fullEnterpriseInput,
  fullAnswers,
  SCENE_IDS,
  signedDiagnosis,
  tempBackend,
} from '../../electron/backend/test-helpers'
import { SyncHttpError, type ClientSigner } from '../../shared/domain/bundle/client'
import { toBase64 } from '../../shared/domain/bundle/codec'
import { packBundle } from '../../shared/domain/bundle/container'
import { canonicalBytes } from '../../shared/domain/bundle/manifest'
import type { BundleManifest } from '../../shared/domain/bundle/types'
import { HEBI_2024_DOSSIER_TEMPLATE, type DossierManifest } from '../../shared/domain/dossier'

type B = Awaited<ReturnType<typeof tempBackend>>
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const b64 = (b: Buffer) => b.toString('base64')

let b: B
let bundleBytes: Uint8Array
let manifest: BundleManifest
let evidence: Map<string, Uint8Array>
let invoiceSha: string
let paymentSha: string
let device: ClientSigner
let diagnosis: Awaited<ReturnType<typeof signedDiagnosis>>

/** Re-signs a (changed) manifest with `signer` and packs it with `files`. */
function resign(
  m: BundleManifest,
  files: Map<string, Uint8Array>,
  signer: ClientSigner,
  bundleId = m.bundleId,
): { bytes: Uint8Array; manifest: BundleManifest; signature: ReturnType<typeof envelope> } {
  const next: BundleManifest = { ...m, bundleId, recordId: bundleId, assessorKey: signer.info }
  const bytes = canonicalBytes(next)
  const signature = envelope(signer, bytes)
  return {
    bytes: packBundle({ manifestBytes: bytes, signature, evidence: files }),
    manifest: next,
    signature,
  }
}
function envelope(signer: ClientSigner, bytes: Uint8Array) {
  return {
    algorithm: signer.info.algorithm,
    keyId: signer.info.keyId,
    signature: toBase64(signer.sign(bytes)),
    signedBytesSha256: sha256Hex(bytes),
  }
}
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T
const dossierOf = (m: BundleManifest) => m.dossier as unknown as DossierManifest
function problemsOf(bytes: Uint8Array): string[] {
  const v = verifyBundleBytes(bytes)
  return v.ok ? [] : v.problems
}

beforeAll(async () => {
  b = await tempBackend()
  const s = b.services
  await s['keys.create']({
    algorithm: 'Ed25519',
    protection: 'passphrase',
    passphrase: 'dossier test passphrase',
  })
  device = unlockedSigner(b.ctx)!
  const ent = await s['enterprises.create']({
    ...fullEnterpriseInput(81, { name: '鹤壁档案打包测试有限公司' }),
  })
  const invoice = await s['dossier.addFile']({
    enterpriseId: ent.id,
    fileName: '发票-41000001.pdf',
    contentBase64: b64(Buffer.from('%PDF-1.4 invoice 41000001')),
  })
  const payment = await s['dossier.addFile']({
    enterpriseId: ent.id,
    fileName: '付款回单.png',
    contentBase64: b64(Buffer.concat([PNG, Buffer.from(' payment 41000001')])),
  })
  invoiceSha = invoice.sha256
  paymentSha = payment.sha256
  for (const item of HEBI_2024_DOSSIER_TEMPLATE.items)
    if (item.mandatory)
      await s['dossier.setItem']({
        enterpriseId: ent.id,
        itemId: item.id,
        state: 'attached',
        fileIds: [invoice.id],
      })
  await s['ledger.add']({
    enterpriseId: ent.id,
    invoiceNo: '41000001',
    date: '2026-06-15',
    supplier: '鹤壁某软件有限公司',
    amountFen: 12_345_600,
    category: 'software',
    invoiceFileId: invoice.id,
    paymentFileId: payment.id,
  })
  await s['ledger.add']({
    enterpriseId: ent.id,
    invoiceNo: '41000002',
    date: '2026-06-20',
    supplier: '某装饰工程公司',
    amountFen: 5_000_000,
    category: 'other',
  })
  // the signed diagnosis the acceptance compares against (issue 11 item 1)
  diagnosis = await signedDiagnosis(b, ent.id, '2026-06-01')
  const a = await s['assessments.create']({
    enterpriseId: ent.id,
    kind: 'acceptance',
    assessorName: '王评测',
    assessorAgency: '',
    assessedOn: '2026-11-26',
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await s['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await s['assessments.setScene']({ assessmentId: id, sceneId: sc, level: 2 })
  await s['assessments.complete']({ id })
  const bundle = await s['bundles.create']({
    assessmentId: id,
    enqueue: false,
    beforeBundleId: diagnosis.bundleId,
  })
  const file = await s['bundles.export']({ bundleId: bundle.bundleId })
  bundleBytes = new Uint8Array(Buffer.from(file.contentBase64, 'base64'))
  const v = verifyBundleBytes(bundleBytes)
  if (!v.ok) throw new Error(v.problems.join('\n'))
  manifest = v.manifest
  evidence = v.evidence
}, 60_000)
afterAll(async () => {
  await b?.cleanup()
})

describe('dossier in the signed acceptance bundle (issue 8 item 4)', () => {
  it('carries the ledger (one ineligible row), the checklist and both dossier files, and verifies', () => {
    const d = dossierOf(manifest)
    expect(d.format).toBe('sme-dl-dossier/v1')
    expect(d.template).toEqual({
      id: HEBI_2024_DOSSIER_TEMPLATE.id,
      version: HEBI_2024_DOSSIER_TEMPLATE.version,
    })
    expect(d.ledger.map((r) => [r.invoiceNo, r.amountFen, r.category])).toEqual([
      ['41000001', 12_345_600, 'software'],
      ['41000002', 5_000_000, 'other'],
    ])
    expect(d.totals.eligibleFen).toBe(12_345_600)
    expect(d.totals.ineligibleFen).toBe(5_000_000)
    expect(d.totals.totalFen).toBe(17_345_600)
    expect(d.checklist.complete).toBe(true)
    const dossierFiles = manifest.evidence.filter((e) => e.itemId === 'dossier')
    expect(dossierFiles.map((e) => e.sha256).sort()).toEqual([invoiceSha, paymentSha].sort())
    expect(dossierFiles.find((e) => e.sha256 === paymentSha)).toMatchObject({
      name: '付款回单.png',
      mime: 'image/png',
    })
    // The bytes travel decrypted and hash to what the dossier names.
    expect(sha256Hex(evidence.get(paymentSha)!)).toBe(paymentSha)
    expect(Buffer.from(evidence.get(paymentSha)!).subarray(0, 8).equals(PNG)).toBe(true)
  })

  it('a changed ledger amount, re-signed with another key, is refused naming the field', () => {
    const other = ed25519Signer()
    const m = clone(manifest)
    dossierOf(m).ledger[1]!.amountFen = 500_000
    const p = problemsOf(resign(m, evidence, other).bytes)
    expect(p).toContain(
      'manifest.json: dossier.totals.ineligibleFen: 5000000 differs from 500000 recomputed from the entries and ledger rows',
    )
    expect(p.some((x) => x.startsWith('manifest.json: dossier.totals.totalFen:'))).toBe(true)

    const neg = clone(manifest)
    dossierOf(neg).ledger[0]!.amountFen = -1
    const pn = problemsOf(resign(neg, evidence, other).bytes)
    expect(pn[0]).toMatch(/^manifest\.json: dossier\.ledger\[0\]\.amountFen: /)

    // Changed without re-signing: the signature no longer matches.
    expect(problemsOf(resign(m, evidence, device).bytes)).not.toEqual([])
  })

  it('a dossier file missing from the bundle is refused (same key), naming the reference', () => {
    const m = clone(manifest)
    m.evidence = m.evidence.filter((e) => e.sha256 !== paymentSha)
    const files = new Map([...evidence].filter(([sha]) => sha !== paymentSha))
    const p = problemsOf(resign(m, files, device).bytes)
    expect(p).toEqual([
      `manifest.json: dossier.ledger[0].paymentEvidence: file ${paymentSha.slice(0, 12)}… is not in the bundle's evidence list (every dossier file must travel in the bundle)`,
    ])
    // The app never signs such a bundle: buildBundle checks the dossier first.
    expect(() =>
      buildBundle({
        assessment: manifest.assessment,
        evidence: [],
        dossier: manifest.dossier!,
        diagnosis: manifest.diagnosis!,
        signer: unlockedSigner(b.ctx)!,
        now: new Date(),
      }),
    ).toThrow(/^manifest\.json: dossier\.checklist\.entries\[\d+\]\.evidenceSha256\[0\]: file /)
    // Listed but the file itself left out of the zip.
    const gone = new Map([...evidence].filter(([sha]) => sha !== invoiceSha))
    expect(problemsOf(resign(manifest, gone, device).bytes)).toContain(
      `evidence/${invoiceSha}: missing (listed in manifest as '发票-41000001.pdf')`,
    )
  })

  it('an unknown template is named; a bundle without the dossier field stays valid', () => {
    const m = clone(manifest)
    dossierOf(m).template.id = 'Nowhere-2030'
    expect(problemsOf(resign(m, evidence, device).bytes)).toEqual([
      `manifest.json: dossier.template: unknown dossier template 'Nowhere-2030' version '${HEBI_2024_DOSSIER_TEMPLATE.version}'`,
    ])
    const old = clone(manifest)
    delete old.dossier
    expect(problemsOf(resign(old, evidence, device).bytes)).toEqual([])
  })

  it.each(TEST_DATABASES)(
    'central ($name) accepts the dossier bundle and refuses one whose dossier references a missing file',
    async (database) => {
      const c = await runCentral(database)
      try {
        const { client } = await registeredClient(c, device)
        const d = verifyBundleBytes(diagnosis.bytes)
        if (!d.ok) throw new Error('diagnosis should verify')
        expect((await client.pushBundle(d.manifest, d.signature)).status).toBe('accepted')
        const v = verifyBundleBytes(bundleBytes)
        if (!v.ok) throw new Error('bundle should verify')
        const first = await client.pushBundle(v.manifest, v.signature)
        expect(first.status).toBe('incomplete')
        expect(first.missingEvidence).toEqual(expect.arrayContaining([invoiceSha, paymentSha]))
        for (const sha of first.missingEvidence)
          await client.uploadEvidence(sha, evidence.get(sha)!)
        const done = await client.pushBundle(v.manifest, v.signature)
        expect(done.status).toBe('accepted')
        expect(done.receipt?.receipt.evidence).toEqual(
          expect.arrayContaining([invoiceSha, paymentSha]),
        )
        const row = await c.ctx.db
          .selectFrom('bundles')
          .select(['dossier_eligible_fen', 'dossier_complete', 'status'])
          .where('bundle_id', '=', v.manifest.bundleId)
          .executeTakeFirstOrThrow()
        expect({ ...row, dossier_eligible_fen: Number(row.dossier_eligible_fen) }).toEqual({
          dossier_eligible_fen: 12_345_600,
          dossier_complete: 1,
          status: 'accepted',
        })

        const m = clone(manifest)
        m.evidence = m.evidence.filter((e) => e.sha256 !== paymentSha)
        const bad = resign(m, new Map(), device, 'dossier-bad-0001')
        const e = await client.pushBundle(bad.manifest, bad.signature).then(
          () => null,
          (x: unknown) => x,
        )
        expect(e).toBeInstanceOf(SyncHttpError)
        expect((e as SyncHttpError).code).toBe('invalid-bundle')
        expect((e as SyncHttpError).reason).toBe(
          `manifest.json: dossier.ledger[0].paymentEvidence: file ${paymentSha.slice(0, 12)}… is not in the bundle's evidence list (every dossier file must travel in the bundle)`,
        )
        const stored = await c.ctx.db
          .selectFrom('bundles')
          .select('bundle_id')
          .where('bundle_id', '=', 'dossier-bad-0001')
          .executeTakeFirst()
        expect(stored).toBeUndefined()
      } finally {
        await c.dispose()
      }
    },
    60_000,
  )
})
