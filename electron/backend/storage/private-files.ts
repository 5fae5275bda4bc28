/**
 * Private storage (issue 12 §5): the data directory is 0700 and every file in it 0600, so other
 * users of the computer read nothing (keys, the database, evidence, backups, sync config).
 * Files written through fs-durable are created 0600 (every rewrite is a new 0600 file); the
 * SQLite files are created by SQLite with the umask's mode and are narrowed here after opening
 * (SQLite gives its -wal/-shm files the database file's mode). No-ops on Windows, where the
 * per-user profile directory (%LOCALAPPDATA%) already carries the user-only ACL.
 */
import { chmodSync, lstatSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DIR_MODE, FILE_MODE, mkdirpSync } from '../../../node/fs-durable'

const posix = (): boolean => process.platform !== 'win32'

/**
 * Creates `dir` (0700) or narrows an existing one we own to 0700. A directory that was wider
 * comes from a version before this rule: everything in it is narrowed once (files 0600,
 * directories 0700; symlinks are left alone).
 */
export function makePrivateDir(dir: string): void {
  mkdirpSync(dir)
  if (!posix()) return
  const st = statSync(dir)
  if ((st.mode & 0o077) === 0 || st.uid !== process.getuid?.()) return
  chmodSync(dir, DIR_MODE)
  narrowTree(dir)
}

function narrowTree(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const st = lstatSync(p)
    if (st.isDirectory()) {
      if ((st.mode & 0o077) !== 0) chmodSync(p, DIR_MODE)
      narrowTree(p)
    } else if (st.isFile() && (st.mode & 0o077) !== 0) chmodSync(p, FILE_MODE)
  }
}

/**
 * Right after SQLite opened `dbFile` (before anything is written to it): narrows the database and
 * its side files to 0600. SQLite creates later -wal/-journal files with the database's mode.
 */
export function makePrivate(dbFile: string): void {
  if (!posix()) return
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, FILE_MODE)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
  }
}
