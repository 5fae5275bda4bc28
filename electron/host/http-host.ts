/**
 * Browser mode (design.md §3, style.md §8.4): the built renderer and the same `dispatch` the
 * Electron IPC channel uses, over HTTP on 127.0.0.1 only.
 *
 *   GET  /               out/renderer/index.html, with the per-run token in a <meta> tag
 *   GET  /assets/…       the built renderer's files
 *   POST /api/:method    JSON body = contract input → JSON Wire envelope ({ok,value}|{ok,error})
 *   GET  /events?token=  server-sent events: `event: <name>` / `data: <json>`
 *
 * Every request is parsed and checked by http-input.ts first; whatever it refuses, and whatever a
 * handler throws, is answered (4xx with a one-line reason, or 500) and the host keeps serving:
 * no input may stop the process (issue 12; test/fuzz/host-http.test.ts sends it raw bytes).
 *
 * Why a token: any web page the user opens could POST to 127.0.0.1. The token is only readable by
 * a page served from this origin (other origins cannot read our HTML), so a request that carries it
 * came from our page. The Host header is checked too, against DNS rebinding.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { AddressInfo, Socket } from 'node:net'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { Wire } from '../../shared/contract/api'
import type { ErrorCode } from '../../shared/contract/errors'
import { apiMethodOf, decodePath, parseTarget, readJsonBody, RequestRefused } from './http-input'

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

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // A body over the limit is not read to its end: close instead of reading the rest.
    ...(close ? { Connection: 'close' } : {}),
  })
  res.end(text)
}

/** Status and one-line reason for a request Node's HTTP parser refused (err.code). */
function clientErrorAnswer(code: string | undefined): [number, string] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, '请求头过大（上限 16 KiB）']
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, '请求未在时限内发完']
  if (code === 'HPE_INVALID_VERSION') return [400, '只支持 HTTP/1.0 与 HTTP/1.1']
  if (code === 'HPE_INVALID_METHOD') return [400, '请求方法无效']
  if (code === 'HPE_INVALID_URL') return [400, '请求地址无效']
  if (code === 'HPE_UNEXPECTED_CONTENT_LENGTH' || code === 'HPE_INVALID_CONTENT_LENGTH')
    return [400, '请求头 Content-Length 无效或与 Transfer-Encoding 冲突']
  if (code === 'HPE_INVALID_TRANSFER_ENCODING' || code === 'HPE_INVALID_CHUNK_SIZE')
    return [400, '请求体的分块编码无效']
  return [400, `请求格式无效（${code ?? 'unknown'}）`]
}

/** Open /events streams at most; more are refused with 429 (each holds a socket). */
export const MAX_EVENT_STREAMS = 32

/** Transport-level refusals, in the contract's error shape so the client shows them as usual. */
function hostError(code: ErrorCode, message: string, field?: string): Wire<never> {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } }
}

export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const token = opts.token ?? randomBytes(32).toString('hex')
  const maxBody = opts.maxBodyBytes ?? 80 * 1024 * 1024
  const root = normalize(opts.staticDir + sep)
  const streams = new Set<ServerResponse>()
  let allowedHosts: Set<string> = new Set()

  async function serveStatic(res: ServerResponse, urlPath: string): Promise<void> {
    const rel = decodePath(urlPath === '/' ? '/index.html' : urlPath)
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
    const input = await readJsonBody(req, maxBody)
    const wire = await opts.dispatch(method, input)
    sendJson(res, 200, wire)
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (req.method !== 'GET') throw new RequestRefused(405, '事件流只接受 GET', 'method')
    if (!sameToken(query.get('token') ?? '', token)) {
      res.writeHead(403).end()
      return
    }
    if (streams.size >= MAX_EVENT_STREAMS)
      throw new RequestRefused(429, `事件流过多（上限 ${MAX_EVENT_STREAMS} 个）`, 'events')
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    streams.add(res)
    res.on('error', () => streams.delete(res))
    res.on('close', () => streams.delete(res))
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain', Connection: 'close' }).end('wrong Host')
      return
    }
    const { path: p, query } = parseTarget(req.url)
    if (p.startsWith('/api/')) await handleApi(req, res, apiMethodOf(p.slice('/api/'.length)))
    else if (p === '/events') handleEvents(req, res, query)
    else if (req.method === 'GET' || req.method === 'HEAD') await serveStatic(res, p)
    else throw new RequestRefused(405, `不接受 ${req.method ?? ''} 请求`, 'method')
  }

  /** Answers whatever `handle` threw; never throws itself. */
  function refuse(res: ServerResponse, e: unknown): void {
    if (res.headersSent) {
      res.destroy()
      return
    }
    if (e instanceof RequestRefused)
      sendJson(res, e.status, hostError(e.code, e.message, e.field), e.code === 'TOO_LARGE')
    else {
      const why = e instanceof Error ? e.message : String(e)
      sendJson(
        res,
        500,
        hostError('INTERNAL', `本机服务出错：${why.split('\n')[0]!.slice(0, 300)}`),
      )
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      try {
        refuse(res, e)
      } catch {
        res.destroy()
      }
    })
  })

  // Requests Node's parser refuses (bad request line, framing or header bytes, headers over
  // 16 KiB, header timeouts) never reach the handler. Answer them with the same one-line JSON and
  // half-close, so the answer is not lost to a reset while the client is still sending.
  server.on('clientError', (err: NodeJS.ErrnoException, duplex: Duplex) => {
    const socket = duplex as Socket
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const [status, reason] = clientErrorAnswer(err.code)
    const text = JSON.stringify(hostError(status === 431 ? 'TOO_LARGE' : 'VALIDATION', reason))
    socket.on('error', () => socket.destroy())
    socket.once('end', () => socket.destroy())
    socket.setTimeout(10_000, () => socket.destroy())
    socket.resume()
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${text}`,
    )
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
