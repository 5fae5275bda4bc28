/**
 * Hostile requests to the central service (issue 7 item 5), through fastify `app.inject` on a
 * real SQLite database in a temp dir: random bodies, content types and auth headers to the
 * register / push / evidence endpoints never produce a 500, and an unauthenticated or invalid
 * request stores nothing (row counts read with a separate read-only connection; evidence files
 * listed on disk). A tampered bundle pushed by an approved key is refused and not stored.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toBase64 } from '../shared/domain/bundle/codec'
import {
  HEADER_KEY_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  requestSigningString,
} from '../shared/domain/bundle/protocol'
import type { ClientSigner } from '../shared/domain/bundle/client'
import { openCentral, type CentralHandle } from './service'
import { ed25519Signer, evidenceBytes, makeBundle } from './testing/fixtures'

const RUNS = { unauthenticated: 600, authenticated: 400, tampered: 150, register: 300 }
const counts = new Map<string, number>()
const hit = (p: string) => counts.set(p, (counts.get(p) ?? 0) + 1)

let dir: string
let c: CentralHandle
let approved: ClientSigner
let pending: ClientSigner
const sqlitePath = () => join(dir, 'central.sqlite')

function rowCounts(): Record<string, number> {
  const ro = new Database(sqlitePath(), { readonly: true, fileMustExist: true })
  try {
    const tables = (
      ro
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
        .all() as { name: string }[]
    ).map((r) => r.name)
    const out: Record<string, number> = {}
    for (const t of tables)
      out[t] = (ro.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n
    return out
  } finally {
    ro.close()
  }
}

/** Stored evidence files (DATA/evidence/**), relative paths. */
function storedEvidence(): string[] {
  if (!existsSync(join(dir, 'evidence'))) return []
  return readdirSync(join(dir, 'evidence'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort()
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex')

/** Headers that authenticate a request as `signer` (the protocol of shared/domain/bundle). */
function signedHeaders(
  signer: ClientSigner,
  method: string,
  url: string,
  body: Uint8Array,
  over: { timestamp?: string; nonce?: string } = {},
): Record<string, string> {
  const timestamp = over.timestamp ?? String(Date.now())
  const nonce = over.nonce ?? randomBytes(16).toString('base64url')
  const signing = requestSigningString({
    method,
    pathAndQuery: url,
    timestamp,
    nonce,
    bodySha256: sha256(body),
  })
  return {
    [HEADER_KEY_ID]: signer.info.keyId,
    [HEADER_TIMESTAMP]: timestamp,
    [HEADER_NONCE]: nonce,
    [HEADER_SIGNATURE]: toBase64(signer.sign(Buffer.from(signing, 'utf8'))),
  }
}

async function approve(signer: ClientSigner, status: 'approved' | 'pending'): Promise<void> {
  await c.ctx.db
    .insertInto('assessor_keys')
    .values({
      key_id: signer.info.keyId,
      algorithm: signer.info.algorithm,
      public_key_pem: signer.info.publicKeyPem,
      assessor_name: '模糊测试评估员',
      agency: null,
      status,
      registered_at: new Date().toISOString(),
      approved_at: status === 'approved' ? new Date().toISOString() : null,
    })
    .execute()
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dl-central-fuzz-'))
  // registration limits high enough for the fuzz runs (the limits have their own tests)
  c = await openCentral({ dataDir: dir, limits: { registrationsPerAddress: 10_000 } })
  approved = ed25519Signer()
  pending = ed25519Signer()
  await approve(approved, 'approved')
  await approve(pending, 'pending')
})

afterAll(async () => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  console.log(
    `[fuzz] central endpoints: ${total} cases\n${[...counts].map(([p, n]) => `  ${p}: ${n}`).join('\n')}`,
  )
  await c?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const hexString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength })
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    '0',
    '-1',
    '1e400',
    '../../etc/passwd',
    '\u0000',
    'a'.repeat(5000),
  ),
)
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileText,
  fc.record(
    {
      protocolVersion: fc.constantFrom(1, 2, '1', null),
      manifest: fc.jsonValue({ maxDepth: 2 }),
      signature: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      protocolVersion: fc.constant(1),
      hashes: fc.array(fc.oneof(hostileText, fc.constant('a'.repeat(64)))),
    },
    { requiredKeys: [] },
  ),
)
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/octet-stream',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'garbage',
  '',
)
const shaLike = fc.oneof(
  fc.constant(sha256('x')),
  hexString(0, 70),
  fc.constantFrom(
    '..',
    '..%2F..%2Fcentral.sqlite',
    'ab%2F..%2F..%2F..%2Fcentral.sqlite',
    '%00',
    'A'.repeat(64),
  ),
)
const endpoint = fc.oneof(
  fc.constant({ method: 'POST' as const, url: '/v1/bundles' }),
  fc.constant({ method: 'POST' as const, url: '/v1/keys' }),
  fc.constant({ method: 'POST' as const, url: '/v1/evidence/missing' }),
  fc
    .tuple(
      shaLike,
      fc.oneof(
        fc.constant(''),
        fc.constantFrom(
          '?offset=0&size=1',
          '?offset=-1&size=x',
          '?size=99999999999999999999',
          '?offset=0&size=0',
        ),
      ),
    )
    .map(([sha, q]) => ({ method: 'PUT' as const, url: `/v1/evidence/${sha}${q}` })),
  shaLike.map((sha) => ({ method: 'HEAD' as const, url: `/v1/evidence/${sha}` })),
  fc.constantFrom(
    { method: 'GET' as const, url: '/v1/assignments' },
    { method: 'GET' as const, url: '/v1/registry' },
    { method: 'GET' as const, url: '/v1/bundles/x/receipt' },
    { method: 'GET' as const, url: '/v1/keys/..%2F..' },
    { method: 'DELETE' as const, url: '/v1/bundles' },
  ),
)
const bodyArb = fc.oneof(
  hostileJson.map((v) => Buffer.from(JSON.stringify(v) ?? '')),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.constantFrom('{', '{"protocolVersion":1,', '\uFEFF{}', '[]').map((s) => Buffer.from(s)),
)

