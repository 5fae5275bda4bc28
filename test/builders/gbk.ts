/**
 * Text → GBK bytes, for tests that need the file Excel writes as 「CSV（逗号分隔）」 on a Chinese
 * Windows. Node can decode GBK (ICU) but has no encoder; this builds the reverse table once from
 * the decoder over every two-byte GBK code (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F).
 */
let table: Map<string, number> | null = null

function reverseTable(): Map<string, number> {
  if (table) return table
  const t = new Map<string, number>()
  const dec = new TextDecoder('gbk', { fatal: true })
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue
      let ch: string
      try {
        ch = dec.decode(new Uint8Array([lead, trail]))
      } catch {
        continue
      }
      if (ch.length === 1 && ch !== '\uFFFD' && !t.has(ch)) t.set(ch, (lead << 8) | trail)
    }
  table = t
  return t
}

export function encodeGbk(text: string): Buffer {
  const t = reverseTable()
  const out: number[] = []
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x80) {
      out.push(c)
      continue
    }
    const code = t.get(ch)
    if (code === undefined) throw new Error(`encodeGbk: 「${ch}」 has no GBK code`)
    out.push(code >> 8, code & 0xff)
  }
  return Buffer.from(out)
}
