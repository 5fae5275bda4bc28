/**
 * Content-addressed evidence files: <dataDir>/evidence/<aa>/<sha256> where aa = the first two
 * hex digits. A file is written to a temp name in the same directory, fsync'ed, renamed into
 * place and the directory fsync'ed — all BEFORE any database row names it. Original file names
 * never reach a path. Storing the same bytes twice keeps one file.
 *
 * Encryption at rest (issue 7): given a key, each file is AES-256-GCM encrypted —
 * 'DLE1' | 12-byte random nonce | ciphertext | 16-byte tag, AAD = 'dl-assessor evidence <sha256>'
 * (binds the file to its address) — and still addressed by the SHA-256 of the PLAINTEXT, so the
 * hashes in bundles stay valid. `read` decrypts, verifies the tag and then the hash. Plain files
 * (written before encryption was on) are still read (hash verified) and `encryptPlainFiles`
 * converts them in place, deciding per file from its first 4 bytes and its size only.
 *
 * Adding a file and the rows that name it (issue 12 item 7): `add` writes the file, then runs
 * the caller's transaction; if that fails, the file is removed only when this call wrote it and
 * no committed row names it, decided while no other add of the same content can run (see `add`).
 * What a crash leaves behind (a file whose transaction never committed) is removed at the next
 * start by `sweepUnnamedFiles` (unnamed-sweep.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { open, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256Hex } from '../crypto/node-crypto'
import { writeFileDurable } from '../../../node/fs-durable'
import { KeyedLock } from './content-lock'

const SHA_RE = /^[0-9a-f]{64}$/

export interface StoredBlob {
  sha256: string
  size: number
  /** true when identical content was already stored */
  existed: boolean
}

export const EVIDENCE_MAGIC = Buffer.from('DLE1')
const NONCE = 12
const TAG = 16
/** Bytes an encrypted file has beyond its plaintext. */
export const EVIDENCE_OVERHEAD = EVIDENCE_MAGIC.length + NONCE + TAG

export function encryptEvidence(key: Uint8Array, sha256: string, plain: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE)
  const c = createCipheriv('aes-256-gcm', key, nonce)
  c.setAAD(Buffer.from(`dl-assessor evidence ${sha256}`))
  const body = Buffer.concat([c.update(plain), c.final()])
  return Buffer.concat([EVIDENCE_MAGIC, nonce, body, c.getAuthTag()])
}

/** Plaintext, or null when the tag does not verify (wrong key, tampered, not encrypted). */
export function decryptEvidence(key: Uint8Array, sha256: string, file: Uint8Array): Buffer | null {
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength)
  if (b.length < EVIDENCE_OVERHEAD || !b.subarray(0, 4).equals(EVIDENCE_MAGIC)) return null
  try {
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(4, 4 + NONCE))
    d.setAAD(Buffer.from(`dl-assessor evidence ${sha256}`))
    d.setAuthTag(b.subarray(b.length - TAG))
    return Buffer.concat([d.update(b.subarray(4 + NONCE, b.length - TAG)), d.final()])
  } catch {
    return null
  }
}

/**
 * Whether a file has the encrypted layout, judged from its header and size alone (reads 4 bytes):
 * 'DLE1' magic and room for nonce and tag. A plain file that happens to begin with 'DLE1' is
 * judged encrypted and stays plain; `read` still serves it (the tag fails, the hash verifies).
 */
export async function looksEncrypted(path: string): Promise<boolean> {
  const fh = await open(path, 'r')
  try {
    const { size } = await fh.stat()
    if (size < EVIDENCE_OVERHEAD) return false
    const head = Buffer.alloc(EVIDENCE_MAGIC.length)
    const { bytesRead } = await fh.read(head, 0, head.length, 0)
    return bytesRead === head.length && head.equals(EVIDENCE_MAGIC)
  } finally {
    await fh.close()
  }
}

export class EvidenceStore {
  readonly root: string
  readonly #key: Uint8Array | undefined
  readonly #busy = new KeyedLock()
  /** `key`: 32-byte AES key (derived from the database key); omit for plain files. */
  constructor(dataDir: string, key?: Uint8Array) {
    this.root = join(dataDir, 'evidence')
    this.#key = key
  }