type Injected = { statusCode: number; body: string }
async function inject(o: {
  method: 'POST' | 'PUT' | 'HEAD' | 'GET' | 'DELETE'
  url: string
  headers: Record<string, string>
  body: Buffer
}): Promise<Injected> {
  const res = await c.app.inject({
    method: o.method,
    url: o.url,
    headers: o.headers,
    ...(o.method === 'GET' || o.method === 'HEAD' ? {} : { payload: o.body }),
  })
  return { statusCode: res.statusCode, body: res.body }
}

describe('central service under hostile requests', () => {
  it('the helpers work: an approved key is admitted, a pending one is not', async () => {
    const get = (s: ClientSigner) =>
      inject({
        method: 'GET',
        url: '/v1/assignments',
        headers: signedHeaders(s, 'GET', '/v1/assignments', Buffer.alloc(0)),
        body: Buffer.alloc(0),
      })
    expect((await get(approved)).statusCode).toBe(200)
    expect((await get(pending)).statusCode).toBe(403)
  })

  it('unauthenticated requests with random headers and bodies: no 500, nothing stored', async () => {
    const authHeaders = fc.record(
      {
        [HEADER_KEY_ID]: fc.oneof(
          hostileText,
          fc.constant(null).map(() => approved.info.keyId),
          fc.constant(null).map(() => pending.info.keyId),
        ),
        [HEADER_TIMESTAMP]: fc.oneof(
          hostileText,
          fc.constant(null).map(() => String(Date.now())),
          fc.constantFrom('99999999999999999999', '0', String(2 ** 53)),
        ),
        [HEADER_NONCE]: fc.oneof(hostileText, fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/)),
        [HEADER_SIGNATURE]: fc.oneof(hostileText, fc.base64String({ maxLength: 120 })),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(endpoint, authHeaders, contentType, bodyArb, async (ep, auth, ct, body) => {
        fc.pre(ep.url !== '/v1/keys') // registration needs no auth: its own property below
        hit('unauthenticated requests')
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(auth)) if (typeof v === 'string') headers[k] = v
        if (ct) headers['content-type'] = ct
        const before = rowCounts()
        const files = storedEvidence()
        // drop invalid header values (node refuses them before the server sees them)
        for (const [k, v] of Object.entries(headers))
          if (/[^\t\x20-\x7e\x80-\xff]/.test(v)) delete headers[k]
        const res = await inject({ ...ep, headers, body })
        expect(res.statusCode, `${ep.method} ${ep.url} → ${res.body.slice(0, 200)}`).toBeLessThan(
          500,
        )
        expect(res.statusCode).toBeGreaterThanOrEqual(400)
        expect(rowCounts()).toEqual(before)
        expect(storedEvidence()).toEqual(files)
      }),
      { numRuns: RUNS.unauthenticated, seed: 1201 },
    )
  })

  it('registration with random bodies: no 500, no key row unless the proof verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          bodyArb,
          fc
            .record(
              {
                protocolVersion: fc.constantFrom(1, 2),
                keyId: fc.oneof(fc.constant(approved.info.keyId), hexString(64, 64), hostileText),
                algorithm: fc.constantFrom('Ed25519', 'SM2-SM3', 'RSA', ''),
                publicKeyPem: fc.oneof(
                  fc.constant(approved.info.publicKeyPem),
                  fc.constant(pending.info.publicKeyPem),
                  hostileText,
                ),
                assessor: fc.oneof(fc.record({ name: hostileText }), hostileJson),
                requestedAt: hostileText,
                proof: fc.oneof(fc.base64String({ maxLength: 100 }), hostileText),
              },
              { requiredKeys: [] },
            )
            .map((v) => Buffer.from(JSON.stringify(v))),
        ),
        contentType,
        async (body, ct) => {
          hit('registration bodies')
          const before = rowCounts()
          const res = await inject({
            method: 'POST',
            url: '/v1/keys',
            headers: ct ? { 'content-type': ct } : {},
            body,
          })
          expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500)
          // a random proof never verifies: every table unchanged but the per-address counter
          expect({ ...rowCounts(), rate_limits: 0 }).toEqual({ ...before, rate_limits: 0 })
        },
      ),
      { numRuns: RUNS.register, seed: 1204 },
    )
  })

  it('authenticated requests with random bodies: no 500, no evidence and no bundle stored', async () => {
    await fc.assert(
      fc.asyncProperty(endpoint, contentType, bodyArb, async (ep, ct, body) => {
        fc.pre(ep.url !== '/v1/keys')
        // A body that IS the file its URL names (e.g. 'x' to PUT /v1/evidence/<sha256('x')>
        // ?offset=0&size=1) is a real upload, rightly stored: not a random body.
        const named = /^\/v1\/evidence\/([0-9a-f]{64})(?:\?|$)/.exec(ep.url)?.[1]
        fc.pre(!(ep.method === 'PUT' && named !== undefined && sha256(body) === named))
        hit('authenticated requests, random bodies')
        const headers = signedHeaders(
          approved,
          ep.method,
          ep.url,
          ep.method === 'GET' || ep.method === 'HEAD' ? Buffer.alloc(0) : body,
        )
        if (ct) headers['content-type'] = ct
        const before = rowCounts()
        const files = storedEvidence()
        const res = await inject({ ...ep, headers, body })
        expect(res.statusCode, `${ep.method} ${ep.url} → ${res.body.slice(0, 200)}`).toBeLessThan(
          500,
        )
        const after = rowCounts()
        // an admitted request records its nonce (replay protection); nothing else changes
        expect({ ...after, nonces: 0 }).toEqual({ ...before, nonces: 0 })
        expect(storedEvidence()).toEqual(files)
      }),
      { numRuns: RUNS.authenticated, seed: 1202 },
    )
  })

  it('a pushed bundle changed after signing is refused and not stored', async () => {
    const good = makeBundle({ signer: approved, evidence: evidenceBytes(1, 'fz') })
    const paths: string[][] = []
    const walk = (v: unknown, p: string[]) => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v))
        for (const [k, x] of Object.entries(v)) {
          paths.push([...p, k])
          walk(x, [...p, k])
        }
    }
    walk(good.manifest, [])
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), hostileJson, async (path, value) => {
        const manifest = structuredClone(good.manifest) as unknown as Record<string, unknown>
        let cur: Record<string, unknown> = manifest
        for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>
        const last = path[path.length - 1]!
        fc.pre(JSON.stringify(cur[last]) !== JSON.stringify(value))
        cur[last] = value
        hit('tampered bundle pushes')
        const body = Buffer.from(
          JSON.stringify({ protocolVersion: 1, manifest, signature: good.signature }),
        )
        const before = rowCounts()
        const res = await inject({
          method: 'POST',
          url: '/v1/bundles',
          headers: {
            ...signedHeaders(approved, 'POST', '/v1/bundles', body),
            'content-type': 'application/json',
          },
          body,
        })
        expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400)
        expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500)
        const after = rowCounts()
        expect({ ...after, nonces: 0 }).toEqual({ ...before, nonces: 0 })
      }),
      { numRuns: RUNS.tampered, seed: 1203 },
    )
    // control: the untampered bundle is taken (so the refusals above are real)
    const body = Buffer.from(
      JSON.stringify({ protocolVersion: 1, manifest: good.manifest, signature: good.signature }),
    )
    const res = await inject({
      method: 'POST',
      url: '/v1/bundles',
      headers: {
        ...signedHeaders(approved, 'POST', '/v1/bundles', body),
        'content-type': 'application/json',
      },
      body,
    })
    expect(res.statusCode, res.body).toBeLessThan(300)
  })

  // Was a bug (E, HEAD /v1/evidence/:sha256 reached path.join with `%2F..`): fixed by the
  // 64-hex check in the route and in EvidenceStore.pathOf/partialOf/has/received.
  it('HEAD /v1/evidence/:sha256 does not resolve paths outside the store', async () => {
    const head = async (param: string) => {
      const url = `/v1/evidence/${encodeURIComponent(param)}`
      return inject({
        method: 'HEAD',
        url,
        headers: signedHeaders(approved, 'HEAD', url, Buffer.alloc(0)),
        body: Buffer.alloc(0),
      })
    }
    // DATA/evidence/ab/ab/../../../x = DATA/x
    expect((await head('ab/../../../no-such-file')).statusCode).toBe(404)
    expect((await head('ab/../../../central.sqlite')).statusCode).not.toBe(200)
  })
})
