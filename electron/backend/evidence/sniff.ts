/**
 * File type from magic bytes (never from the file name): png, jpeg, gif, webp, pdf, and the
 * OOXML zips xlsx/docx; anything else is application/octet-stream.
 */
const startsWith = (b: Uint8Array, sig: number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x)
const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0))

function containsAscii(b: Uint8Array, s: string): boolean {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).includes(s, 0, 'latin1')
}

export function sniffMime(b: Uint8Array): string {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'image/webp'
  if (startsWith(b, ascii('%PDF-'))) return 'application/pdf'
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) {
    // Zip entry names are stored uncompressed in local headers and the central directory.
    if (containsAscii(b, '[Content_Types].xml')) {
      if (containsAscii(b, 'xl/workbook.xml'))
        return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      if (containsAscii(b, 'word/document.xml'))
        return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    }
  }
  return 'application/octet-stream'
}

export function isImageMime(mime: string): boolean {
  return mime.startsWith('image/')
}