  get encrypted(): boolean {
    return this.#key !== undefined
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

  /**
   * Writes the file unless identical, readable content is already stored. Services store files
   * through `add` (which calls this under the content's lock); a bare `put` is for a store no
   * service uses (the staging store of a restore).
   */
  async put(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256Hex(bytes)
    const size = bytes.byteLength
    const final = this.pathFor(sha256)
    try {
      const st = await stat(final)
      const want = this.#key ? size + EVIDENCE_OVERHEAD : size
      if (st.isFile() && st.size === want && (await this.#readable(sha256)))
        return { sha256, size, existed: true }
    } catch {
      // not there yet
    }
    return this.#write(sha256, this.#key ? encryptEvidence(this.#key, sha256, bytes) : bytes, size)
  }

  async #readable(sha256: string): Promise<boolean> {
    try {
      await this.read(sha256)
      return true
    } catch {
      return false
    }
  }

  async #write(sha256: string, bytes: Uint8Array, size: number): Promise<StoredBlob> {
    await writeFileDurable(this.pathFor(sha256), bytes)
    return { sha256, size, existed: false }
  }

  /**
   * Runs `fn` while no other `exclusive` call for the same content runs on this store. Every
   * step that writes, names or removes a stored file for a content goes through here (`add`,
   * the unnamed-file sweep). Serializing inside this process is enough: one process owns a data
   * directory (the data-dir lock, storage/data-dir-lock.ts), and a backend has one store.
   */
  async exclusive<T>(sha256: string, fn: () => Promise<T>): Promise<T> {
    if (!SHA_RE.test(sha256)) throw new Error('invalid sha256')
    return this.#busy.run(sha256, fn)
  }

  /**
   * Stores `bytes` (file first: temp + fsync + rename, outside any transaction), then runs
   * `commit` — the caller's one transaction that writes the rows naming the file — and returns
   * its value. Both run inside `exclusive(sha256)`, so another add of the same bytes cannot find
   * the file present and commit a row naming it while this add may still remove it.
   *
   * When `commit` fails, the file is removed if and only if this call wrote it (`existed` was
   * false: a file that was already there belongs to others) and `named(sha256)` — committed rows
   * of every table that names stored files — is false. That check and the unlink cannot
   * interleave with a commit that names the file: (1) no other add of this content is between
   * its write and its commit (this lock); (2) the check reads through the one connection, so it
   * sees everything committed and no transaction is half-way; (3) apart from an add, rows naming
   * a file only come from copying rows that already name it (a corrected version copies its
   * evidence rows), which the check would have seen. The unlink therefore needs no transaction
   * (no file I/O inside one). A failing cleanup is swallowed — the caller gets the real error,
   * and the start-up sweep removes the file later.
   */
  async add<T>(
    bytes: Uint8Array,
    commit: (blob: StoredBlob) => Promise<T>,
    named: (sha256: string) => Promise<boolean>,
  ): Promise<T> {
    return this.exclusive(sha256Hex(bytes), async () => {
      const blob = await this.put(bytes)
      try {
        return await commit(blob)
      } catch (err) {
        if (!blob.existed) await this.#removeUnnamed(blob.sha256, named).catch(() => undefined)
        throw err
      }
    })
  }

  /**
   * Removes the file of `sha256` when no committed row names it (`named`) and, given
   * `writtenBefore`, when it was last written before then; takes `exclusive(sha256)` itself, so
   * no add of the same content is between its write and its commit meanwhile. Missing is fine.
   * Returns whether a file was removed.
   */
  removeIfUnnamed(
    sha256: string,
    named: (sha256: string) => Promise<boolean>,
    opts: { writtenBefore?: Date } = {},
  ): Promise<boolean> {
    return this.exclusive(sha256, () => this.#removeUnnamed(sha256, named, opts.writtenBefore))
  }

  /** Only inside `exclusive(sha256)`. */
  async #removeUnnamed(
    sha256: string,
    named: (sha256: string) => Promise<boolean>,
    writtenBefore?: Date,
  ): Promise<boolean> {
    const path = this.pathFor(sha256)
    const st = await stat(path).catch(() => null)
    if (!st?.isFile()) return false
    if (writtenBefore && st.mtimeMs >= writtenBefore.getTime()) return false
    if (await named(sha256)) return false
    await rm(path, { force: true })
    return true
  }

  /** The plaintext bytes: tag verified (encrypted files), then the hash. */
  async read(sha256: string): Promise<Buffer> {
    const raw = await readFile(this.pathFor(sha256))
    const plain = this.#key ? decryptEvidence(this.#key, sha256, raw) : null
    const bytes = plain ?? raw
    const actual = sha256Hex(bytes)
    if (actual !== sha256) {
      const why = raw.subarray(0, 4).equals(EVIDENCE_MAGIC)
        ? this.#key
          ? 'cannot be decrypted (wrong key or tampered)'
          : 'is encrypted and no key was given'
        : `is corrupt (hash ${actual})`
      throw new Error(`evidence file ${sha256} ${why}`)
    }
    return bytes
  }

  /** Every stored hash (file names under evidence/<aa>/). */
  async list(): Promise<string[]> {
    const out: string[] = []
    let dirs: string[]
    try {
      dirs = await readdir(this.root)
    } catch {
      return out
    }
    for (const d of dirs.sort()) {
      if (!/^[0-9a-f]{2}$/.test(d)) continue
      for (const f of (await readdir(join(this.root, d))).sort())
        if (SHA_RE.test(f) && f.startsWith(d)) out.push(f)
    }
    return out
  }

  /**
   * Encrypts, in place and one by one (temp + fsync + rename), every plain file whose hash
   * verifies; leaves corrupt ones untouched. Removes stale temp files. Returns how many changed.
   * Runs at every start, so a file with the encrypted layout is judged from its first bytes only
   * (`looksEncrypted`) and never read whole nor rewritten; its tag is checked when it is read.
   */
  async encryptPlainFiles(): Promise<number> {
    if (!this.#key) return 0
    let n = 0
    for (const sha of await this.list()) {
      if (await looksEncrypted(this.pathFor(sha))) continue
      const raw = await readFile(this.pathFor(sha))
      if (sha256Hex(raw) !== sha) continue
      await this.#write(sha, encryptEvidence(this.#key, sha, raw), raw.length)
      n++
    }
    try {
      for (const d of await readdir(this.root))
        for (const f of await readdir(join(this.root, d)).catch(() => []))
          if (f.startsWith('.tmp-')) await rm(join(this.root, d, f), { force: true })
    } catch {
      // no evidence directory yet
    }
    return n
  }
}
