/**
 * A 诊断报告 with a 30,000-character 调研情况 note (issue 12 item 8), printed by the real
 * renderer and read back with pdftotext: the note is on the pages whole and in order, although
 * the renderer cuts it into bounded paragraphs (doc/long-text.ts). Render time is measured in
 * the bench (test/bench/report-baseline.bench.ts), never asserted here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DiagnosisReportModel } from '../../../shared/domain/report/types'
import { runTool } from './pdf-tools'
import { pageCount, renderReportPdf } from './report-pdf'
import { sampleModels } from './sample-report'

/**
 * Numbered sentences (so a lost, repeated or moved chunk shows), all sentence ends, line breaks
 * (\n and \r\n, and an empty line) and a 1,200-character run with no sentence end (hard cuts).
 */
function note(): string {
  const parts: string[] = []
  const ends = ['。', '！', '？', '；']
  for (let i = 1; parts.reduce((n, p) => n + p.length, 0) < 30_000; i++) {
    parts.push(
      `第${i}条：${(i % 7) + 1}号产线设备联网率约${(i * 37) % 100}%，质检记录为纸质${ends[i % 4]}`,
    )
    if (i % 40 === 0) parts.push(i % 80 === 0 ? '\r\n' : '\n')
    if (i === 200) parts.push('\n\n')
    if (i === 300)
      parts.push(
        Array.from({ length: 200 }, (_, k) => `编号${String(k).padStart(4, '0')}`).join(''),
      )
  }
  return parts.join('')
}

let dir: string
let text: string
let pages: number
const observations = note()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dl-long-note-'))
  const { diagnosis, files } = sampleModels()
  const model: DiagnosisReportModel = {
    ...diagnosis,
    survey: { ...(diagnosis.survey ?? { date: '2025-03-18', people: [] }), observations },
  }
  const pdf = await renderReportPdf(model, { files: files.diagnosis })
  pages = pageCount(pdf)
  const path = join(dir, 'long-note.pdf')
  writeFileSync(path, pdf)
  // the body area of each A4 page only (pt at 72 dpi): page margins are 52 top and 48 bottom,
  // so the running header (report number) and footer (page x / y) stay out of the text
  const r = runTool('pdftotext', ['-x', '0', '-y', '48', '-W', '596', '-H', '750', path, '-'])
  expect(r.code, r.stderr).toBe(0)
  text = r.stdout
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('诊断报告 with a 30,000-character 调研情况', () => {
  it('prints the whole note in order, each character once (pdftotext, whitespace removed)', () => {
    expect(observations.length).toBeGreaterThanOrEqual(30_000)
    expect(pages).toBeGreaterThan(20)
    const flat = text.replace(/\s+/g, '')
    const want = observations.replace(/\s+/g, '')
    const at = flat.indexOf(want)
    if (at < 0) {
      // name the first place where the printed text departs from the note
      const start = flat.indexOf(want.slice(0, 20))
      let i = 0
      while (start >= 0 && i < want.length && flat[start + i] === want[i]) i++
      expect.fail(
        `note not printed whole: departs at note character ${i} ` +
          `(want …${want.slice(Math.max(0, i - 10), i + 20)}…, got …${flat.slice(start + i - 10, start + i + 20)}…)`,
      )
    }
    expect(flat.indexOf(want, at + 1)).toBe(-1)
  })
})
