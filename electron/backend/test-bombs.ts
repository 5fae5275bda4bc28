/**
 * Crafted archives for the bounded-archive tests and the bench (issue 12): deflate streams that
 * expand far beyond their size, and zip files whose headers declare whatever the test says (a
 * zip writer of its own, because every real one writes honest sizes).
 */
import { constants, createDeflateRaw } from 'node:zlib'

/** Raw DEFLATE of `inflated` zero bytes (level 9: about 1 KiB per MiB). */
export async function deflateBomb(inflated: number): Promise<Buffer> {
  const z = createDeflateRaw({ level: 9, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY })
  const out: Buffer[] = []
  z.on('data', (b: Buffer) => out.push(b))
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', resolve)
    z.on('error', reject)
  })
  const block = Buffer.alloc(1024 * 1024)
  for (let left = inflated; left > 0; left -= block.length) {
    const part = left >= block.length ? block : block.subarray(0, left)
    if (!z.write(part)) await new Promise((r) => z.once('drain', r))
  }
  z.end()
  await done
  return Buffer.concat(out)
}

export interface CraftedEntry {
  name: string
  /** the bytes as stored in the zip (already deflated when method is 8) */
  data: Uint8Array
  method: 0 | 8
  /** what the headers claim the entry inflates to */
  declaredSize: number
  /** CRC-32 written in the headers (crafted entries do not get that far) */
  crc?: number
}

/** A zip (no data descriptors, no zip64) with the given entries and declared sizes. */
export function craftZip(entries: CraftedEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const lh = Buffer.alloc(30)
    lh.writeUInt32LE(0x04034b50, 0)
    lh.writeUInt16LE(20, 4)
    lh.writeUInt16LE(0x0800, 6) // UTF-8 names
    lh.writeUInt16LE(e.method, 8)
    lh.writeUInt16LE(0, 10)
    lh.writeUInt16LE(0x21, 12) // 1980-01-01
    lh.writeUInt32LE(e.crc ?? 0, 14)
    lh.writeUInt32LE(e.data.length, 18)
    lh.writeUInt32LE(e.declaredSize, 22)
    lh.writeUInt16LE(name.length, 26)
    lh.writeUInt16LE(0, 28)
    locals.push(lh, name, Buffer.from(e.data))
    const ch = Buffer.alloc(46)
    ch.writeUInt32LE(0x02014b50, 0)
    ch.writeUInt16LE(20, 4)
    ch.writeUInt16LE(20, 6)
    ch.writeUInt16LE(0x0800, 8)
    ch.writeUInt16LE(e.method, 10)
    ch.writeUInt16LE(0, 12)
    ch.writeUInt16LE(0x21, 14)
    ch.writeUInt32LE(e.crc ?? 0, 16)
    ch.writeUInt32LE(e.data.length, 20)
    ch.writeUInt32LE(e.declaredSize, 24)
    ch.writeUInt16LE(name.length, 28)
    ch.writeUInt32LE(offset, 42)
    centrals.push(ch, name)
    offset += 30 + name.length + e.data.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}
