/**
 * The city console over HTTP (issue 16 §1), registered by buildCentralApp:
 *   POST /console/api/<method>     the contract (shared/console/api.ts), JSON in, Wire out
 *   GET  /console/download/<name>  spreadsheets and archives (consoleDownloads)
 *   GET  /console/                 the built page (static.ts)
 * Sessions live in the database (sessions.ts). CSRF: the session cookie is SameSite=Strict and
 * HttpOnly; every call must be JSON, must carry the session's CSRF token in X-DL-CSRF, and a
 * browser's Origin / Sec-Fetch-Site must be this site. Every call and download is audited.
 */
import { z } from 'zod'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  consoleApi,
  consoleDownloads,
  consoleValidationError,
  CSRF_HEADER,
  isConsoleMethod,
  SESSION_COOKIE,
  type ConsoleDownload,
  type ConsoleMethod,
} from '../../shared/console/api'
import {
  ConsoleException,
  consoleFail,
  type ConsoleError,
  type ConsoleWire,
} from '../../shared/console/errors'
import { roleAtLeast, type StaffRole } from '../../shared/console/schemas/session'
import type { CentralContext } from '../ingest'
import { appendConsoleAudit } from './audit'
import { consoleHandlers, type Caller } from './handlers'
import { dummyHash, verifyPassword } from './passwords'
import { createSession, endSession, findSession, type Session } from './sessions'
import { registerConsoleStatic, securityHeaders } from './static'
import { dbFailureThrottle, LOGIN_RULES, type FailureThrottle } from './throttle'

const zhCN = z.locales.zhCN().localeError

const STATUS: Record<ConsoleError['code'], number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNKNOWN_METHOD: 404,
  INTERNAL: 500,
}

function cookieOf(req: FastifyRequest): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === SESSION_COOKIE) return v.join('=')
  }
  return null
}

function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https'
}

function setCookie(req: FastifyRequest, reply: FastifyReply, value: string, maxAgeS: number): void {
  reply.header(
    'Set-Cookie',
    `${SESSION_COOKIE}=${value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${isHttps(req) ? '; Secure' : ''}`,
  )
}

/** A browser request from another site is refused (Origin / Sec-Fetch-Site). */
function crossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site']
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true
  const origin = req.headers.origin
  if (typeof origin === 'string' && origin !== 'null') {
    try {
      return new URL(origin).host !== req.headers.host
    } catch {
      return true
    }
  }
  return origin === 'null'
}

function auditTarget(input: unknown): string | null {
  const i = (input ?? {}) as Record<string, unknown>
  for (const k of ['id', 'key', 'username', 'batch'])
    if (typeof i[k] === 'string' || typeof i[k] === 'number') return String(i[k])
  return null
}

function auditDetail(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return {}
  const { password: _password, ...rest } = input as Record<string, unknown>
  return rest
}

export interface ConsoleRouteOptions {
  /** The built console (default <repo>/out/console). */
  staticDir: string
  throttle?: FailureThrottle
}

