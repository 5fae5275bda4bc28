/**
 * The browser-mode host: the token and Host checks, static files (no path escape), the API
 * envelope over a real backend in a temp dir, and server-sent events.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../backend/create-backend'
import { dispatch } from '../backend/dispatch'
import { startHttpHost, type HttpHost } from './http-host'

let dir: string
let backend: Backend
let host: HttpHost

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dl-host-'))
  const stat = join(dir, 'renderer')
  mkdirSync(join(stat, 'assets'), { recursive: true })
  writeFileSync(join(stat, 'index.html'), '<html><head><title>t</title></head><body></body></html>')
  writeFileSync(join(stat, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'do not serve')
  backend = await createBackend({ dataDir: join(dir, 'data') })
  host = await startHttpHost({
    dispatch: (m, i) => dispatch(backend, m, i),
    staticDir: stat,
    port: 0,
  })
  backend.onAny((e, p) => host.broadcast(e, p))
})
afterAll(async () => {
  await host.close()
  await backend.close()
  rmSync(dir, { recursive: true, force: true })
})

function raw(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
      },
      (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

const api = (method: string, input: unknown, token = host.token) =>
  raw(`/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-DL-Token': token },
    body: JSON.stringify(input),
  })

describe('browser-mode host', () => {
  it('binds 127.0.0.1 and serves index.html with the per-run token and a CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const r = await raw('/')
    expect(r.status).toBe(200)
    expect(r.body).toContain(`<meta name="dl-host-token" content="${host.token}" />`)
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'")
    expect((await raw('/assets/app.js')).body).toBe('console.log(1)')
  })

  it('never serves files outside the renderer directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await raw(p)
      expect(r.body).not.toContain('do not serve')
    }
    expect((await raw('/assets/missing.js')).status).toBe(404)
  })

  it('refuses API calls without the token or from another Host name', async () => {
    const noToken = await api('app.info', {}, 'wrong')
    expect(noToken.status).toBe(403)
    expect(JSON.parse(noToken.body)).toMatchObject({ ok: false, error: { field: 'X-DL-Token' } })
    const rebinding = await raw('/api/app.info', {
      method: 'POST',
      headers: {
        Host: `evil.example:${host.port}`,
        'X-DL-Token': host.token,
        'Content-Type': 'application/json',
      },
      body: '{}',
    })
    expect(rebinding.status).toBe(421)
    const badJson = await raw('/api/app.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-DL-Token': host.token },
      body: '{',
    })
    expect(JSON.parse(badJson.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })

  it('passes calls to dispatch and returns its Wire envelope, errors included', async () => {
    const info = JSON.parse((await api('app.info', {})).body) as {
      ok: boolean
      value: { catalogueId: string }
    }
    expect(info.ok).toBe(true)
    expect(info.value.catalogueId).toBe('MIIT-2024')
    const unknown = JSON.parse((await api('nope.nope', {})).body) as {
      ok: boolean
      error: { code: string }
    }
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    const bad = JSON.parse((await api('enterprises.create', { uscc: '123' })).body) as {
      error: { message: string; field?: string }
    }
    // the field as data, named in Chinese for the user (shared/contract/field-labels.ts)
    expect(bad.error.field).toBe('uscc')
    expect(bad.error.message).toContain('统一社会信用代码')
  })

  it('pushes backend events over /events', async () => {
    // The server writes `: connected` and adds the stream to its list in one synchronous step: an
    // event sent once that line has arrived reaches this client. (A fixed 100 ms sleep only
    // assumed the server had handled the request by then; on a stalled machine it might not.)
    let connected!: () => void
    const subscribed = new Promise<void>((r) => (connected = r))
    const got = new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/events?token=${host.token}` },
        (res) => {
          let buf = ''
          res.on('data', (c: Buffer) => {
            buf += c.toString()
            if (buf.includes(': connected\n')) connected()
            if (buf.includes('event: enterprise.saved')) {
              req.destroy()
              resolve(buf)
            }
          })
        },
      )
      req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)))
      req.end()
    })
    await Promise.race([subscribed, got])
    const res = JSON.parse(
      (
        await api('enterprises.create', {
          uscc: '91410611MA9G4K7B25',
          name: '事件测试企业',
          county: '淇县',
          industry: 'green_food',
          size: 'small',
        })
      ).body,
    ) as { ok: boolean; value: { id: string } }
    expect(res.ok).toBe(true)
    const stream = await got
    expect(stream).toContain(`"enterpriseId":"${res.value.id}"`)
    expect((await raw('/events?token=wrong')).status).toBe(403)
  })
})
