/** Durable file writes: temp name in the same directory → fsync → rename → fsync the directory. */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT on a read-only file
 * system; retried level by level, the failing level says EROFS/EACCES/ENOSPC.
 */
export async function mkdirp(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    const parent = dirname(dir)
    if (parent !== dir && !existsSync(parent)) await mkdirp(parent)
    if (!existsSync(dir)) await mkdir(dir)
  }
}

export async function writeFileDurable(file: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(file)
  await mkdirp(dir)
  const tmp = join(dir, `.tmp-${basename(file)}-${randomBytes(6).toString('hex')}`)
  try {
    const fh = await open(tmp, 'wx')
    try {
      await fh.writeFile(bytes)
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, file)
  } catch (e) {
    // ENOSPC / EROFS: no half-written file is left behind, and the original error is what surfaces
    await rm(tmp, { force: true }).catch(() => undefined)
    throw e
  }
  await syncDir(dir)
}

export async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, 'r+')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Makes renames in `dir` durable. Not supported on Windows (EPERM/EISDIR): ignored there. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
  } catch {
    // best effort
  }
}