export function registerConsole(
  app: FastifyInstance,
  ctx: CentralContext,
  opts: ConsoleRouteOptions,
): void {
  const throttle = opts.throttle ?? dbFailureThrottle(ctx.db, ctx.now)
  registerConsoleStatic(app, opts.staticDir)

  async function sessionOf(req: FastifyRequest): Promise<{ token: string; s: Session } | null> {
    const token = cookieOf(req)
    if (!token) return null
    const s = await findSession(ctx.db, token, ctx.now().getTime())
    return s ? { token, s } : null
  }

  async function login(
    req: FastifyRequest,
    reply: FastifyReply,
    input: z.output<(typeof consoleApi)['session.login']['input']>,
  ): Promise<unknown> {
    const username = input.username.toLowerCase()
    const ip = req.ip ?? null
    const keys = [`login:user:${username}`, ...(ip ? [`login:ip:${ip}`] : [])]
    const wait = Math.max(
      await throttle.blockedFor(keys[0]!, LOGIN_RULES.user),
      ip ? await throttle.blockedFor(keys[1]!, LOGIN_RULES.ip) : 0,
    )
    if (wait > 0) {
      await appendConsoleAudit(ctx.db, ctx.now(), {
        username,
        action: 'session.login.refused',
        detail: { reason: 'rate-limited', retryAfterSeconds: Math.ceil(wait / 1000) },
        ip,
      })
      const minutes = Math.ceil(wait / 60_000)
      throw consoleFail.rateLimited(
        `登录失败次数过多，请 ${minutes} 分钟后再试`,
        Math.ceil(wait / 1000),
      )
    }
    const staff = await ctx.db
      .selectFrom('staff')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst()
    const ok = await verifyPassword(input.password, staff?.password_hash ?? (await dummyHash()))
    if (!staff || !ok || staff.disabled_at) {
      await throttle.fail(keys[0]!, LOGIN_RULES.user)
      if (keys[1]) await throttle.fail(keys[1], LOGIN_RULES.ip)
      await appendConsoleAudit(ctx.db, ctx.now(), {
        username,
        action: 'session.login.failed',
        detail: { reason: !staff ? 'unknown-user' : !ok ? 'wrong-password' : 'disabled' },
        ip,
      })
      throw consoleFail.validation('用户名或密码不正确', 'password')
    }
    await throttle.clear(keys[0]!)
    const now = ctx.now().getTime()
    const created = await createSession(ctx.db, staff.username, now)
    setCookie(req, reply, created.token, Math.floor((created.expiresAtMs - now) / 1000) + 8 * 3600)
    await appendConsoleAudit(ctx.db, ctx.now(), {
      username: staff.username,
      action: 'session.login',
      ip,
    })
    return {
      user: { username: staff.username, displayName: staff.display_name, role: staff.role },
      csrfToken: created.csrfToken,
      expiresAt: new Date(created.expiresAtMs).toISOString(),
    }
  }

  async function call(req: FastifyRequest, reply: FastifyReply, method: string): Promise<unknown> {
    if (!isConsoleMethod(method))
      throw new ConsoleException({
        code: 'UNKNOWN_METHOD',
        message: `未知的接口方法：${method.slice(0, 60)}`,
        field: 'method',
      })
    const m: ConsoleMethod = method
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      throw consoleFail.validation('Content-Type 必须为 application/json', 'Content-Type')
    if (crossSite(req)) throw consoleFail.forbidden('拒绝跨站请求')
    const spec = consoleApi[m]
    const parsed = spec.input.safeParse(req.body ?? {}, { error: zhCN })
    if (!parsed.success) throw new ConsoleException(consoleValidationError(parsed.error, m))
    let value: unknown
    if (m === 'session.login') value = await login(req, reply, parsed.data as never)
    else {
      const live = await sessionOf(req)
      if (!live) throw consoleFail.unauthenticated()
      // session.get hands the token to a reloaded page (a read only this origin can see:
      // cross-site requests are refused above and the browser keeps the answer from other sites)
      if (m !== 'session.get' && req.headers[CSRF_HEADER] !== live.s.csrfToken)
        throw consoleFail.forbidden('请求缺少有效的 CSRF 令牌，请刷新页面')
      const caller: Caller = { user: live.s.user, ip: req.ip ?? null }
      if (!roleAtLeast(live.s.user.role, spec.role!))
        throw consoleFail.forbidden(
          `当前角色（${live.s.user.role}）无权执行此操作（需要 ${spec.role}）`,
        )
      if (m === 'session.get')
        value = {
          user: live.s.user,
          csrfToken: live.s.csrfToken,
          expiresAt: new Date(live.s.expiresAtMs).toISOString(),
        }
      else if (m === 'session.logout') {
        await endSession(ctx.db, live.token)
        setCookie(req, reply, '', 0)
        value = { ok: true }
      } else {
        const fn = consoleHandlers[m] as (
          c: CentralContext,
          i: unknown,
          who: Caller,
        ) => Promise<unknown>
        value = await fn(ctx, parsed.data, caller)
      }
      // signals.clear writes its own audit row with the review, in one transaction
      if (m !== 'signals.clear')
        await appendConsoleAudit(ctx.db, ctx.now(), {
          username: caller.user.username,
          action: m,
          target: auditTarget(parsed.data),
          detail: auditDetail(parsed.data),
          ip: caller.ip,
        })
    }
    const out = spec.output.safeParse(value)
    if (!out.success) {
      req.log.error({ method: m, issues: out.error.issues.slice(0, 3) }, 'console output invalid')
      throw new ConsoleException({ code: 'INTERNAL', message: '内部错误：返回数据不符合接口约定' })
    }
    return out.data
  }

  function failReply(reply: FastifyReply, e: unknown): FastifyReply {
    const error: ConsoleError =
      e instanceof ConsoleException
        ? e.error
        : { code: 'INTERNAL', message: '内部错误，操作未完成，请重试或联系管理员' }
    if (!(e instanceof ConsoleException)) reply.log.error(e)
    if (error.retryAfterSeconds) reply.header('Retry-After', String(error.retryAfterSeconds))
    const wire: ConsoleWire<never> = { ok: false, error }
    return securityHeaders(reply)
      .code(STATUS[error.code])
      .header('Cache-Control', 'no-store')
      .send(wire)
  }

  void app.register(async (scope) => {
    scope.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) =>
      failReply(
        reply,
        err.statusCode && err.statusCode < 500
          ? consoleFail.validation(`请求无效：${err.message.split('\n')[0]}`, 'body')
          : err,
      ),
    )
    scope.post<{ Params: { method: string } }>('/console/api/:method', async (req, reply) => {
      try {
        const value = await call(req, reply, req.params.method)
        return securityHeaders(reply)
          .header('Cache-Control', 'no-store')
          .send({ ok: true, value } satisfies ConsoleWire<unknown>)
      } catch (e) {
        return failReply(reply, e)
      }
    })

    scope.get<{ Params: { name: string }; Querystring: Record<string, string> }>(
      '/console/download/:name',
      async (req, reply) => {
        try {
          const name = req.params.name.replace(/\.(xlsx|zip)$/, '') as ConsoleDownload
          if (!Object.prototype.hasOwnProperty.call(consoleDownloads, name))
            throw consoleFail.notFound(`没有名为 ${req.params.name.slice(0, 40)} 的下载`, 'name')
          if (crossSite(req)) throw consoleFail.forbidden('拒绝跨站请求')
          const live = await sessionOf(req)
          if (!live) throw consoleFail.unauthenticated()
          const spec = consoleDownloads[name]
          if (!roleAtLeast(live.s.user.role, spec.role as StaffRole))
            throw consoleFail.forbidden(`当前角色（${live.s.user.role}）无权下载`)
          const q = spec.query.safeParse(req.query, { error: zhCN })
          if (!q.success) throw new ConsoleException(consoleValidationError(q.error, name))
          // exceljs / the archive code load on first download, not at service start
          const file =
            name === 'bulletin'
              ? await (
                  await import('../exports/bulletin')
                ).bulletinWorkbook(ctx, q.data as z.output<typeof consoleDownloads.bulletin.query>)
              : await (
                  await import('../exports/dossier-archive')
                ).dossierArchive(ctx, (q.data as { key: string }).key)
          await appendConsoleAudit(ctx.db, ctx.now(), {
            username: live.s.user.username,
            action: `download.${name}`,
            target: file.fileName,
            detail: { query: q.data, bytes: file.bytes.length, ...(file.audit ?? {}) },
            ip: req.ip ?? null,
          })
          return securityHeaders(reply)
            .header('Cache-Control', 'no-store')
            .header(
              'Content-Disposition',
              `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
            )
            .type(file.contentType)
            .send(Buffer.from(file.bytes))
        } catch (e) {
          return failReply(reply, e)
        }
      },
    )
  })
}
