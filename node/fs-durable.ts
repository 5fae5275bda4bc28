/**
 * The one durable-write helper (issue 15 §2, issue 12 §5). Every file the app keeps is written as
 *
 *   temp file in the same directory (mode 0600) → write → fsync through that WRITABLE handle →
 *   rename over the target (retried on win32 while antivirus or the indexer holds a file:
 *   EPERM / EBUSY / EACCES) → fsync of the directory (where the OS has it; not on Windows).
 *
 * Raw `rename`/`fsync` (and their sync forms) are forbidden elsewhere by eslint
 * (eslint.config.js, 'no-restricted-syntax' on fs renames/fsyncs) in electron/, scripts/ and
 * central/: everything goes through here. It lives in node/ (Node-only helpers that import nothing
 * of ours but shared/) so that the desktop backend and central use one implementation; central
 * may not import electron/.
 *
 * Windows facts designed around (cannot run here; see test/fs-durable.test.ts for what is run):
 *   - FlushFileBuffers (fsync) needs a handle opened for writing: a read-only handle gives EPERM;
 *   - MoveFileEx fails with EPERM/EBUSY/EACCES while another process has the file open without
 *     FILE_SHARE_DELETE (Defender, the search indexer, backup tools): graceful-fs retries for up
 *     to a minute; we retry with backoff for up to RETRY_BUDGET_MS;
 *   - a directory cannot be opened for fsync (EPERM/EISDIR): skipped there.
 * On other systems EACCES/EPERM from rename are real permission errors and surface at once.
 *
 * `createDurableFs(ops, platform, sleep)` is the seam: tests inject failing fs functions and
 * `platform: 'win32'`; the app uses the default instance exported below.
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as fsp from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Private by default (issue 12 §5): files 0600, directories 0700 (ignored on Windows). */
export const FILE_MODE = 0o600
export const DIR_MODE = 0o700
/** How long a rename is retried on win32 before the error surfaces. */
export const RETRY_BUDGET_MS = 10_000
const RETRY_CODES = new Set(['EPERM', 'EBUSY', 'EACCES'])

/** The fs functions the helper uses: node:fs by default, failing ones in tests. */
export interface DurableFsOps {
  rename(from: string, to: string): Promise<void>
  renameSync(from: string, to: string): void
  open(path: string, flags: string, mode?: number): Promise<fsp.FileHandle>
  openSync(path: string, flags: string, mode?: number): number
  fsyncSync(fd: number): void
  writeSync(fd: number, bytes: Uint8Array, offset: number, length: number): number
  closeSync(fd: number): void
}

export const nodeFsOps: DurableFsOps = {
  rename: (a, b) => fsp.rename(a, b),
  renameSync: (a, b) => fs.renameSync(a, b),
  open: (p, f, m) => fsp.open(p, f, m),
  openSync: (p, f, m) => fs.openSync(p, f, m),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
  closeSync: (fd) => fs.closeSync(fd),
}

export interface WriteOptions {
  /** File mode of the new file (default 0600). */
  mode?: number
  /** Fail with EEXIST instead of replacing an existing target. */
  exclusive?: boolean
}

export interface DurableFs {
  /** mkdir -p (mode 0700) that reports the real cause (EROFS/EACCES/ENOSPC, not ENOENT). */
  mkdirp(dir: string): Promise<void>
  mkdirpSync(dir: string): void
  /** Replaces `file` atomically and durably with `bytes`. */
  writeFileDurable(file: string, bytes: Uint8Array, opts?: WriteOptions): Promise<void>
  writeFileDurableSync(file: string, bytes: Uint8Array, opts?: WriteOptions): void
  /** rename (retried on win32), then fsync of both directories. */
  renameDurable(from: string, to: string): Promise<void>
  renameDurableSync(from: string, to: string): void
  /** fsync of an existing file through a writable handle. */
  fsyncFile(file: string): Promise<void>
  /** Makes renames in `dir` durable; a no-op where directories cannot be fsync'ed. */
  syncDir(dir: string): Promise<void>
  syncDirSync(dir: string): void
}

export function isRetryableRename(e: unknown, platform: NodeJS.Platform): boolean {
  return platform === 'win32' && RETRY_CODES.has((e as NodeJS.ErrnoException)?.code ?? '')
}

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

