/**
 * Issue 12 §6: central's abuse limits. Key registration is limited per address and in total,
 * names are bounded and free of control/bidi characters, pending registrations expire, the
 * administrator's `keys` list escapes what it prints, receipts and evidence are visible only to
 * the key that sent them, slow bodies time out, abandoned uploads are cleaned, and a bundle whose
 * evidence sizes differ from its manifest is refused as `verify` refuses it.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import { toBase64 } from '../shared/domain/bundle/codec'
import { setKeyStatus } from './admin'
import { sha256Hex } from './crypto'
import { bundledScript } from '../test/support/node-script'
import { upkeep } from './upkeep'
import {
  clientFor,
  ed25519Signer,
  evidenceBytes,
  makeBundle,
  refused,
  registeredClient,
  ROOT,
  runCentral,
  signedRequest,
  TEST_DATABASES,
  type RunningCentral,
} from './testing/fixtures'

const HOUR = 60 * 60 * 1000

describe.each(TEST_DATABASES)('central abuse limits on $name', (database) => {
  const running: RunningCentral[] = []
  afterEach(async () => {
    while (running.length) await running.pop()!.dispose()
  })
  async function central(opts: Parameters<typeof runCentral>[1] = {}): Promise<RunningCentral> {
    const c = await runCentral(database, opts)
    running.push(c)
    return c
  }

  /** A registration as raw JSON (so names the client would not send can be tried). */
  function registration(name: string, agency?: string) {
    const s = ed25519Signer()
    const req = {
      protocolVersion: 1,
      keyId: s.info.keyId,
      algorithm: s.info.algorithm,
      publicKeyPem: s.info.publicKeyPem,
      assessor: agency === undefined ? { name } : { name, agency },
      requestedAt: new Date().toISOString(),
    }
    const proof = toBase64(
      s.sign(
        canonicalBytes({
          purpose: 'dl-assessor-key-registration/v1',
          keyId: req.keyId,
          algorithm: req.algorithm,
          publicKeyPem: req.publicKeyPem,
          assessor: req.assessor,
          requestedAt: req.requestedAt,
        }),
      ),
    )
    return { signer: s, body: JSON.stringify({ ...req, proof }) }
  }
  async function register(c: RunningCentral, body: string, from?: string) {
    const res = await fetch(`${c.url}/v1/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
      body,
    })
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as { error?: string; reason?: string },
    }
  }

  it('key registration is rate-limited per address and in total (counted in the database)', async () => {
    const c = await central({
      limits: { registrationsPerAddress: 3, registrationsTotal: 5 },
      trustProxy: true,
    })
    const a = []
    for (let i = 0; i < 4; i++)
      a.push(await register(c, registration(`评估员${i}`).body, '10.0.0.1'))
    expect(a.map((r) => r.status)).toEqual([202, 202, 202, 429])
    expect(a[3]!.body).toMatchObject({ error: 'rate-limited' })
    expect(a[3]!.body.reason).toMatch(/^registration: too many registrations from this address/)
    expect(Number(a[3]!.retryAfter)).toBeGreaterThan(0)
    // other addresses go on until the total is reached
    const b = []
    for (let i = 0; i < 3; i++)
      b.push(await register(c, registration(`评估员b${i}`).body, `10.0.1.${i}`))
    expect(b.map((r) => r.status)).toEqual([202, 202, 429])
    expect(b[2]!.body.reason).toMatch(/too many registrations at this server/)
    expect(await c.ctx.db.selectFrom('assessor_keys').select('key_id').execute()).toHaveLength(5)
  })

  it('names are bounded and may not hold control, bidi or invisible characters', async () => {
    const c = await central()
    for (const [name, agency, field] of [
      ['王'.repeat(65), undefined, 'assessor.name'],
      ['王评估\u001b[2K\r已批准', undefined, 'assessor.name'],
      ['\u202e估评王', undefined, 'assessor.name'],
      ['王评估', `某服务商\u2066`, 'assessor.agency'],
      ['王评估', 'x'.repeat(129), 'assessor.agency'],
    ] as const) {
      const r = await register(c, registration(name, agency).body)
      expect(r.status, JSON.stringify(name)).toBe(400)
      expect(r.body.reason).toContain(`registration ${field}:`)
    }
    expect(await c.ctx.db.selectFrom('assessor_keys').select('key_id').execute()).toHaveLength(0)
    expect((await register(c, registration('王'.repeat(64), '鹤壁某服务商').body)).status).toBe(202)
  })

  it('a pending registration expires: not listed as registered, cannot be approved, swept, and may register again', async () => {
    let t = Date.now()
    const c = await central({ now: () => new Date(t), limits: { pendingKeyTtlMs: 2 * HOUR } })
    const s = ed25519Signer()
    const client = clientFor(c.url, s, () => t)
    await client.register({ name: '过期的评估员' }, new Date(t).toISOString())
    t += 3 * HOUR
    const e = await refused(client.keyStatus())
    expect([e.status, e.reason]).toEqual([
      404,
      `key ${s.info.keyId.slice(0, 12)}… is not registered (the registration expired unapproved; register again)`,
    ])
    await expect(setKeyStatus(c.ctx, s.info.keyId, 'approved')).rejects.toThrow(
      /expired unapproved/,
    )
    expect((await upkeep(c.ctx, t)).expiredRegistrations).toBe(1)
    expect(await c.ctx.db.selectFrom('assessor_keys').select('key_id').execute()).toHaveLength(0)
    await client.register({ name: '过期的评估员' }, new Date(t).toISOString())
    expect(await setKeyStatus(c.ctx, s.info.keyId, 'approved')).toMatchObject({
      previous: 'pending',
    })
  })

  it('`npm run central -- keys` escapes control and bidi characters in what it prints', async () => {
    const c = await central()
    // a name stored before names were checked (or written to the database by other means)
    await c.ctx.db
      .insertInto('assessor_keys')
      .values({
        key_id: 'ab'.repeat(32),
        algorithm: 'Ed25519',
        public_key_pem: 'x',
        assessor_name: '王评估\u001b[1A\r' + 'f'.repeat(64) + '  Ed25519  approved\u202e',
        agency: '\u2067某服务商\u0007',
        status: 'pending',
        registered_at: new Date().toISOString(),
        approved_at: null,
      })
      .execute()
    const p = spawnSync(process.execPath, [await bundledScript('central/main.ts'), 'keys'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CENTRAL_DATA_DIR: c.dataDir, DATABASE_URL: c.databaseUrl ?? '' },
    })
    expect(p.status, p.stderr).toBe(0)
    expect(p.stdout.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}]/u)
    expect(p.stdout.trim().split('\n')).toHaveLength(1)
    expect(p.stdout).toContain('王评估\\u{001b}[1A\\u{000d}')
    expect(p.stdout).toContain('\\u{2067}某服务商\\u{0007}')
  })

  it('a receipt is shown only to the key that pushed (or signed) the bundle', async () => {
    const c = await central()
    const a = await registeredClient(c)
    const b = await registeredClient(c)
    const bundle = makeBundle({ signer: a.signer })
    expect((await a.client.pushBundle(bundle.manifest, bundle.signature)).status).toBe('accepted')
    expect((await a.client.receipt(bundle.manifest.bundleId)).receipt.bundleId).toBe(
      bundle.manifest.bundleId,
    )
    const e = await refused(b.client.receipt(bundle.manifest.bundleId))
    expect([e.status, e.reason]).toEqual([
      404,
      `bundle ${bundle.manifest.bundleId}: not received from this key`,
    ])
  })

  it('whether evidence exists (or how much of it arrived) is told only to the key that sent it', async () => {
    const c = await central()
    const a = await registeredClient(c)
    const b = await registeredClient(c)
    const [whole] = evidenceBytes(1, 'secret-photo', 40_000)
    const shaW = sha256Hex(whole!)
    await a.client.uploadEvidence(shaW, whole!)
    // a sends part of another file only
    const [third] = evidenceBytes(1, 'third', 40_000)
    const sha3 = sha256Hex(third!)
    const partial = await fetchPut(c, a.signer, sha3, third!.subarray(0, 15_000), 0, third!.length)
    expect(partial.status).toBe(200)
    expect(await a.client.missingEvidence([shaW, sha3])).toEqual([
      { sha256: sha3, received: 15_000 },
    ])
    expect(await b.client.missingEvidence([shaW, sha3])).toEqual([
      { sha256: shaW, received: 0 },
      { sha256: sha3, received: 0 },
    ])
    const head = async (s: typeof a.signer, sha: string) => {
      const url = `/v1/evidence/${sha}`
      const { headers } = signedRequest(s, 'HEAD', url)
      return (await fetch(c.url + url, { method: 'HEAD', headers })).status
    }
    expect(await head(a.signer, shaW)).toBe(200)
    expect(await head(b.signer, shaW)).toBe(404)
    // b proves it has the file by sending it; then b is told, and b's bundle is taken
    await b.client.uploadEvidence(shaW, whole!)
    expect(await head(b.signer, shaW)).toBe(200)
    const bb = makeBundle({ signer: b.signer, evidence: [whole!] })
    expect((await b.client.pushBundle(bb.manifest, bb.signature)).status).toBe('accepted')
  })

  it('a pushed bundle whose evidence size differs from its manifest is refused as verify refuses it', async () => {
    const c = await central()
    const { client, signer } = await registeredClient(c)
    const [bytes] = evidenceBytes(1, 'size-lie', 1000)
    const good = makeBundle({ signer, evidence: [bytes!] })
    await client.uploadEvidence(good.manifest.evidence[0]!.sha256, bytes!)
    const lying = makeBundle({ signer, evidence: [bytes!], sizeOverride: 999 })
    const e = await refused(client.pushBundle(lying.manifest, lying.signature))
    expect([e.status, e.code, e.reason]).toEqual([
      422,
      'invalid-bundle',
      `evidence/${good.manifest.evidence[0]!.sha256}: size mismatch (manifest says 999 bytes, file is 1000)`,
    ])
    expect(await c.ctx.db.selectFrom('bundles').select('bundle_id').execute()).toHaveLength(0)
  })

  it('an abandoned partial upload is cleaned (session, parts) after the upload TTL', async () => {
    let t = Date.now()
    const c = await central({ now: () => new Date(t), limits: { uploadTtlMs: HOUR } })
    const { signer } = await registeredClient(c)
    const [bytes] = evidenceBytes(1, 'abandoned', 30_000)
    const sha = sha256Hex(bytes!)
    expect(
      (await fetchPut(c, signer, sha, bytes!.subarray(0, 10_000), 0, bytes!.length)).status,
    ).toBe(200)
    const partsDir = join(c.dataDir, 'parts')
    expect(readdirSync(partsDir, { recursive: true }).length).toBeGreaterThan(0)
    expect((await upkeep(c.ctx, t)).abandonedUploads).toBe(0)
    t += 2 * HOUR
    expect((await upkeep(c.ctx, t)).abandonedUploads).toBe(1)
    expect(await c.ctx.db.selectFrom('upload_sessions').select('sha256').execute()).toEqual([])
    expect(await c.ctx.db.selectFrom('upload_parts').select('sha256').execute()).toEqual([])
    expect(
      readdirSync(partsDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()),
    ).toEqual([])
  })

  it('a request whose body does not arrive in time is answered 408 and its connection closed', async () => {
    const c = await central({ limits: { requestTimeoutMs: 400 } })
    const { port } = new URL(c.url)
    const answer = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(Number(port), '127.0.0.1')
      let got = ''
      sock.on('data', (d) => (got += String(d)))
      sock.on('error', reject)
      sock.on('close', () => resolve(got))
      // headers promise 1000 bytes; 10 arrive, then nothing
      sock.write(
        'POST /v1/keys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"protocol',
      )
    })
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    // and the service still answers
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200)
  })
})

async function fetchPut(
  c: RunningCentral,
  signer: ReturnType<typeof ed25519Signer>,
  sha: string,
  chunk: Uint8Array,
  offset: number,
  size: number,
): Promise<{ status: number; body: unknown }> {
  const url = `/v1/evidence/${sha}?offset=${offset}&size=${size}`
  const { headers } = signedRequest(signer, 'PUT', url, chunk)
  const res = await fetch(c.url + url, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: chunk as Uint8Array<ArrayBuffer>,
  })
  return { status: res.status, body: await res.json() }
}
