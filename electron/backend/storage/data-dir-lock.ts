/**
 * One process per data directory (issue 12 §4). Two processes writing one SQLite database and one
 * evidence directory (host + CLI, two hosts, the app and `backup restore`) would each confirm
 * saves the other then loses. Whoever writes takes `<dataDir>/dl-assessor.lock` first: the desktop
 * backend, the browser-mode backend and every CLI command that writes (createBackend does it;
 * `sync` for its own directory). Read-only CLI commands (`audit verify`) open the database
 * read-only and take no lock.
 *
 * The lock file is JSON {pid, command, host, since, token}, created atomically with its content
 * (written to a private temp file, then hard-linked to the lock name: the link fails with EEXIST
 * when someone holds it; where the file system has no hard links, an exclusive create). A second
 * process gets CONFLICT naming the directory and the holder. A lock whose holder is gone (same
 * computer, pid not running: a crash or SIGKILL) is taken over. Released on close and at exit.
 *
 * Limits: a holder on another computer (shared network folder) is never considered gone; a pid
 * reused by an unrelated process keeps the lock until the file is removed — the message says
 * which process holds it and which file to delete.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { AppException } from '../../../shared/contract/errors'
import { FILE_MODE, mkdirpSync, renameDurableSync } from '../../../node/fs-durable'

export const LOCK_FILE = 'dl-assessor.lock'

export interface LockHolder {
  pid: number
  command: string
  host: string
  since: string
  token: string
}

export interface DataDirLock {
  file: string
  holder: LockHolder
  release(): void
}

export interface LockOptions {
  /** What the holder is, shown to a second process (default: this process's command line). */
  command?: string
  /** Seams for tests. */
  isAlive?: (pid: number) => boolean
  host?: string
  now?: () => Date
}

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function defaultCommand(): string {
  const argv = process.argv.slice(1).map((a) => (/\s/.test(a) ? JSON.stringify(a) : a))
  return [process.argv0, ...argv].join(' ').slice(0, 300)
}

const held = new Map<string, DataDirLock>()
let exitHook = false

function readHolder(file: string): LockHolder | null | 'absent' {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'
    throw e
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>
    if (typeof h.pid === 'number' && typeof h.token === 'string')
      return {
        pid: h.pid,
        command: String(h.command ?? ''),
        host: String(h.host ?? ''),
        since: String(h.since ?? ''),
        token: h.token,
      }
  } catch {
    // fall through
  }
  return null
}

/** Creates `file` with `content` only if it does not exist; false when it does. */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(tmp, content, { mode: FILE_MODE, flag: 'wx' })
  try {
    linkSync(tmp, file)
    return true
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e
    // no hard links here (FAT/exFAT): an exclusive create, content written right after
    try {
      writeFileSync(file, content, { mode: FILE_MODE, flag: 'wx' })
      return true
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw e2
    }
  } finally {
    rmSync(tmp, { force: true })
  }
}

/** Temp files of takers killed half-way (their pid is gone). */
function removeLeftovers(dataDir: string, isAlive: (pid: number) => boolean): void {
  for (const n of readdirSync(dataDir)) {
    if (!n.startsWith(`${LOCK_FILE}.`)) continue
    const tmp = /^\.(\d+)-[0-9a-f]+\.tmp$/.exec(n.slice(LOCK_FILE.length))
    if (tmp && !isAlive(Number(tmp[1]))) rmSync(join(dataDir, n), { force: true })
  }
}

export function lockedMessage(dataDir: string, file: string, h: LockHolder | null): string {
  const who = h
    ? `进程 ${h.pid}${h.host && h.host !== hostname() ? `（计算机 ${h.host}）` : ''}：${h.command || '未知命令'}，自 ${h.since}`
    : '锁文件内容无法读取'
  return `数据目录 ${dataDir} 正被另一个程序使用（${who}）。同一数据目录同时只能由一个程序写入：请先关闭它再试；若该程序确已不在运行，删除 ${file} 后重试。`
}

/** Takes the lock on `dataDir` or throws CONFLICT (field 'dataDir') naming the holder. */
export function acquireDataDirLock(dataDir: string, opts: LockOptions = {}): DataDirLock {
  const isAlive = opts.isAlive ?? pidAlive
  const host = opts.host ?? hostname()
  mkdirpSync(dataDir)
  const file = join(dataDir, LOCK_FILE)
  const holder: LockHolder = {
    pid: process.pid,
    command: opts.command ?? defaultCommand(),
    host,
    since: (opts.now?.() ?? new Date()).toISOString(),
    token: randomBytes(12).toString('hex'),
  }
  const content = JSON.stringify(holder) + '\n'
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, content)) {
      const lock: DataDirLock = {
        file,
        holder,
        release() {
          if (!held.delete(file + '\0' + holder.token)) return
          const now = readHolder(file)
          if (now && now !== 'absent' && now.token === holder.token) rmSync(file, { force: true })
        },
      }
      held.set(file + '\0' + holder.token, lock)
      removeLeftovers(dataDir, isAlive)
      if (!exitHook) {
        exitHook = true
        process.once('exit', () => {
          for (const l of [...held.values()]) l.release()
        })
      }
      return lock
    }
    const other = readHolder(file)
    if (other === 'absent') continue // released meanwhile: try again
    const gone =
      other !== null && other.host === host && other.pid !== process.pid && !isAlive(other.pid)
    if (!gone) throw new AppException('CONFLICT', lockedMessage(dataDir, file, other), 'dataDir')
    // The holder crashed: move its lock aside (a rename: only one taker gets that file) and retry.
    // A taker that moved a fresh lock instead (another taker won meanwhile) puts it back.
    const aside = `${file}.stale-${randomBytes(4).toString('hex')}`
    try {
      renameDurableSync(file, aside)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw e
    }
    const moved = readHolder(aside)
    if (moved !== 'absent' && moved !== null && moved.token !== other.token) {
      try {
        linkSync(aside, file)
      } catch {
        // someone else holds it now: the next attempt reads them
      }
    }
    rmSync(aside, { force: true })
  }
  throw new AppException('CONFLICT', lockedMessage(dataDir, file, null), 'dataDir')
}
