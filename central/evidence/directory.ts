/**
 * Evidence in a local directory (the embedded default): DIR/evidence/ab/<sha256>, upload chunks
 * in DIR/parts/<holder>/<sha256>/<offset>-<random>. Every file is written to a new name,
 * fsynced, renamed into place where needed, and its directory fsynced, so a receipt never
 * outlives the bytes it vouches for after a power cut (issue 12 §5).
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, type Dirent } from 'node:fs'
import { mkdir, open, readdir, rename, rm, rmdir, stat, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { checkPartName, evidenceName, type EvidenceBackend } from './backend'

/** fsync a directory so the names created or renamed in it survive a power cut. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** mkdir -p, then fsync each directory that was created and its parent. */
async function mkdirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true })
  if (first === undefined) return
  for (let d = dir; ; d = dirname(d)) {
    await syncDir(dirname(d))
    if (d === first || dirname(d) === d) break
  }
}

async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let off = 0
  while (off < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, off, bytes.length - off)
    off += bytesWritten
  }
}

export class DirectoryBackend implements EvidenceBackend {
  readonly description = 'directory'

  constructor(readonly root: string) {}

  private path(name: string): string {
    return join(this.root, ...name.split('/'))
  }

  async putPart(name: string, bytes: Uint8Array): Promise<void> {
    const file = this.path(checkPartName(name))
    await mkdirDurable(dirname(file))
    const fh = await open(file, 'wx', 0o600)
    try {
      await writeAll(fh, bytes)
      await fh.sync()
    } catch (e) {
      await fh.close().catch(() => undefined)
      await rm(file, { force: true }).catch(() => undefined)
      throw e
    }
    await fh.close()
    await syncDir(dirname(file))
  }

  async deleteParts(names: readonly string[]): Promise<void> {
    const dirs = new Set<string>()
    for (const n of names) {
      const file = this.path(checkPartName(n))
      await rm(file, { force: true })
      dirs.add(dirname(file))
    }
    // empty upload directories go too (rmdir refuses a directory that is not empty)
    for (const d of dirs) {
      await rmdir(d).catch(() => undefined)
      await rmdir(dirname(d)).catch(() => undefined)
    }
  }

  async assemble(
    sha: string,
    parts: readonly string[],
    size: number,
    store: boolean,
  ): Promise<string> {
    const h = createHash('sha256')
    const target = this.path(evidenceName(sha))
    let out: FileHandle | null = null
    let tmp = ''
    if (store) {
      await mkdirDurable(dirname(target))
      tmp = join(dirname(target), `.tmp-${sha}-${randomBytes(6).toString('hex')}`)
      out = await open(tmp, 'wx', 0o600)
    }
    let length = 0
    try {
      for (const p of parts) {
        for await (const chunk of createReadStream(this.path(checkPartName(p)))) {
          const b = chunk as Buffer
          h.update(b)
          length += b.length
          if (out) await writeAll(out, b)
        }
      }
      const digest = h.digest('hex')
      if (out) {
        if (digest === sha && length === size) {
          await out.sync()
          await out.close()
          out = null
          await rename(tmp, target)
          await syncDir(dirname(target))
          tmp = ''
        }
      }
      return digest
    } finally {
      if (out) await out.close().catch(() => undefined)
      if (tmp) await rm(tmp, { force: true }).catch(() => undefined)
    }
  }

  async read(sha: string): Promise<Readable> {
    const file = this.path(evidenceName(sha))
    await stat(file)
    return createReadStream(file)
  }

  async exists(sha: string): Promise<boolean> {
    try {
      return (await stat(this.path(evidenceName(sha)))).isFile()
    } catch {
      return false
    }
  }

  async staleParts(beforeMs: number): Promise<string[]> {
    const out: string[] = []
    let entries: Dirent[]
    try {
      entries = await readdir(join(this.root, 'parts'), { recursive: true, withFileTypes: true })
    } catch {
      return out
    }
    for (const e of entries) {
      if (!e.isFile()) continue
      const full = join(e.parentPath, e.name)
      const name = full
        .slice(this.root.length + 1)
        .split(/[\\/]/)
        .join('/')
      try {
        if ((await stat(full)).mtimeMs < beforeMs) out.push(checkPartName(name))
      } catch {
        // gone meanwhile, or not a part name: not ours to delete
      }
    }
    return out
  }

  async probe(instanceId: string): Promise<void> {
    const dir = join(this.root, 'probe')
    await mkdir(dir, { recursive: true })
    const file = join(dir, `${instanceId}-${randomBytes(4).toString('hex')}`)
    const fh = await open(file, 'wx', 0o600)
    try {
      await writeAll(fh, randomBytes(512))
      await fh.sync()
    } finally {
      await fh.close()
      await rm(file, { force: true })
    }
  }
}
