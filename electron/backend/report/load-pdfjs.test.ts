import { describe, expect, it } from 'vitest'
import { loadPdfjs, nativeMethods, restoreReplaced } from './load-pdfjs'

/** A one-page PDF showing "load-pdfjs" in Helvetica, with a correct cross-reference table. */
function tinyPdf(): Uint8Array {
  const text = 'BT /F1 24 Tf 72 700 Td (load-pdfjs) Tj ET'
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let pdf = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(pdf.length)
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = pdf.length
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(pdf)
}

const isNative = (f: unknown): boolean =>
  typeof f === 'function' && Function.prototype.toString.call(f).includes('[native code]')

describe('loadPdfjs', () => {
  it('leaves the native built-ins in place (the legacy build replaces push, JSON and toString)', async () => {
    const before = nativeMethods()
    const pdfjs = await loadPdfjs()
    expect(restoreReplaced(before)).toEqual([])
    for (const f of [Array.prototype.push, JSON.parse, JSON.stringify, Function.prototype.toString])
      expect(isNative(f)).toBe(true)
    expect(typeof pdfjs.getDocument).toBe('function')
  })

  it('still reads a PDF, on this thread, with the built-ins put back', async () => {
    const pdfjs = await loadPdfjs()
    const doc = await pdfjs.getDocument({ data: tinyPdf(), isEvalSupported: false, verbosity: 0 })
      .promise
    try {
      expect(doc.numPages).toBe(1)
      const items = (await (await doc.getPage(1)).getTextContent()).items
      expect(items.map((i) => ('str' in i ? i.str : '')).join('')).toBe('load-pdfjs')
    } finally {
      await doc.destroy()
    }
    expect(isNative(JSON.stringify)).toBe(true)
    expect(isNative(Array.prototype.push)).toBe(true)
  })

  it('restoreReplaced puts back a replaced method and names it', () => {
    const natives = nativeMethods()
    const original = JSON.stringify
    JSON.stringify = ((v: unknown) => `replaced ${String(v)}`) as typeof JSON.stringify
    try {
      expect(restoreReplaced(natives)).toEqual(['stringify'])
      expect(JSON.stringify).toBe(original)
      expect(JSON.stringify({ a: 1 })).toBe('{"a":1}')
    } finally {
      JSON.stringify = original
    }
  })
})
