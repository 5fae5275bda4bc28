/**
 * Everything that must be identical on every transport (style.md §8.3): unknown-method check,
 * input parsing with the contract schema, the service call, errors → Wire errors.
 * AppException passes through unchanged; anything else becomes INTERNAL without a stack
 * (the stack goes to the log only).
 */
import { z } from 'zod'
import { api, isMethod, type ApiImpl, type Method, type Wire } from '../../shared/contract/api'
import { isAppException, type AppError } from '../../shared/contract/errors'
import { fieldMessage } from '../../shared/contract/field-labels'
import { toStorageError } from './storage/storage-errors'

const zhCN = z.locales.zhCN().localeError

/** zod issues → one VALIDATION error naming the field in Chinese (path in `field`). */
export function zodToAppError(err: z.ZodError, method: string): AppError {
  const issue = err.issues[0]
  if (!issue) return { code: 'VALIDATION', message: `${method}：输入无效` }
  const path = issue.path.map(String).join('.')
  const more = err.issues.length > 1 ? `（另有 ${err.issues.length - 1} 处问题）` : ''
  // In words the user knows (field-labels.ts), the field path kept in `field` for the form.
  return path
    ? {
        code: 'VALIDATION',
        message: `${fieldMessage(issue.path, issue.message)}${more}`,
        field: path,
      }
    : { code: 'VALIDATION', message: `输入无效：${issue.message}${more}` }
}

/** SQLite trigger/constraint texts we raise ourselves, mapped to codes. */
function fromSqlite(e: unknown): AppError | null {
  const msg = e instanceof Error ? e.message : ''
  if (msg.startsWith('READ_ONLY'))
    return { code: 'READ_ONLY', message: '该评测已完成或已签名，只读' }
  if (msg === 'audit_log is append-only')
    return { code: 'READ_ONLY', message: '审计日志只能追加，不能修改或删除' }
  return null
}

export interface Dispatchable {
  services: ApiImpl
  /** The data directory, named in DISK_FULL / READ_ONLY_STORAGE messages. */
  dataDir?: string
  /** Where unexpected errors are logged with their stack (default console.error). */
  log?: (message: string, error: unknown) => void
}

/**
 * Error messages may echo user input (ids, file names). They are shown and logged as one line,
 * so line breaks are escaped here, once, for every error that leaves the backend.
 */
function oneLine(error: AppError): AppError {
  const message = error.message.replace(/[\r\n\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16)}`,
  )
  return message === error.message ? error : { ...error, message }
}

export async function dispatch(
  backend: Dispatchable,
  method: string,
  input: unknown,
): Promise<Wire<unknown>> {
  const wire = await dispatchRaw(backend, method, input)
  return wire.ok ? wire : { ok: false, error: oneLine(wire.error) }
}

async function dispatchRaw(
  backend: Dispatchable,
  method: string,
  input: unknown,
): Promise<Wire<unknown>> {
  if (typeof method !== 'string' || !isMethod(method))
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_METHOD',
        message: `未知的接口方法：${String(method)}`,
        field: 'method',
      },
    }
  const m: Method = method
  const parsed = api[m].input.safeParse(input ?? {}, { error: zhCN })
  if (!parsed.success) return { ok: false, error: zodToAppError(parsed.error, m) }
  try {
    const fn = backend.services[m] as ((i: unknown) => Promise<unknown>) | undefined
    if (typeof fn !== 'function')
      return { ok: false, error: { code: 'INTERNAL', message: `接口 ${m} 尚未实现` } }
    const value = await fn(parsed.data)
    return { ok: true, value }
  } catch (e) {
    if (isAppException(e)) return { ok: false, error: e.toJSON() }
    const mapped = fromSqlite(e)
    if (mapped) return { ok: false, error: mapped }
    const storage = toStorageError(e, backend.dataDir ?? '（数据目录）')
    if (storage) return { ok: false, error: storage.toJSON() }
    ;(backend.log ?? console.error)(`[dispatch] ${m} failed:`, e)
    return {
      ok: false,
      error: { code: 'INTERNAL', message: '内部错误，操作未完成，请重试或联系管理员' },
    }
  }
}
