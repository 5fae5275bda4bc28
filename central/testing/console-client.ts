/**
 * A console client for the tests: the same HTTP calls the page makes (JSON, cookie, X-DL-CSRF),
 * with a one-cookie jar, answers checked against the contract's output schemas.
 */
import {
  consoleApi,
  CSRF_HEADER,
  SESSION_COOKIE,
  type ConsoleCallInput,
  type ConsoleMethod,
  type ConsoleOutput,
} from '../../shared/console/api'
import type { ConsoleError, ConsoleWire } from '../../shared/console/errors'
import { addStaff } from '../console/staff'
import type { CentralContext } from '../ingest'

export class ConsoleCallError extends Error {
  constructor(
    readonly status: number,
    readonly error: ConsoleError,
    readonly headers: Headers,
  ) {
    super(`${status} ${error.code}: ${error.message}`)
  }
}

export interface ConsoleTestClient {
  cookie: string | null
  csrf: string
  lastSetCookie: string | null
  call<M extends ConsoleMethod>(method: M, input: ConsoleCallInput<M>): Promise<ConsoleOutput<M>>
  raw(method: string, body: unknown, headers?: Record<string, string>): Promise<Response>
  download(path: string): Promise<Response>
  login(username: string, password: string): Promise<ConsoleOutput<'session.login'>>
}

export function consoleClient(baseUrl: string): ConsoleTestClient {
  const c: ConsoleTestClient = {
    cookie: null,
    csrf: '',
    lastSetCookie: null,
    async raw(method, body, headers = {}) {
      const r = await fetch(`${baseUrl}/console/api/${method}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(c.cookie ? { Cookie: `${SESSION_COOKIE}=${c.cookie}` } : {}),
          ...(c.csrf ? { [CSRF_HEADER]: c.csrf } : {}),
          ...headers,
        },
        body: JSON.stringify(body),
      })
      const set = r.headers.get('set-cookie')
      if (set) {
        c.lastSetCookie = set
        const v = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(set)?.[1] ?? ''
        c.cookie = v || null
      }
      return r
    },
    async call(method, input) {
      const r = await c.raw(method, input)
      const w = (await r.json()) as ConsoleWire<unknown>
      if (!w.ok) throw new ConsoleCallError(r.status, w.error, r.headers)
      return consoleApi[method].output.parse(w.value) as ConsoleOutput<typeof method>
    },
    async download(path) {
      return fetch(`${baseUrl}/console/download/${path}`, {
        headers: c.cookie ? { Cookie: `${SESSION_COOKIE}=${c.cookie}` } : {},
      })
    },
    async login(username, password) {
      const s = await c.call('session.login', { username, password })
      c.csrf = s.csrfToken
      return s
    },
  }
  return c
}

/** Fast scrypt for tests that create many accounts (the CLI uses STAFF_SCRYPT). */
export const TEST_SCRYPT = { N: 2 ** 14, r: 8, p: 1 }

export const STAFF_PASSWORDS = {
  admin: 'Hebi-专班-2025-甲-k7',
  reviewer: 'Hebi-复核-2025-乙-m3',
  viewer: 'Hebi-县区-2025-丙-q9',
} as const

/** Three accounts: admin, reviewer, viewer (usernames = roles). */
export async function seedStaff(ctx: CentralContext): Promise<void> {
  const names = { admin: '市工作专班管理员', reviewer: '复核员张华', viewer: '县区联络员刘洋' }
  for (const role of ['admin', 'reviewer', 'viewer'] as const)
    await addStaff(
      ctx,
      { username: role, displayName: names[role], role, password: STAFF_PASSWORDS[role] },
      TEST_SCRYPT,
    )
}

/** Expects the promise to fail with a console error; returns it. */
export async function refusedCall(p: Promise<unknown>): Promise<ConsoleCallError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ConsoleCallError) return e
    throw e
  }
  throw new Error('expected the console call to be refused')
}
