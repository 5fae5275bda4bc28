/**
 * Content-addressed evidence files of the central service: DATA/evidence/ab/<sha256>, and
 * partial uploads in DATA/partial/<sha256> that grow by appends at the offset the client names
 * (so an interrupted upload resumes where the bytes stopped). A partial file becomes evidence
 * only after its SHA-256 matches its name (fsync, then rename).
 */
import { createHash } from 'node:crypto'
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'

export const MAX_EVIDENCE_BYTES = 1024 ** 3

export type AppendResult =
  | { status: 'present' | 'stored' | 'partial'; received: number }
  | { status: 'offset-mismatch'; received: number }
  | { status: 'too-large' | 'hash-mismatch'; received: number; actual?: string }

export class EvidenceStore {
  private readonly locks = new Map<string, Promise<unknown>>()
  /** Bytes appended to partial files since start (tests check nothing was sent twice). */
  appendedBytes = 0

  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'evidence'), { recursive: true })
    mkdirSync(join(dir, 'partial'), { recursive: true })
  }

  /** Evidence is addressed by lowercase hex SHA-256 only: nothing else ever reaches a path. */
  static isSha256(s: string): boolean {
    return /^[0-9a-f]{64}$/.test(s)
  }

  pathOf(sha: string): string {
    if (!EvidenceStore.isSha256(sha)) throw new Error('evidence id must be a lowercase hex SHA-256')
    return join(this.dir, 'evidence', sha.slice(0, 2), sha)
  }

  private partialOf(sha: string): string {
    if (!EvidenceStore.isSha256(sha)) throw new Error('evidence id must be a lowercase hex SHA-256')
    return join(this.dir, 'partial', sha)
  }

  has(sha: string): boolean {
    return EvidenceStore.isSha256(sha) && existsSync(this.pathOf(sha))
  }

  /** Bytes of a partial upload already received (0 when none). */
  received(sha: string): number {
    if (!EvidenceStore.isSha256(sha)) return 0
    try {
      return statSync(this.partialOf(sha)).size
    } catch {
      return 0
    }
  }

  /** Serialises work per hash (two clients uploading the same file). */
  private async withLock<T>(sha: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(sha) ?? Promise.resolve()
    const next = prev.then(fn, fn)
    this.locks.set(sha, next)
    try {
      return await next
    } finally {
      if (this.locks.get(sha) === next) this.locks.delete(sha)
    }
  }

  append(sha: string, offset: number, total: number, chunk: Uint8Array): Promise<AppendResult> {
    return this.withLock(sha, async () => {
      if (this.has(sha)) return { status: 'present', received: total }
      if (total > MAX_EVIDENCE_BYTES) return { status: 'too-large', received: 0 }
      const partial = this.partialOf(sha)
      const have = this.received(sha)
      if (offset !== have) return { status: 'offset-mismatch', received: have }
      if (have + chunk.length > total) {
        rmSync(partial, { force: true })
        return { status: 'too-large', received: 0 }
      }
      if (chunk.length) {
        const fd = openSync(partial, 'a')
        try {
          writeSync(fd, chunk)
        } finally {
          closeSync(fd)
        }
        this.appendedBytes += chunk.length
      } else if (!existsSync(partial)) {
        closeSync(openSync(partial, 'a'))
      }
      const now = have + chunk.length
      if (now < total) return { status: 'partial', received: now }
      const actual = await hashFile(partial)
      if (actual !== sha) {
        rmSync(partial, { force: true })
        return { status: 'hash-mismatch', received: 0, actual }
      }
      const fd = openSync(partial, 'r')
      fsyncSync(fd)
      closeSync(fd)
      mkdirSync(join(this.dir, 'evidence', sha.slice(0, 2)), { recursive: true })
      renameSync(partial, this.pathOf(sha))
      return { status: 'stored', received: total }
    })
  }
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')))
  })
}
