/**
 * How central answers errors (issue 12 §1, §5): storage that is full → 507 `storage-full`, storage
 * or database that cannot take writes or cannot be reached → 503 `unavailable` (both retryable by
 * the client), anything else unexpected → 500 `internal`. Reasons are fixed one-line texts: no
 * server path, SQL or stack ever reaches an answer; the details go to the server log.
 */
export type StorageProblem = 'full' | 'read-only' | 'unreachable'

/** PostgreSQL data exceptions a client's text can cause (NUL characters, bad encodings). */
const BAD_TEXT = new Set(['22021', '22P05', '22001'])

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL', '53100'])
const READ_ONLY = new Set(['EROFS', '25006'])
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'SQLITE_BUSY',
  'SQLITE_IOERR',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '53300',
])

/** What kind of storage trouble an error is (database, file system or object store), if any. */
export function storageProblemOf(e: unknown): StorageProblem | null {
  const code = String((e as { code?: unknown } | null)?.code ?? '')
  if (FULL.has(code)) return 'full'
  if (READ_ONLY.has(code) || code.startsWith('SQLITE_READONLY')) return 'read-only'
  if (UNREACHABLE.has(code) || code.startsWith('SQLITE_IOERR')) return 'unreachable'
  const s3 = e as { $metadata?: { httpStatusCode?: number }; name?: string } | null
  if (s3?.$metadata?.httpStatusCode !== undefined && s3.$metadata.httpStatusCode >= 500)
    return 'unreachable'
  if (s3?.name === 'TimeoutError') return 'unreachable'
  if (/Connection terminated|connection timeout/i.test(String((e as Error | null)?.message)))
    return 'unreachable'
  return null
}

export interface ErrorAnswer {
  status: number
  error: 'storage-full' | 'unavailable' | 'internal' | 'bad-request'
  reason: string
}

/** The answer for an unexpected error thrown while handling a request. */
export function answerFor(e: unknown): ErrorAnswer {
  if (BAD_TEXT.has(String((e as { code?: unknown } | null)?.code ?? '')))
    return {
      status: 400,
      error: 'bad-request',
      reason: 'a text in the request holds characters that cannot be stored (e.g. NUL)',
    }
  const p = storageProblemOf(e)
  if (p === 'full')
    return {
      status: 507,
      error: 'storage-full',
      reason: 'the server is out of storage space; nothing was stored — try again later',
    }
  if (p === 'read-only')
    return {
      status: 503,
      error: 'unavailable',
      reason: 'the server cannot store anything right now (read-only storage); try again later',
    }
  if (p === 'unreachable')
    return {
      status: 503,
      error: 'unavailable',
      reason: 'the server cannot reach its storage right now; try again later',
    }
  return {
    status: 500,
    error: 'internal',
    reason: 'internal error; the server log has the details',
  }
}
