/**
 * Everything the browser-mode host reads from a request, checked before it is used (issue 12):
 * the request target, the method name in `/api/:method`, and the JSON body. Each check that fails
 * is a `RequestRefused` with the HTTP status and a one-line reason naming what was wrong; the host
 * answers it and keeps serving. Nothing here throws anything else for any input.
 */
import type { IncomingMessage } from 'node:http'
import type { ErrorCode } from '../../shared/contract/errors'

export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The part of the request the reason is about ('url', 'method', 'Content-Type', 'body', …) */
    readonly field: string,
    readonly code: ErrorCode = 'VALIDATION',
  ) {
    super(message)
    this.name = 'RequestRefused'
  }
}

/** Longest request target accepted (Node's header limit already caps it at 16 KiB). */
const MAX_TARGET = 8192

export interface Target {
  /** The path, still percent-encoded. */
  path: string
  query: URLSearchParams
}

/**
 * The request target in origin-form (`/path?query`). Absolute-form (`http://host/…`, proxies),
 * authority-form and asterisk-form are refused, as are control characters and overlong targets.
 */
export function parseTarget(raw: string | undefined): Target {
  const t = raw ?? ''
  if (!t.startsWith('/') || t.startsWith('//'))
    throw new RequestRefused(400, '请求地址无效：只接受以 / 开头的路径', 'url')
  if (t.length > MAX_TARGET)
    throw new RequestRefused(414, `请求地址过长（上限 ${MAX_TARGET} 字符）`, 'url')
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(t)) throw new RequestRefused(400, '请求地址含控制字符或空格', 'url')
  const q = t.indexOf('?')
  const hash = t.indexOf('#')
  const end = hash >= 0 && (q < 0 || hash < q) ? hash : q >= 0 ? q : t.length
  const path = t.slice(0, end)
  const query = q >= 0 ? t.slice(q + 1, hash > q ? hash : undefined) : ''
  return { path, query: new URLSearchParams(query) }
}

/** Percent-decodes one path (or path segment); malformed escapes and NUL are a 400. */
export function decodePath(encoded: string, field = 'url'): string {
  let s: string
  try {
    s = decodeURIComponent(encoded)
  } catch {
    throw new RequestRefused(400, '请求地址的百分号编码无效', field)
  }
  if (s.includes('\0')) throw new RequestRefused(400, '请求地址含空字符', field)
  return s
}

/** The contract method in `/api/<method>`: `domain.verb` characters only. */
export function apiMethodOf(encodedRest: string): string {
  const m = decodePath(encodedRest, 'method')
  if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(m) || m.length > 100)
    throw new RequestRefused(
      404,
      `未知的接口方法：${m.slice(0, 100).replace(/\p{C}/gu, '?')}`,
      'method',
      'UNKNOWN_METHOD',
    )
  return m
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Reads and parses a JSON request body: Content-Type application/json (charset utf-8 if given),
 * no Content-Encoding, a declared Content-Length checked against `limit` before anything is read
 * and the bytes counted while reading (chunked bodies too), strict UTF-8, valid JSON.
 * An empty body is `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '')
  const [mime = '', ...params] = type.split(';').map((s) => s.trim().toLowerCase())
  if (mime !== 'application/json')
    throw new RequestRefused(415, 'Content-Type 必须为 application/json', 'Content-Type')
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length)
  if (charset !== undefined && charset.replace(/"/g, '') !== 'utf-8')
    throw new RequestRefused(
      415,
      `只接受 UTF-8 编码的请求（收到 charset=${charset}）`,
      'Content-Type',
    )
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase()
  if (encoding !== 'identity')
    throw new RequestRefused(
      415,
      `不接受压缩的请求体（Content-Encoding: ${encoding}）`,
      'Content-Encoding',
    )
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit)

  const chunks: Buffer[] = []
  let size = 0
  // Not `for await`: leaving that loop destroys the socket before the 413 can be sent.
  await new Promise<void>((resolve, reject) => {
    const done = (e?: RequestRefused): void => {
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort)
      if (e) {
        req.pause()
        reject(e)
      } else resolve()
    }
    const onData = (b: Buffer): void => {
      size += b.length
      if (size > limit) done(tooLarge(limit))
      else chunks.push(b)
    }
    const onEnd = (): void => done()
    const onAbort = (): void => done(new RequestRefused(400, '请求体不完整（连接中断）', 'body'))
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort)
  })
  if (size === 0) return undefined
  let text: string
  try {
    text = utf8.decode(Buffer.concat(chunks, size))
  } catch {
    throw new RequestRefused(400, '请求体不是有效的 UTF-8 文本', 'body')
  }
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message : '嵌套过深'
    throw new RequestRefused(
      400,
      `请求不是有效的 JSON：${why.split('\n')[0]!.slice(0, 200)}`,
      'body',
    )
  }
  // JSON.parse takes any depth, but the structured clone that carries the call to the backend
  // process (and validation) recurse: a body nested thousands deep would overflow their stack
  if (deeperThan(value, MAX_DEPTH))
    throw new RequestRefused(400, `请求体嵌套过深（上限 ${MAX_DEPTH} 层）`, 'body')
  return value
}

/** Deepest nesting of arrays/objects a request body may have (API inputs use a handful). */
export const MAX_DEPTH = 64

/** Whether a parsed JSON value nests deeper than `max` (iterative: no recursion). */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth + 1 > max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

function tooLarge(limit: number): RequestRefused {
  return new RequestRefused(413, `请求过大（上限 ${limit} 字节）`, 'body', 'TOO_LARGE')
}
