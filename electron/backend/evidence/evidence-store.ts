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
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { open, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256Hex } from '../crypto/node-crypto'
import { writeFileDurable } from '../storage/fs-durable'

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
   * Removes a stored file (missing is fine). Only for a file this process has just written and
   * that no row names: an operation whose transaction failed after `put` (e.g. the disk filled
   * between the file and its row) so that it leaves nothing behind.
   */
  async discard(sha256: string): Promise<void> {
    await rm(this.pathFor(sha256), { force: true })
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
