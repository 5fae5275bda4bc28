/**
 * Sortable text ids in the UUIDv7 layout: 48-bit Unix ms, version 7, a 12-bit sequence that
 * keeps ids strictly increasing within one generator, variant bits, 62 random bits.
 * The clock and the random source are passed in (deterministic in tests).
 */
import { randomBytes } from 'node:crypto'

export type IdGenerator = () => string

export function createIdGenerator(
  now: () => Date = () => new Date(),
  random: (n: number) => Uint8Array = (n) => randomBytes(n),
): IdGenerator {
  let lastMs = -1
  let seq = 0
  return () => {
    let ms = now().getTime()
    if (ms <= lastMs) {
      ms = lastMs
      seq++
      if (seq > 0xfff) {
        ms = lastMs + 1
        seq = 0
      }
    } else {
      seq = 0
    }
    lastMs = ms
    const b = new Uint8Array(16)
    b.set(random(16))
    let t = ms
    for (let i = 5; i >= 0; i--) {
      b[i] = t % 256
      t = Math.floor(t / 256)
    }
    b[6] = 0x70 | ((seq >> 8) & 0x0f)
    b[7] = seq & 0xff
    b[8] = 0x80 | ((b[8] ?? 0) & 0x3f)
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
}
