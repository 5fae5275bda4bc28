/**
 * The built console (vite.console.config.ts → out/console) served under /console/. Only files
 * inside that directory, by a normalised path; index.html for the page itself. Every response
 * carries the console's security headers.
 */
import { readFile } from 'node:fs/promises'
import { dirname, extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply } from 'fastify'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
}

/** CONSOLE_DIR, else out/console of this checkout. */
export function defaultConsoleDir(): string {
  return (
    process.env['CONSOLE_DIR'] ??
    resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'console')
  )
}

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
    .header('X-Frame-Options', 'DENY')
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
}

export function registerConsoleStatic(app: FastifyInstance, dir: string): void {
  const root = normalize(dir + sep)
  const send = async (reply: FastifyReply, rel: string): Promise<FastifyReply> => {
    const target = normalize(join(root, rel))
    if (!target.startsWith(root)) return reply.code(404).send()
    let body: Buffer
    try {
      body = await readFile(target)
    } catch {
      if (rel === 'index.html')
        return securityHeaders(reply)
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('城市工作台尚未构建：请先运行 npm run build:console')
      return reply.code(404).send()
    }
    return securityHeaders(reply)
      .type(TYPES[extname(target)] ?? 'application/octet-stream')
      .header(
        'Cache-Control',
        rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      )
      .send(body)
  }
  app.get('/console', async (_req, reply) => reply.redirect('/console/'))
  app.get('/console/', async (_req, reply) => send(reply, 'index.html'))
  app.get<{ Params: { '*': string } }>('/console/assets/*', async (req, reply) =>
    send(reply, `assets/${req.params['*']}`),
  )
}
