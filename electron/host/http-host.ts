/**
 * Browser mode (design.md §3, style.md §8.4): the built renderer and the same `dispatch` the
 * Electron IPC channel uses, over HTTP on 127.0.0.1 only.
 *
 *   GET  /               out/renderer/index.html, with the per-run token in a <meta> tag
 *   GET  /assets/…       the built renderer's files
 *   POST /api/:method    JSON body = contract input → JSON Wire envelope ({ok,value}|{ok,error})
 *   GET  /events?token=  server-sent events: `event: <name>` / `data: <json>`
 *
 * Why a token: any web page the user opens could POST to 127.0.0.1. The token is only readable by
 * a page served from this origin (other origins cannot read our HTML), so a request that carries it
 * came from our page. The Host header is checked too, against DNS rebinding.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Wire } from '../../shared/contract/api'
import type { ErrorCode } from '../../shared/contract/errors'

/** What the host needs from the backend: the transport-neutral dispatch. */
export type DispatchFn = (method: string, input: unknown) => Promise<unknown>

export interface HttpHostOptions {
  dispatch: DispatchFn
  /** Directory of the built renderer (index.html + assets/). */
  staticDir: string
  /** 0 = any free port. */
  port: number
  /** Defaults to 32 random bytes, hex. */
  token?: string
  /** Largest accepted request body; evidence travels base64 inside JSON. */
  maxBodyBytes?: number
}

export interface HttpHost {
  url: string
  port: number
  token: string
  /** Push an event to every open /events stream. */
  broadcast(event: string, payload: unknown): void
  close(): Promise<void>
}

/** Same policy as electron/main/security.ts; the page carries it as a <meta> tag as well. */
export const HOST_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(text)
}

/** Transport-level refusals, in the contract's error shape so the client shows them as usual. */
function hostError(code: ErrorCode, message: string, field?: string): Wire<never> {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const b = chunk as Buffer
    size += b.length
    if (size > limit) throw new RangeError(`request body larger than ${limit} bytes`)
    chunks.push(b)
  }
  return Buffer.concat(chunks)
}

export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const token = opts.token ?? randomBytes(32).toString('hex')
  const maxBody = opts.maxBodyBytes ?? 80 * 1024 * 1024
  const root = normalize(opts.staticDir + sep)
  const streams = new Set<ServerResponse>()
  let allowedHosts: Set<string> = new Set()

  async function serveStatic(res: ServerResponse, urlPath: string): Promise<void> {
    const rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath)
    const file = normalize(join(root, rel))
    if (!file.startsWith(root)) {
      res.writeHead(404).end()
      return
    }
    let st
    try {
      st = await stat(file)
    } catch {
      st = null
    }
    // Unknown paths get the app (client-side routes), assets must exist.
    const target = st?.isFile()
      ? file
      : rel.startsWith('/assets/')
        ? null
        : join(root, 'index.html')
    if (!target) {
      res.writeHead(404).end()
      return
    }
    let body: Buffer
    try {
      body = await readFile(target)
    } catch {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(`renderer not built: run  npx vite build --config vite.renderer.config.ts  (${root})`)
      return
    }
    const type = TYPES[extname(target)] ?? 'application/octet-stream'
    if (target.endsWith('index.html')) {
      body = Buffer.from(
        body
          .toString('utf8')
          .replace('</head>', `  <meta name="dl-host-token" content="${token}" />\n  </head>`),
      )
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': target.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(type.startsWith('text/html')
        ? { 'Content-Security-Policy': HOST_CSP, 'X-Frame-Options': 'DENY' }
        : {}),
    })
    res.end(body)
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
  ): Promise<void> {
    if (req.method !== 'POST')
      return sendJson(res, 405, hostError('VALIDATION', '接口只接受 POST', 'method'))
    const given = req.headers['x-dl-token']
    if (typeof given !== 'string' || !sameToken(given, token)) {
      return sendJson(
        res,
        403,
        hostError(
          'VALIDATION',
          '拒绝：缺少或错误的 X-DL-Token（请从本机服务打开的页面访问）',
          'X-DL-Token',
        ),
      )
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(
        res,
        415,
        hostError('VALIDATION', 'Content-Type 必须为 application/json', 'Content-Type'),
      )
    }
    let input: unknown
    try {
      const raw = await readBody(req, maxBody)
      input = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'))
    } catch (e) {
      const tooBig = e instanceof RangeError
      return sendJson(
        res,
        tooBig ? 413 : 400,
        tooBig
          ? hostError('TOO_LARGE', `请求过大（上限 ${maxBody} 字节）`)
          : hostError(
              'VALIDATION',
              `请求不是有效的 JSON：${e instanceof Error ? e.message : String(e)}`,
            ),
      )
    }
    const wire = await opts.dispatch(method, input)
    sendJson(res, 200, wire)
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const given = url.searchParams.get('token') ?? ''
    if (!sameToken(given, token)) {
      res.writeHead(403).end()
      return
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    streams.add(res)
    req.on('close', () => streams.delete(res))
  }

  const server = createServer((req, res) => {
    const hostHeader = req.headers.host ?? ''
    if (!allowedHosts.has(hostHeader)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('wrong Host')
      return
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`)
    const p = url.pathname
    const done = (e: unknown): void => {
      if (!res.headersSent)
        sendJson(
          res,
          500,
          hostError('INTERNAL', `本机服务出错：${e instanceof Error ? e.message : String(e)}`),
        )
      else res.end()
    }
    if (p.startsWith('/api/')) {
      handleApi(req, res, decodeURIComponent(p.slice('/api/'.length))).catch(done)
    } else if (p === '/events') {
      handleEvents(req, res, url)
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      serveStatic(res, p).catch(done)
    } else {
      res.writeHead(405).end()
    }
  })

  const keepAlive = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n')
  }, 15_000)
  keepAlive.unref()

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    broadcast(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
      for (const s of streams) s.write(frame)
    },
    close() {
      clearInterval(keepAlive)
      for (const s of streams) s.end()
      streams.clear()
      return new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
