/**
 * Errors that cross the UI↔backend boundary. Every failure a user can cause carries a Chinese
 * message that names the field, and the field path in `field` when there is one.
 */
import { z } from 'zod'

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'READ_ONLY',
  'CONFLICT',
  'TOO_LARGE',
  'UNKNOWN_METHOD',
  'INTERNAL',
  /** The database key (OS key store / passphrase) does not open the database or backup. */
  'WRONG_KEY',
  /** The disk holding the data directory is full (SQLITE_FULL, ENOSPC). */
  'DISK_FULL',
  /** The data directory cannot be written (read-only medium, permissions). */
  'READ_ONLY_STORAGE',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppError {
  code: ErrorCode
  /** Chinese, one line, names the field. Never a stack trace. */
  message: string
  /** Field path (e.g. 'uscc', 'rows.3.批次', 'selected') when the error is about one field. */
  field?: string
}

export const AppErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
})

/** Thrown by services; dispatch turns it into `{ ok: false, error }` unchanged. */
export class AppException extends Error implements AppError {
  readonly code: ErrorCode
  readonly field?: string
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message)
    this.name = 'AppException'
    this.code = code
    if (field !== undefined) this.field = field
  }
  toJSON(): AppError {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field }
  }
}

export function isAppException(e: unknown): e is AppException {
  return e instanceof AppException
}

/** Shorthand constructors. */
export const fail = {
  validation: (message: string, field?: string) => new AppException('VALIDATION', message, field),
  notFound: (message: string, field?: string) => new AppException('NOT_FOUND', message, field),
  readOnly: (message: string) => new AppException('READ_ONLY', message),
  conflict: (message: string, field?: string) => new AppException('CONFLICT', message, field),
  tooLarge: (message: string, field?: string) => new AppException('TOO_LARGE', message, field),
  internal: (message = '内部错误，请重试或联系管理员') => new AppException('INTERNAL', message),
}
