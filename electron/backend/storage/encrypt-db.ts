/**
 * In-place migration of an existing PLAIN database to SQLCipher on first start with a key:
 *   1. the plain database is switched to journal_mode=DELETE (checkpoints and removes its WAL),
 *   2. `VACUUM INTO` a temp copy next to it, which is encrypted with `PRAGMA rekey`
 *      (rekey is refused in WAL mode; the copy is in DELETE mode),
 *   3. the copy is fsync'ed, reopened with the key and verified (integrity_check,
 *      cipher_integrity_check, same row count in every table, same user_version),
 *   4. atomic rename over the plain file, fsync of the directory.
 * The plain file is therefore only replaced once the encrypted one verifies; a crash leaves either
 * the plain file (plus a stale temp copy, removed at the next start) or the encrypted one.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, openSync, readdirSync, readSync, closeSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { keyPragma, openHandle, type SqliteHandle } from '../db/open'
import { FILE_MODE, fsyncFile, renameDurable } from '../../../node/fs-durable'

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const TMP_MARK = '.encrypting-'

/** true when `file` exists and starts with the plain SQLite header. */
export function isPlainSqliteFile(file: string): boolean {
  if (!existsSync(file)) return false
  const fd = openSync(file, 'r')
  try {
    const head = Buffer.alloc(16)
    const n = readSync(fd, head, 0, 16, 0)
    return n === 16 && head.equals(SQLITE_MAGIC)
  } finally {
    closeSync(fd)
  }
}

function tableCounts(h: SqliteHandle): Record<string, number> {
  const names = h
    .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    .pluck()
    .all() as string[]
  const out: Record<string, number> = {}
  for (const n of names)
    out[n] = h
      .prepare(`SELECT count(*) FROM "${n.replaceAll('"', '""')}"`)
      .pluck()
      .get() as number
  return out
}

/** Removes temp copies a crash during a migration left behind. */
export function removeStaleEncryptionTemps(file: string): void {
  const dir = dirname(file)
  if (!existsSync(dir)) return
  for (const f of readdirSync(dir))
    if (f.startsWith(basename(file) + TMP_MARK)) rmSync(join(dir, f), { force: true })
}

/** Encrypts a plain database in place (see above). Returns false when there was nothing to do. */
export async function encryptPlainDatabase(file: string, key: Uint8Array): Promise<boolean> {
  removeStaleEncryptionTemps(file)
  if (!isPlainSqliteFile(file)) return false
  const tmp = `${file}${TMP_MARK}${randomBytes(6).toString('hex')}`
  const plain = new Database(file)
  let before: Record<string, number>
  let userVersion: unknown
  try {
    plain.pragma('journal_mode = DELETE')
    before = tableCounts(plain)
    userVersion = plain.pragma('user_version', { simple: true })
    plain.prepare('VACUUM INTO ?').run(tmp)
  } finally {
    plain.close()
  }
  try {
    const enc = new Database(tmp)
    try {
      enc.pragma(`cipher='sqlcipher'`)
      enc.pragma('legacy=4')
      enc.pragma(`rekey=${keyPragma(key)}`)
    } finally {
      enc.close()
    }
    await fsyncFile(tmp)
    if (isPlainSqliteFile(tmp)) throw new Error('encryption of the database copy failed')
    const check = openHandle(tmp, { key })
    try {
      const ok = check.pragma('integrity_check', { simple: true })
      if (ok !== 'ok') throw new Error(`encrypted copy failed integrity_check: ${String(ok)}`)
      const cipherCheck = check.pragma('cipher_integrity_check') as unknown[]
      if (cipherCheck.length) throw new Error('encrypted copy failed cipher_integrity_check')
      const after = tableCounts(check)
      if (JSON.stringify(after) !== JSON.stringify(before))
        throw new Error('encrypted copy differs from the plain database (row counts)')
      if (check.pragma('user_version', { simple: true }) !== userVersion)
        throw new Error('encrypted copy differs from the plain database (user_version)')
    } finally {
      check.close()
    }
    chmodSync(tmp, FILE_MODE)
    await renameDurable(tmp, file)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
  for (const side of ['-wal', '-shm', '-journal']) rmSync(file + side, { force: true })
  return true
}