export function createDurableFs(
  ops: DurableFsOps = nodeFsOps,
  platform: NodeJS.Platform = process.platform,
  sleep: { async(ms: number): Promise<void>; sync(ms: number): void } = {
    async: (ms) => new Promise((r) => setTimeout(r, ms)),
    sync: sleepSync,
  },
): DurableFs {
  const delays = function* (): Generator<number> {
    let spent = 0
    for (let d = 10; spent < RETRY_BUDGET_MS; d = Math.min(d * 2, 1000)) {
      spent += d
      yield d
    }
  }
  const renameRetry = async (from: string, to: string): Promise<void> => {
    const waits = delays()
    for (;;) {
      try {
        return await ops.rename(from, to)
      } catch (e) {
        const next = waits.next()
        if (!isRetryableRename(e, platform) || next.done) throw e
        await sleep.async(next.value)
      }
    }
  }
  const renameRetrySync = (from: string, to: string): void => {
    const waits = delays()
    for (;;) {
      try {
        return ops.renameSync(from, to)
      } catch (e) {
        const next = waits.next()
        if (!isRetryableRename(e, platform) || next.done) throw e
        sleep.sync(next.value)
      }
    }
  }
  const syncDirSync = (dir: string): void => {
    if (platform === 'win32') return
    let fd: number | undefined
    try {
      fd = ops.openSync(dir, 'r')
      ops.fsyncSync(fd)
    } catch {
      // some file systems refuse a directory fsync (EINVAL): the rename itself has happened
    } finally {
      if (fd !== undefined) ops.closeSync(fd)
    }
  }
  const syncDir = async (dir: string): Promise<void> => {
    if (platform === 'win32') return
    try {
      const fh = await ops.open(dir, 'r')
      try {
        await fh.sync()
      } finally {
        await fh.close()
      }
    } catch {
      // as above
    }
  }
  const tmpName = (file: string): string =>
    join(dirname(file), `.tmp-${basename(file)}-${randomBytes(6).toString('hex')}`)
  const exists = (file: string): boolean => fs.existsSync(file)
  const refuseExisting = (file: string): void => {
    if (exists(file))
      throw Object.assign(new Error(`EEXIST: file already exists, '${file}'`), {
        code: 'EEXIST',
        path: file,
      })
  }
  const mkdirpSync = (dir: string): void => {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      const parent = dirname(dir)
      if (parent !== dir && !exists(parent)) mkdirpSync(parent)
      if (!exists(dir)) fs.mkdirSync(dir, { mode: DIR_MODE })
    }
  }
  const mkdirp = async (dir: string): Promise<void> => {
    try {
      await fsp.mkdir(dir, { recursive: true, mode: DIR_MODE })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      const parent = dirname(dir)
      if (parent !== dir && !exists(parent)) await mkdirp(parent)
      if (!exists(dir)) await fsp.mkdir(dir, { mode: DIR_MODE })
    }
  }

  return {
    mkdirp,
    mkdirpSync,
    async writeFileDurable(file, bytes, opts = {}) {
      const dir = dirname(file)
      await mkdirp(dir)
      if (opts.exclusive) refuseExisting(file)
      const tmp = tmpName(file)
      try {
        const fh = await ops.open(tmp, 'wx', opts.mode ?? FILE_MODE)
        try {
          await fh.writeFile(bytes)
          await fh.sync()
        } finally {
          await fh.close()
        }
        if (opts.exclusive) refuseExisting(file)
        await renameRetry(tmp, file)
      } catch (e) {
        // ENOSPC / EROFS: no half-written file is left behind, and the original error surfaces
        await fsp.rm(tmp, { force: true }).catch(() => undefined)
        throw e
      }
      await syncDir(dir)
    },
    writeFileDurableSync(file, bytes, opts = {}) {
      const dir = dirname(file)
      mkdirpSync(dir)
      if (opts.exclusive) refuseExisting(file)
      const tmp = tmpName(file)
      try {
        const fd = ops.openSync(tmp, 'wx', opts.mode ?? FILE_MODE)
        try {
          for (let off = 0; off < bytes.length;)
            off += ops.writeSync(fd, bytes, off, bytes.length - off)
          ops.fsyncSync(fd) // the handle we wrote through: writable, so Windows accepts it
        } finally {
          ops.closeSync(fd)
        }
        if (opts.exclusive) refuseExisting(file)
        renameRetrySync(tmp, file)
      } catch (e) {
        fs.rmSync(tmp, { force: true })
        throw e
      }
      syncDirSync(dir)
    },
    async renameDurable(from, to) {
      await renameRetry(from, to)
      await syncDir(dirname(to))
      if (dirname(from) !== dirname(to)) await syncDir(dirname(from))
    },
    renameDurableSync(from, to) {
      renameRetrySync(from, to)
      syncDirSync(dirname(to))
      if (dirname(from) !== dirname(to)) syncDirSync(dirname(from))
    },
    async fsyncFile(file) {
      const fh = await ops.open(file, 'r+') // writable: Windows refuses FlushFileBuffers otherwise
      try {
        await fh.sync()
      } finally {
        await fh.close()
      }
    },
    syncDir,
    syncDirSync,
  }
}

const durable = createDurableFs()

export const {
  mkdirp,
  mkdirpSync,
  writeFileDurable,
  writeFileDurableSync,
  renameDurable,
  renameDurableSync,
  fsyncFile,
  syncDir,
  syncDirSync,
} = durable
