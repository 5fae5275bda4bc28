/**
 * Issue 12 §1: central's HTTP surface under raw bytes (node:net, not a well-formed client).
 * Crafted request lines, %-encodings, headers, framings and bodies — unauthenticated and signed
 * by an approved key — are answered with a 4xx and a one-line reason in the service's error
 * shape (or, for requests that are fine, a 2xx), never a 5xx, never a server path, and the
 * service keeps answering. Seeded (fast-check), on SQLite and PostgreSQL.
 */
import net from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import { toBase64 } from '../shared/domain/bundle/codec'
import type { ClientSigner } from '../shared/domain/bundle/client'
import { registrationProofBody } from '../shared/domain/bundle/protocol'
import { scaledRuns } from '../test/fuzz/fuzz-support'
import { sha256Hex } from './crypto'
import {
  ed25519Signer,
  makeBundle,
  registeredClient,
  runCentral,
  signedRequest,
  TEST_DATABASES,
  type RunningCentral,
} from './testing/fixtures'

/** Cases per property (FUZZ_SCALE multiplies them; the time limit follows). */
const { RUNS } = scaledRuns({ RUNS: 250 }, 60_000)

interface Raw {
  statuses: number[]
  text: string
}

/**
 * Sends `bytes` on a fresh connection, half-closes, and reads until the server closes. (A server
 * may close a half-closed connection before answering; such cases count as `closed` in the tally
 * and only the answers that do come are checked.)
 */
function rawRequest(port: number, bytes: Buffer): Promise<Raw> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const done = (): void => {
      const text = Buffer.concat(chunks).toString('latin1')
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) =>
        Number(m[1]),
      )
      resolve({ statuses, text })
    }
    sock.on('data', (d) => chunks.push(d))
    sock.on('error', () => undefined) // a reset after the answer: what was read counts
    sock.on('close', done)
    sock.end(bytes)
  })
}

const enc = (s: string) => Buffer.from(s, 'latin1')

const paths = fc.constantFrom(
  '/v1/keys',
  '/v1/keys/%00',
  '/v1/keys/%E0%A4%A',
  '/v1/keys/%zz',
  '/v1/keys/' + 'f'.repeat(64),
  '/v1/keys/..%2F..%2Fcentral.sqlite',
  '/v1/bundles',
  '/v1/bundles/%00/receipt',
  '/v1/bundles/%C0%AF/receipt',
  '/v1/evidence/missing',
  '/v1/evidence/' + 'a'.repeat(64) + '?offset=%00&size=1',
  '/v1/evidence/' + 'a'.repeat(64) + '?offset=0&size=1e400',
  '/v1/rule-profiles/%00',
  '/v1/catalogues/%FF',
  '/readyz?%',
  '/progress?x=%',
  '//v1//keys',
  '/%2e%2e/%2e%2e/etc/passwd',
  '*',
  'http://evil/v1/keys',
  '/' + 'a'.repeat(9000),
)
const methods = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'HEAD',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'get',
  'G\tET',
  'PRI',
)
const versions = fc.constantFrom(
  'HTTP/1.1',
  'HTTP/1.0',
  'HTTP/1.1',
  'HTTP/2.0',
  'HTTP/9.9',
  'HTTP/1.1 x',
  '',
)
const headerLines = fc.array(
  fc.oneof(
    fc.constantFrom(
      'Content-Type: application/json',
      'Content-Type: application/octet-stream',
      'Content-Type: application/json; charset=latin1',
      'Content-Type: multipart/form-data',
      'Content-Type: \x01',
      'Content-Length: -1',
      'Content-Length: abc',
      'Content-Length: 99999999999999999999',
      'Content-Length: 5\r\nContent-Length: 6',
      'Transfer-Encoding: chunked',
      'Transfer-Encoding: gzip, chunked',
      'Transfer-Encoding: chunked\r\nContent-Length: 3',
      'Transfer-Encoding: identity',
      'Expect: 100-continue',
      'Host: \x7f',
      'Bad Header: x',
      ': empty-name',
      'X-Folded: a\r\n b',
      'x-dl-key-id: ' + 'g'.repeat(64),
      'x-dl-timestamp: 1e400',
      'x-dl-nonce: \x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f',
      'x-dl-signature: ====',
      'X-Long: ' + 'x'.repeat(20_000),
      'Accept-Encoding: \xff\xfe',
    ),
    fc
      .tuple(
        fc.stringMatching(/^[A-Za-z-]{1,12}$/),
        fc.string({ unit: 'binary-ascii', maxLength: 30 }),
      )
      .map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
  ),
  { maxLength: 5 },
)
const bodies = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '{',
    '{"protocolVersion":1,"hashes":["\\u0000"]}',
    '{"protocolVersion":1,"manifest":{},"signature":{}}',
    '{"__proto__":{"x":1},"protocolVersion":1}',
    '['.repeat(5000),
    '\xff\xfe\x00{',
    '0\r\n\r\n',
    'zz\r\nabc\r\n0\r\n\r\n',
    '5\r\nabc\r\n',
  ),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
)

