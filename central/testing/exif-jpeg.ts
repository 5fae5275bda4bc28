/**
 * A small JPEG carrying an EXIF DateTimeOriginal (for the photo-capture signal tests): SOI, an
 * APP1 "Exif" segment with a little-endian TIFF (IFD0 → Exif IFD → DateTimeOriginal), a comment
 * segment that makes each file distinct and ≥ 1 KiB, EOI. Read back by exifr like a camera photo.
 */
export function jpegWithCaptureTime(taken: string | null, tag: string): Uint8Array {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])]
  if (taken !== null) {
    if (!/^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}$/.test(taken))
      throw new Error('taken: YYYY:MM:DD HH:MM:SS')
    const tiff = Buffer.alloc(64)
    tiff.write('II', 0, 'latin1')
    tiff.writeUInt16LE(42, 2)
    tiff.writeUInt32LE(8, 4)
    // IFD0: one entry, ExifIFDPointer → 26
    tiff.writeUInt16LE(1, 8)
    tiff.writeUInt16LE(0x8769, 10)
    tiff.writeUInt16LE(4, 12)
    tiff.writeUInt32LE(1, 14)
    tiff.writeUInt32LE(26, 18)
    tiff.writeUInt32LE(0, 22)
    // Exif IFD: one entry, DateTimeOriginal (ASCII, 20 bytes at 44)
    tiff.writeUInt16LE(1, 26)
    tiff.writeUInt16LE(0x9003, 28)
    tiff.writeUInt16LE(2, 30)
    tiff.writeUInt32LE(20, 32)
    tiff.writeUInt32LE(44, 36)
    tiff.writeUInt32LE(0, 40)
    tiff.write(`${taken}\0`, 44, 'latin1')
    const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
    const len = Buffer.alloc(2)
    len.writeUInt16BE(payload.length + 2)
    parts.push(Buffer.from([0xff, 0xe1]), len, payload)
  }
  const comment = Buffer.from(`${tag} `.repeat(Math.ceil(1100 / (tag.length + 1))), 'utf8')
  const clen = Buffer.alloc(2)
  clen.writeUInt16BE(comment.length + 2)
  parts.push(Buffer.from([0xff, 0xfe]), clen, comment, Buffer.from([0xff, 0xd9]))
  return new Uint8Array(Buffer.concat(parts))
}
