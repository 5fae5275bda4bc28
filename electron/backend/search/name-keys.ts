/**
 * Sort and search keys of an enterprise name, computed when the name is written (create, update,
 * import) and stored with the row (migration 0008), so the register sorts in 拼音 order and finds
 * 'qbdq' → 淇滨电气… with plain indexed SQL:
 *   namePinyin   = toneless syllables separated by one space, lower case ('qi bin dian qi …');
 *                  a space sorts before every letter, so this orders syllable by syllable
 *                  (qi bin < qian) as a dictionary does; Latin letters kept, numbers padded to
 *                  ten digits so that 2号 sorts before 10号.
 *   nameInitials = the first letter of every syllable / Latin word ('qbdq…').
 * pinyin-pro picks the reading of a polyphonic character from its word (银行 → yin hang).
 */
import { pinyin } from 'pinyin-pro'

export interface NameKeys {
  namePinyin: string
  nameInitials: string
}

export function nameKeys(name: string): NameKeys {
  const parts = pinyin(name.normalize('NFKC'), {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    v: true,
  })
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, ''))
    .filter((p) => p !== '')
    // numbers in natural order (2号 before 10号): digits padded to a fixed width in the sort key
    .map((p) => p.replace(/\d+/g, (d) => d.padStart(10, '0')))
  return { namePinyin: parts.join(' '), nameInitials: parts.map((p) => p.charAt(0)).join('') }
}

/** A search text that can only be meant as pinyin (letters, no spaces), lower case; or null. */
export function pinyinQuery(search: string): string | null {
  const q = search.trim().toLowerCase().replace(/\s+/g, '')
  return /^[a-z]+$/.test(q) ? q : null
}
