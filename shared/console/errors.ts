/**
 * Errors of the city console contract (issue 16 §1). Like the app's contract: a Chinese one-line
 * message that names the field, and the field path in `field` when there is one.
 */
import { z } from 'zod'

export const CONSOLE_ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  /** No session, or it expired: log in again. */
  'UNAUTHENTICATED',
  /** The session's role may not do this. */
  'FORBIDDEN',
  /** Too many failed logins for this account or address; retry after `retryAfterSeconds`. */
  'RATE_LIMITED',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const
export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number]

export const ConsoleErrorSchema = z.object({
  code: z.enum(CONSOLE_ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
  retryAfterSeconds: z.number().int().optional(),
})
export type ConsoleError = z.infer<typeof ConsoleErrorSchema>

export type ConsoleWire<T> = { ok: true; value: T } | { ok: false; error: ConsoleError }

export class ConsoleException extends Error {
  readonly error: ConsoleError
  constructor(error: ConsoleError) {
    super(error.message)
    this.name = 'ConsoleException'
    this.error = error
  }
}

export const consoleFail = {
  validation: (message: string, field?: string) =>
    new ConsoleException({ code: 'VALIDATION', message, ...(field ? { field } : {}) }),
  notFound: (message: string, field?: string) =>
    new ConsoleException({ code: 'NOT_FOUND', message, ...(field ? { field } : {}) }),
  conflict: (message: string, field?: string) =>
    new ConsoleException({ code: 'CONFLICT', message, ...(field ? { field } : {}) }),
  unauthenticated: (message = '未登录或登录已过期，请重新登录') =>
    new ConsoleException({ code: 'UNAUTHENTICATED', message }),
  forbidden: (message: string) => new ConsoleException({ code: 'FORBIDDEN', message }),
  rateLimited: (message: string, retryAfterSeconds: number) =>
    new ConsoleException({ code: 'RATE_LIMITED', message, retryAfterSeconds }),
}
