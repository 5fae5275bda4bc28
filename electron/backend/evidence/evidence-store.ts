/**
 * Content-addressed evidence files: <dataDir>/evidence/<aa>/<sha256> where aa = the first two
 * hex digits. A file is written to a temp name in the same directory, fsync'ed, renamed into
 * place and the directory fsync'ed — all BEFORE any database row names it. Original file names
 * never reach a path. Storing the same bytes twice keeps one file.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

const SHA_RE = /^[0-9a-f]{64}$/

export interface StoredBlob {
  sha256: string
  size: number
  /** true when identical content was already stored */
  existed: boolean
}

export class EvidenceStore {
  readonly root: string
  constructor(dataDir: string) {
    this.root = join(dataDir, 'evidence')
  }

  pathFor(sha256: string): string {
    if (!SHA_RE.test(sha256)) throw new Error('invalid sha256')
    return join(this.root, sha256.slice(0, 2), sha256)
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathFor(sha256))).isFile()
    } catch {
      return false
    }
  }

  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const size = bytes.byteLength
    const final = this.pathFor(sha256)
    try {
      const st = await stat(final)
      if (st.isFile() && st.size === size) return { sha256, size, existed: true }
    } catch {
      // not there yet
    }
    const dir = join(this.root, sha256.slice(0, 2))
    await mkdir(dir, { recursive: true })
    const tmp = join(dir, `.tmp-${randomBytes(8).toString('hex')}`)
    const fh = await open(tmp, 'wx')
    try {
      await fh.writeFile(bytes)
      await fh.sync()
    } finally {
      await fh.close()
    }
    try {
      await rename(tmp, final)
    } catch (e) {
      await rm(tmp, { force: true })
      throw e
    }
    await syncDir(dir)
    return { sha256, size, existed: false }
  }

  /** The bytes, verified against their hash. */
  async read(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.pathFor(sha256))
    const actual = createHash('sha256').update(bytes).digest('hex')
    if (actual !== sha256) throw new Error(`evidence file ${sha256} is corrupt (hash ${actual})`)
    return bytes
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename durable. Not supported on Windows (EPERM/EISDIR): ignore there.
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
