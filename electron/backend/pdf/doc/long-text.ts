/**
 * Long free text (e.g. 调研情况, up to hundreds of thousands of characters from an imported
 * assessment file) as pdfmake paragraphs of bounded length, so that layout time stays
 * proportional to the text length.
 *
 * Why bounded paragraphs: pdfmake lays out one text node in time quadratic in the number of its
 * inlines (LayoutBuilder.buildNextLine passes `_inlines.slice(1)` — every remaining inline — for
 * each inline it places), and CJK text has a break opportunity, hence an inline, at every
 * character. So the text is split at its line breaks and then into chunks of at most
 * PARAGRAPH_CHUNK characters (code points), cut after the last sentence end (。！？；!?;) in the
 * chunk, or hard at the limit when a sentence is longer than a quarter of it. Every character is
 * kept, in order; a chunk boundary starts a new paragraph on the page.
 *
 * The splitting itself is one pass over the text (each chunk is scanned once); an earlier version
 * re-spread the whole remaining paragraph into an array per chunk, which made a 300,000-character
 * note spend most of its rendering time here.
 */
import type { Content } from 'pdfmake/interfaces'

export const PARAGRAPH_CHUNK = 400

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';'])

/** One paragraph (no line breaks) as chunks of at most `max` code points. */
function chunksOf(para: string, max: number): string[] {
  const chars = Array.from(para)
  if (chars.length <= max) return [para]
  const out: string[] = []
  const minCut = Math.ceil(max / 4)
  let start = 0
  while (chars.length - start > max) {
    // the chunk is chars[start, end): after its last sentence end that is at least minCut into
    // the chunk, else hard at max
    let end = start + max
    for (let i = start + max - 1; i >= start + minCut; i--) {
      if (SENTENCE_END.has(chars[i]!)) {
        end = i + 1
        break
      }
    }
    out.push(chars.slice(start, end).join(''))
    start = end
  }
  out.push(chars.slice(start).join(''))
  return out
}

/**
 * The text's paragraphs (split at \n or \r\n), each cut into chunks of at most `max` code points.
 * Joining the result with '' gives the text without its line breaks.
 */
export function paragraphChunks(text: string, max = PARAGRAPH_CHUNK): string[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`paragraphChunks: max ${max}`)
  return text.split(/\r?\n/).flatMap((para) => chunksOf(para, max))
}

/** The text as a stack of bounded paragraphs in the given style (empty lines kept as space). */
export function longText(text: string, style: Record<string, unknown>): Content {
  return { stack: paragraphChunks(text).map((t) => ({ text: t || ' ', ...style })) } as Content
}
