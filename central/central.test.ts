import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getCatalogue } from '../shared/domain/catalogue'
import { fromBase64 } from '../shared/domain/bundle/codec'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import { importBundleFile, loadAssignments, setKeyStatus } from './admin'
import { verifySignature } from './crypto'
import {
  citationOf,
  clientFor,
  diagnosisBefore,
  ed25519Signer,
  evidenceBytes,
  exampleAssessment,
  makeBundle,
  registeredClient,
  runCentral,
  sm2Signer,
  refused,
  TEST_DATABASES,
  type RunningCentral,
} from './testing/fixtures'

describe.each(TEST_DATABASES)('central service on $name', (database) => {
  let c: RunningCentral
  beforeEach(async () => {
    c = await runCentral(database)
  })
  afterEach(async () => {
    await c.dispose()
  })

  it('registers keys as pending; only approved keys may call; unknown keys are refused', async () => {
    const { client, signer } = await registeredClient(c, ed25519Signer(), false)
    expect(await client.keyStatus()).toMatchObject({ keyId: signer.info.keyId, status: 'pending' })
    const e1 = await refused(client.assignments())
    expect([e1.status, e1.code]).toEqual([403, 'auth-key-pending'])
    const stranger = clientFor(c.url, ed25519Signer())
    const e2 = await refused(stranger.assignments())
    expect([e2.status, e2.code]).toEqual([401, 'auth-unknown-key'])
    expect(e2.reason).toMatch(/is not registered/)
    await setKeyStatus(c.ctx, signer.info.keyId.slice(0, 10), 'approved')
    expect(await client.assignments()).toEqual([])
    await setKeyStatus(c.ctx, signer.info.keyId, 'revoked')
    expect((await refused(client.assignments())).code).toBe('auth-key-revoked')
  })

  it('refuses a registration whose proof or key id does not match', async () => {
    const s = ed25519Signer()
    const other = ed25519Signer()
    const liar = clientFor(c.url, { info: s.info, sign: other.sign })
    const e = await refused(liar.register({ name: '冒名者' }, new Date().toISOString()))
    expect([e.status, e.reason]).toEqual([
      400,
      'registration proof: does not verify with the registered key (proof of possession)',
    ])
  })

  it('accepts a bundle after its evidence and returns a receipt signed by the server key', async () => {
    const { client, signer } = await registeredClient(c)
    const b = makeBundle({ signer, evidence: evidenceBytes(3, 'a') })
    const first = await client.pushBundle(b.manifest, b.signature)
    expect(first).toMatchObject({ status: 'incomplete', receipt: null })
    expect(new Set(first.missingEvidence)).toEqual(new Set(b.evidence.keys()))
    for (const m of await client.missingEvidence([...b.evidence.keys()]))
      await client.uploadEvidence(m.sha256, b.evidence.get(m.sha256)!, m.received)
    expect(await client.missingEvidence([...b.evidence.keys()])).toEqual([])
    const second = await client.pushBundle(b.manifest, b.signature)
    expect(second.status).toBe('accepted')
    const receipt = second.receipt!
    expect(receipt.receipt).toMatchObject({
      format: 'sme-dl-receipt/v1',
      bundleId: b.manifest.bundleId,
      version: 1,
      manifestSha256: b.signature.signedBytesSha256,
      assessorKeyId: signer.info.keyId,
    })
    const serverKey = await client.serverKey()
    expect(receipt.signature.keyId).toBe(serverKey.keyId)
    expect(
      verifySignature(
        serverKey,
        canonicalBytes(receipt.receipt),
        fromBase64(receipt.signature.signature)!,
      ),
    ).toBe(true)
    expect(await client.receipt(b.manifest.bundleId)).toMatchObject({ receipt: receipt.receipt })
  })

  it('takes an empty evidence file', async () => {
    const { client, signer } = await registeredClient(c)
    const b = makeBundle({ signer, evidence: [new Uint8Array(0)] })
    for (const [sha, bytes] of b.evidence) await client.uploadEvidence(sha, bytes)
    expect((await client.pushBundle(b.manifest, b.signature)).status).toBe('accepted')
  })

  it('the same bundle pushed twice leaves one copy and returns the same receipt; other bytes under the same id are 409', async () => {
    const { client, signer } = await registeredClient(c)
    const b = makeBundle({ signer, evidence: evidenceBytes(2, 'b') })
    for (const [sha, bytes] of b.evidence) await client.uploadEvidence(sha, bytes)
    const r1 = await client.pushBundle(b.manifest, b.signature)
    const r2 = await client.pushBundle(b.manifest, b.signature)
    expect(r1.status).toBe('accepted')
    expect(r2.status).toBe('already-accepted')
    expect(r2.receipt).toEqual(r1.receipt)
    const rows = await c.ctx.db.selectFrom('bundles').select('bundle_id').execute()
    expect(rows).toHaveLength(1)
    const ev = await c.ctx.db.selectFrom('evidence').select('sha256').execute()
    expect(ev).toHaveLength(2)
    // Re-uploading evidence the server has sends no bytes into the store.
    const before = c.ctx.store.appendedBytes
    const [sha, bytes] = [...b.evidence][0]!
    await client.uploadEvidence(sha, bytes)
    expect(c.ctx.store.appendedBytes).toBe(before)
    // Same bundle id, different content (re-signed with another assessment).
    const changed = exampleAssessment()
    ;(changed['scenes'] as Record<string, number>)['SC02'] = 3
    const forged = makeBundle({ signer, assessment: changed, recordId: b.manifest.recordId })
    const sameId = { ...forged.manifest, bundleId: b.manifest.bundleId }
    const resigned = makeBundleFromManifest(sameId, signer)
    const e = await refused(client.pushBundle(resigned.manifest, resigned.signature))
    expect([e.status, e.code]).toEqual([409, 'conflict-same-id'])
  })

  it('a correction must name the current version', async () => {
    const { client, signer } = await registeredClient(c)
    const v1 = makeBundle({ signer })
    expect((await client.pushBundle(v1.manifest, v1.signature)).status).toBe('accepted')
    const again1 = makeBundle({ signer, recordId: v1.manifest.recordId })
    const e0 = await refused(client.pushBundle(again1.manifest, again1.signature))
    expect([e0.status, e0.code]).toEqual([409, 'conflict-version'])
    const v2 = makeBundle({ signer, supersedes: { manifest: v1.manifest, reason: '更正Q05' } })
    expect((await client.pushBundle(v2.manifest, v2.signature)).status).toBe('accepted')
    const stale = makeBundle({ signer, supersedes: { manifest: v1.manifest, reason: '另一更正' } })
    const e1 = await refused(client.pushBundle(stale.manifest, stale.signature))
    expect([e1.status, e1.code]).toEqual([409, 'conflict-version'])
    expect(e1.body.current).toEqual({ bundleId: v2.manifest.bundleId, version: 2 })
    expect(e1.reason).toMatch(/current version is v2/)
  })

  it('refuses a bundle changed after signing, and evidence whose bytes do not match its hash', async () => {
    const { client, signer } = await registeredClient(c)
    const b = makeBundle({ signer })
    const tampered = { ...b.manifest, assessment: { ...b.manifest.assessment, kind: 'acceptance' } }
    const e = await refused(client.pushBundle(tampered, b.signature))
    expect([e.status, e.code]).toEqual([422, 'invalid-bundle'])
    expect(e.reason).toMatch(/^manifest.json: changed after signing/)
    const bytes = evidenceBytes(1, 'c')[0]!
    const wrong = Buffer.from(bytes)
    wrong[3]! ^= 1
    const sha = makeBundle({ signer, evidence: [bytes] }).manifest.evidence[0]!.sha256
    const e2 = await refused(client.uploadEvidence(sha, wrong))
    expect([e2.status, e2.code]).toEqual([422, 'evidence-mismatch'])
    expect(await client.missingEvidence([sha])).toEqual([{ sha256: sha, received: 0 }])
    // The catalogue pin: a bundle claiming another hash of MIIT-2024.
    const bad = makeBundle({ signer })
    const m = { ...bad.manifest, catalogue: { id: 'MIIT-2024', hash: 'f'.repeat(64) } }
    const resigned = makeBundleFromManifest(m, signer)
    const e3 = await refused(client.pushBundle(resigned.manifest, resigned.signature))
    expect(e3.reason).toMatch(/catalogue.hash: .* does not match the known MIIT-2024 catalogue/)
  })

  it('refuses a replayed request, a request outside the clock window and a body changed in transit', async () => {
    const { signer } = await registeredClient(c)
    let captured: {
      url: string
      init: { method: string; headers: Record<string, string>; body?: Uint8Array }
    } | null = null
    const recording = clientFor(c.url, signer)
    const orig = (
      recording as unknown as { o: { fetch: (u: string, i: never) => Promise<unknown> } }
    ).o
    const realFetch = orig.fetch
    orig.fetch = async (u: string, i: never) => {
      captured = { url: u, init: i }
      return realFetch(u, i)
    }
    await recording.missingEvidence(['a'.repeat(64)])
    const cap = captured!
    const replay = await fetch(cap.url, {
      method: cap.init.method,
      headers: cap.init.headers,
      body: cap.init.body as Uint8Array<ArrayBuffer>,
    })
    expect(replay.status).toBe(401)
    expect(await replay.json()).toMatchObject({ error: 'auth-replay' })
    const changedBody = await fetch(cap.url, {
      method: 'POST',
      headers: { ...cap.init.headers, 'x-dl-nonce': 'another-nonce-0001' },
      body: JSON.stringify({ protocolVersion: 1, hashes: [] }),
    })
    expect(changedBody.status).toBe(401)
    expect(await changedBody.json()).toMatchObject({ error: 'auth-bad-signature' })
    const late = clientFor(c.url, signer, () => Date.now() - 10 * 60 * 1000)
    const e = await refused(late.assignments())
    expect([e.status, e.code]).toEqual([401, 'auth-skew'])
    const noAuth = await fetch(`${c.url}/v1/assignments`)
    expect(noAuth.status).toBe(401)
    expect(await noAuth.json()).toMatchObject({ error: 'auth-missing' })
  })

  it('resumes an interrupted evidence upload at the offset the server has, sending nothing twice', async () => {
    const { signer } = await registeredClient(c)
    const bytes = evidenceBytes(1, 'big', 100_000)[0]!
    const sha = makeBundle({ signer, evidence: [bytes] }).manifest.evidence[0]!.sha256
    const flaky = clientFor(c.url, signer)
    const o = (
      flaky as unknown as { o: { fetch: (u: string, i: { method: string }) => Promise<unknown> } }
    ).o
    const realFetch = o.fetch
    let puts = 0
    o.fetch = async (u, i) => {
      if (i.method === 'PUT' && ++puts === 3) throw new TypeError('fetch failed (connection reset)')
      return realFetch(u, i)
    }
    const before = c.ctx.store.appendedBytes
    await expect(flaky.uploadEvidence(sha, bytes, 0, 30_000)).rejects.toThrow(/connection reset/)
    const [m] = await flaky.missingEvidence([sha])
    expect(m).toEqual({ sha256: sha, received: 60_000 })
    const resumed = clientFor(c.url, signer)
    expect(await resumed.uploadEvidence(sha, bytes, m!.received, 30_000)).toBe(
      bytes.length - 60_000,
    )
    expect(await c.ctx.store.holds(signer.info.keyId, sha)).toBe(true)
    expect(c.ctx.store.appendedBytes - before).toBe(bytes.length)
    // A client that restarts from 0 is told where to continue (409 conflict-offset) and goes on.
    const other = evidenceBytes(1, 'other', 50_000)[0]!
    const sha2 = makeBundle({ signer, evidence: [other] }).manifest.evidence[0]!.sha256
    puts = 1
    await expect(flaky.uploadEvidence(sha2, other, 0, 20_000)).rejects.toThrow(/connection reset/)
    const before2 = c.ctx.store.appendedBytes
    expect(await resumed.uploadEvidence(sha2, other, 0, 20_000)).toBe(30_000)
    expect(c.ctx.store.appendedBytes - before2).toBe(30_000)
    expect(await c.ctx.store.holds(signer.info.keyId, sha2)).toBe(true)
  })

  it('serves assignments per assessor, catalogues, rule profiles and the registry', async () => {
    const a = await registeredClient(c)
    const b = await registeredClient(c, sm2Signer())
    const csv = join(c.dataDir, 'assignments.csv')
    writeFileSync(
      csv,
      `assessorKeyId,enterpriseId,enterpriseName,uscc,county,industry,batch,kind\n${a.signer.info.keyId},E001,"鹤壁瑞鹤智能电器有限公司",91410611MA9K3R2T5W,淇滨区,智能电器电子信息制造,1,diagnosis\n${b.signer.info.keyId},E002,浚县食品厂,,浚县,绿色食品加工制造,2,\n`,
    )
    expect(await loadAssignments(c.ctx, csv)).toBe(2)
    expect(await a.client.assignments()).toEqual([
      {
        enterpriseId: 'E001',
        enterpriseName: '鹤壁瑞鹤智能电器有限公司',
        uscc: '91410611MA9K3R2T5W',
        county: '淇滨区',
        industry: '智能电器电子信息制造',
        batch: 1,
        kind: 'diagnosis',
      },
    ])
    expect((await b.client.assignments()).map((x) => x.enterpriseId)).toEqual(['E002'])
    writeFileSync(
      csv,
      `assessorKeyId,enterpriseId,enterpriseName,batch\n${a.signer.info.keyId},E003,某企业,7\n`,
    )
    await expect(loadAssignments(c.ctx, csv)).rejects.toThrow(/row 1 batch/)
    expect(await a.client.catalogues()).toEqual([
      { id: 'MIIT-2024', hash: getCatalogue('MIIT-2024')!.hash },
    ])
    expect((await a.client.catalogue('MIIT-2024')).hash).toBe(getCatalogue('MIIT-2024')!.hash)
    expect((await a.client.ruleProfiles()).builtIn.map((p) => p.id)).toEqual([
      'MIIT-2024-default',
      'MIIT-2024-s9',
    ])
    expect((await a.client.registry()).map((k) => k.keyId).sort()).toEqual(
      [a.signer.info.keyId, b.signer.info.keyId].sort(),
    )
  })

  it('takes an SM2-signed bundle end to end and a bundle file imported by the administrator', async () => {
    const { client, signer } = await registeredClient(c, sm2Signer())
    const b = makeBundle({ signer, evidence: evidenceBytes(1, 'sm') })
    for (const [sha, bytes] of b.evidence) await client.uploadEvidence(sha, bytes)
    expect((await client.pushBundle(b.manifest, b.signature)).status).toBe('accepted')
    const f = makeBundle({ signer, evidence: evidenceBytes(2, 'usb') })
    const r = await importBundleFile(c.ctx, f.bytes)
    expect(r.ok && r.body.status).toBe('accepted')
    const broken = Uint8Array.from(f.bytes)
    broken[broken.length - 30]! ^= 1
    const r2 = await importBundleFile(c.ctx, broken)
    expect(r2.ok).toBe(false)
  })

  it('shows progress per county, industry and batch against the plan targets', async () => {
    const { client, signer } = await registeredClient(c)
    const diag = makeBundle({ signer })
    // the acceptance cites its own enterprise's diagnosis, pushed first (issue 11 item 1)
    const after = exampleAssessment('acceptance-level3-shancheng-xincailiao.json')
    const before = makeBundle({ signer, assessment: diagnosisBefore(after, '2025-04-10') })
    const acc = makeBundle({ signer, assessment: after, diagnosis: citationOf(before) })
    for (const x of [diag, before, acc])
      expect((await client.pushBundle(x.manifest, x.signature)).status).toBe('accepted')
    const html = await (await fetch(`${c.url}/progress`)).text()
    expect(html).toContain('<td>数字化水平四级企业30家（验收四级）</td><td>30</td><td>0</td>')
    expect(html).toMatch(
      /推动不少于600家中小企业开展数字化改造（已有评测结果的企业）<\/td><td>600<\/td><td>2<\/td><td>0.3%<\/td>/,
    )
    expect(html).toContain(
      '<td>改造企业数字化水平达二级及以上（验收达二级及以上 / 已验收）</td><td>100%</td><td>1 / 1</td><td>100.0%</td>',
    )
    expect(html).toContain(
      '<td>淇滨区</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td>',
    )
    expect(html).toContain('第1批')
  })
})

function makeBundleFromManifest(
  manifest: ReturnType<typeof makeBundle>['manifest'],
  signer: ReturnType<typeof ed25519Signer>,
): ReturnType<typeof makeBundle> {
  const bytes = canonicalBytes(manifest)
  const sig = Buffer.from(signer.sign(bytes)).toString('base64')
  const sha = createHash('sha256').update(bytes).digest('hex')
  return {
    manifest,
    signature: {
      algorithm: signer.info.algorithm,
      keyId: signer.info.keyId,
      signature: sig,
      signedBytesSha256: sha,
    },
    evidence: new Map(),
    bytes: new Uint8Array(),
  }
}