describe.each(TEST_DATABASES)('central HTTP surface under raw bytes on $name', (database) => {
  let c: RunningCentral
  let port: number
  let signer: ClientSigner
  const tally = new Map<string, number>()
  beforeAll(async () => {
    c = await runCentral(database, {
      limits: { registrationsPerAddress: 100_000, requestTimeoutMs: 5_000 },
    })
    port = Number(new URL(c.url).port)
    signer = (await registeredClient(c)).signer
  })
  afterAll(async () => {
    console.log(
      `[fuzz] raw central (${database.name}): ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    )
    await c?.dispose()
  })

  function check(label: string, r: Raw): void {
    tally.set(label, (tally.get(label) ?? 0) + 1)
    const cls = r.statuses.length ? `${String(r.statuses[0]).slice(0, 1)}xx` : 'closed'
    tally.set(cls, (tally.get(cls) ?? 0) + 1)
    for (const s of r.statuses) expect(s, r.text.slice(0, 300)).toBeLessThan(500)
    expect(r.text).not.toContain(c.dataDir)
    // every error answer in the service's shape carries a one-line reason
    for (const m of r.text.matchAll(/"reason":"((?:[^"\\]|\\.)*)"/g))
      expect(m[1]).not.toMatch(/\\n|\n/)
  }

  it('unauthenticated raw requests: never a 5xx, every answer 4xx or 2xx, service keeps running', async () => {
    await fc.assert(
      fc.asyncProperty(methods, paths, versions, headerLines, bodies, async (m, p, v, hs, body) => {
        const head = `${m} ${p} ${v}\r\nHost: 127.0.0.1\r\n${hs.map((h) => h + '\r\n').join('')}`
        const framed = /content-length|transfer-encoding/i.test(head)
          ? head + '\r\n' + body
          : head + `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n` + body
        const r = await rawRequest(port, enc(framed))
        check('unauthenticated', r)
      }),
      { numRuns: RUNS, seed: 1211 },
    )
    expect((await fetch(`${c.url}/readyz`)).status).toBe(200)
  })

  it('signed raw requests with hostile paths and bodies: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'HEAD'),
        paths,
        bodies,
        fc.constantFrom('application/json', 'application/octet-stream'),
        async (m, p, body, ct) => {
          const bytes = enc(m === 'GET' || m === 'HEAD' ? '' : body)
          const { headers } = signedRequest(signer, m, p, bytes)
          const head = `${m} ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${ct}\r\n${Object.entries(
            headers,
          )
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join('')}Content-Length: ${bytes.length}\r\n\r\n`
          check('signed', await rawRequest(port, Buffer.concat([enc(head), bytes])))
        },
      ),
      { numRuns: RUNS, seed: 1212 },
    )
    expect((await fetch(`${c.url}/readyz`)).status).toBe(200)
  })

  it('a valid registration or bundle carrying NUL, control or bidi text is refused with a 4xx', async () => {
    for (const name of ['王\u0000评估', '王评估\u001b]0;x\u0007', '\u202e估评王']) {
      const s = ed25519Signer()
      const req = {
        protocolVersion: 1 as const,
        keyId: s.info.keyId,
        algorithm: s.info.algorithm,
        publicKeyPem: s.info.publicKeyPem,
        assessor: { name },
        requestedAt: new Date().toISOString(),
      }
      const proof = toBase64(s.sign(canonicalBytes(registrationProofBody(req))))
      const res = await fetch(`${c.url}/v1/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...req, proof }),
      })
      const text = await res.text()
      expect(res.status, `${JSON.stringify(name)} ${text}`).toBe(400)
      check('hostile names', { statuses: [res.status], text })
    }
    // a bundle whose enterprise name holds a NUL, signed by the approved key
    const b = makeBundle({ signer })
    const m = structuredClone(b.manifest) as unknown as {
      assessment: { enterprise: { name: string } }
    }
    m.assessment.enterprise.name = '鹤壁\u0000某公司'
    const bytes = canonicalBytes(m)
    const sig = {
      algorithm: signer.info.algorithm,
      keyId: signer.info.keyId,
      signature: toBase64(signer.sign(bytes)),
      signedBytesSha256: sha256Hex(bytes),
    }
    const body = Buffer.from(JSON.stringify({ protocolVersion: 1, manifest: m, signature: sig }))
    const { headers } = signedRequest(signer, 'POST', '/v1/bundles', body)
    const res = await fetch(`${c.url}/v1/bundles`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    })
    const text = await res.text()
    check('hostile bundle text', { statuses: [res.status], text })
    expect([res.status, JSON.parse(text)]).toEqual([
      422,
      expect.objectContaining({
        reason:
          'manifest.json assessment: enterprise.name: must not contain control, bidirectional or invisible format characters',
      }),
    ])
  })
})
