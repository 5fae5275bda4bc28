/**
 * The streamed backup container, format 2 (issue 12: memory independent of data size).
 *
 *   'DLBACKUP' | u32 BE header length | header JSON | segment 0 | segment 1 | … | segment n-1
 *
 * The plaintext is cut into segments of `header.segment` bytes (the last one shorter or equal).
 * Encrypted (cipher 'aes-256-gcm'): each segment is AES-256-GCM on its own with the nonce
 * `noncePrefix (8 bytes, random per backup) | u32 BE index` and the AAD
 * `head | u32 BE index | final flag (1 byte)`, stored as ciphertext | 16-byte tag — the STREAM
 * construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015): segments cannot be reordered, dropped
 * or cut off at a boundary without a tag failing. Every segment is checked before its bytes are
 * used. Cipher 'none' (explicit unencrypted test mode): the plaintext as is.
 *
 * The plaintext: u32 BE manifest length | manifest JSON | every entry's bytes in manifest order,
 * nothing compressed. The manifest (path, size, SHA-256 of each entry) comes first, so a reader
 * checks the paths, the sizes and that they add up to exactly the plaintext length before it
 * reads a single entry; each entry is hashed while it streams.
 * node:crypto does the AES-GCM; the framing is these few lines because no maintained library
 * for a segmented AEAD file format ships with Node (libsodium's secretstream would be the one).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'

export const MAGIC = Buffer.from('DLBACKUP')
export const SEGMENT = 1024 * 1024
const TAG = 16

/** Writes the segmented body after `head`; `write` the plaintext, then `end`. */
export class SegmentWriter {
  private readonly buf = Buffer.alloc(SEGMENT)
  private fill = 0
  private index = 0
  /** Bytes written to the file so far (head included). */
  written: number

  constructor(
    private readonly out: (bytes: Buffer) => Promise<void>,
    private readonly head: Buffer,
    private readonly key: Uint8Array | undefined,
    private readonly noncePrefix: Buffer,
  ) {
    this.written = head.length
  }

  async write(data: Uint8Array): Promise<void> {
    let at = 0
    while (at < data.length) {
      if (this.fill === SEGMENT) await this.flush(false) // more follows: not the final one
      const n = Math.min(SEGMENT - this.fill, data.length - at)
      this.buf.set(data.subarray(at, at + n), this.fill)
      this.fill += n
      at += n
    }
  }

  async end(): Promise<void> {
    await this.flush(true)
  }

  private async flush(final: boolean): Promise<void> {
    const plain = this.buf.subarray(0, this.fill)
    let out: Buffer
    if (!this.key) out = Buffer.from(plain)
    else {
      const c = createCipheriv('aes-256-gcm', this.key, nonce(this.noncePrefix, this.index))
      c.setAAD(aad(this.head, this.index, final))
      out = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()])
    }
    await this.out(out)
    this.written += out.length
    this.index++
    this.fill = 0
  }
}

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12)
  prefix.copy(n, 0, 0, 8)
  n.writeUInt32BE(index, 8)
  return n
}

function aad(head: Buffer, index: number, final: boolean): Buffer {
  const t = Buffer.alloc(5)
  t.writeUInt32BE(index, 0)
  t[4] = final ? 1 : 0
  return Buffer.concat([head, t])
}

export class SegmentError extends Error {}

/** Plaintext length of a body of `bodyLength` bytes (throws when it cannot be a valid body). */
export function plaintextLength(bodyLength: number, encrypted: boolean): number {
  if (!encrypted) return bodyLength
  const stored = SEGMENT + TAG
  const n = Math.ceil(bodyLength / stored)
  const last = bodyLength - (n - 1) * stored
  if (n === 0 || last < TAG) throw new SegmentError('内容长度不符')
  return bodyLength - n * TAG
}

/**
 * Yields the checked plaintext of the body at [start, end) of `fh`, segment by segment (only
 * one segment in memory). A tag that fails throws SegmentError naming the segment.
 */
export async function* readSegments(
  fh: FileHandle,
  start: number,
  end: number,
  head: Buffer,
  key: Uint8Array | undefined,
  noncePrefix: Buffer,
): AsyncGenerator<Buffer> {
  const stored = key ? SEGMENT + TAG : SEGMENT
  const body = end - start
  const n = Math.max(1, Math.ceil(body / stored))
  const buf = Buffer.alloc(stored)
  for (let i = 0; i < n; i++) {
    const len = Math.min(stored, body - i * stored)
    const { bytesRead } = await fh.read(buf, 0, len, start + i * stored)
    if (bytesRead !== len) throw new SegmentError('文件在读取时被截断')
    if (!key) {
      yield Buffer.from(buf.subarray(0, len))
      continue
    }
    if (len < TAG) throw new SegmentError(`第 ${i + 1} 段过短`)
    try {
      const d = createDecipheriv('aes-256-gcm', key, nonce(noncePrefix, i))
      d.setAAD(aad(head, i, i === n - 1))
      d.setAuthTag(buf.subarray(len - TAG, len))
      yield Buffer.concat([d.update(buf.subarray(0, len - TAG)), d.final()])
    } catch {
      throw new SegmentError(`第 ${i + 1} 段解密校验失败`)
    }
  }
}

/**
 * Splits a byte stream (the plaintext) into: the manifest (u32 BE length, capped), then the
 * entries in the order and sizes `sizes(manifest)` returns. `onManifest` may throw to refuse;
 * `onEntry` gets each entry's chunks in order (`last` on its final chunk).
 */
export async function splitPlaintext<M>(
  chunks: AsyncIterable<Buffer>,
  maxManifest: number,
  onManifest: (manifestBytes: Buffer) => { manifest: M; sizes: number[] },
  onEntry: (index: number, chunk: Buffer, last: boolean) => Promise<void>,
): Promise<M> {
  let pending: Buffer = Buffer.alloc(0)
  let manifestLen = -1
  let parsed: { manifest: M; sizes: number[] } | null = null
  let entry = 0
  let left = 0
  const skipEmpty = async (): Promise<void> => {
    while (parsed && entry < parsed.sizes.length && left === 0) {
      await onEntry(entry, Buffer.alloc(0), true)
      entry++
      left = parsed.sizes[entry] ?? 0
    }
  }
  for await (const c of chunks) {
    let data: Buffer = pending.length ? Buffer.concat([pending, c]) : c
    pending = Buffer.alloc(0)
    if (!parsed) {
      if (manifestLen < 0) {
        if (data.length < 4) {
          pending = data
          continue
        }
        manifestLen = data.readUInt32BE(0)
        if (manifestLen > maxManifest) throw new SegmentError('清单过大')
        data = data.subarray(4)
      }
      if (data.length < manifestLen) {
        pending = data
        continue
      }
      parsed = onManifest(data.subarray(0, manifestLen))
      data = data.subarray(manifestLen)
      left = parsed.sizes[0] ?? 0
      await skipEmpty()
    }
    while (data.length > 0) {
      if (entry >= parsed.sizes.length) throw new SegmentError('清单之后还有多余的内容')
      const n = Math.min(left, data.length)
      left -= n
      await onEntry(entry, data.subarray(0, n), left === 0)
      data = data.subarray(n)
      if (left === 0) {
        entry++
        left = parsed.sizes[entry] ?? 0
        await skipEmpty()
      }
    }
  }
  if (!parsed) throw new SegmentError('缺少清单')
  if (entry < parsed.sizes.length) throw new SegmentError('内容不完整')
  return parsed.manifest
}
