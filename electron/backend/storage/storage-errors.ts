/**
 * Storage failures → clear user errors naming the data directory (issue 7, running out of room):
 *   SQLITE_FULL / ENOSPC / EDQUOT                 → DISK_FULL
 *   SQLITE_READONLY* / EROFS / EACCES / EPERM      → READ_ONLY_STORAGE
 * SQLite rolls the failed transaction back, so what was saved before stays intact.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppException, isAppException } from '../../../shared/contract/errors'

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT'])
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM'])

export function diskFull(dataDir: string): AppException {
  return new AppException(
    'DISK_FULL',
    `磁盘空间不足：无法写入数据目录 ${dataDir}。本次操作未保存，之前已保存的数据不受影响；请清理磁盘空间后重试。`,
  )
}

export function readOnlyStorage(dataDir: string): AppException {
  return new AppException(
    'READ_ONLY_STORAGE',
    `数据目录 ${dataDir} 为只读（或无写入权限），无法保存。之前已保存的数据不受影响；请检查磁盘或目录权限。`,
  )
}

/** The storage error `e` stands for, or null when it is something else. */
export function toStorageError(e: unknown, dataDir: string): AppException | null {
  if (isAppException(e)) return null
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (FULL.has(code)) return diskFull(dataDir)
  if (code.startsWith('SQLITE_READONLY') || READ_ONLY.has(code)) return readOnlyStorage(dataDir)
  return null
}

/**
 * After an unexplained open failure (SQLite reports SQLITE_CANTOPEN for a read-only directory):
 * READ_ONLY_STORAGE / DISK_FULL when a probe file cannot be created in `dataDir`, else null.
 */
export function probeWritable(dataDir: string): AppException | null {
  const probe = join(dataDir, `.write-probe-${process.pid}-${Date.now()}`)
  try {
    writeFileSync(probe, 'x')
    rmSync(probe, { force: true })
    return null
  } catch (e) {
    return toStorageError(e, dataDir)
  }
}

/** Runs `fn`, turning storage failures into DISK_FULL / READ_ONLY_STORAGE. */
export async function withStorageErrors<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw toStorageError(e, dataDir) ?? e
  }
}
