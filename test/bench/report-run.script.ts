/**
 * One report process for report-baseline.bench.ts, run in this tree AND in the baseline trees it
 * extracts (dba0a91, 1e74ed2): `tsx report-run.script.ts [NOTE_CHARS]` renders the sample 诊断报告
 * (with a site-survey note of NOTE_CHARS characters when given) once cold and five times warm in
 * the same process (once from 100,000 characters); prints one JSON line. Written against both
 * APIs: the old renderReportPdf(model) ignores the second argument, the new one needs the
 * embedded files.
 */
const t0 = performance.now()
const pdfMod = await import('../../electron/backend/pdf/report-pdf')
const sampleMod = await import('../../electron/backend/pdf/sample-report')
const t1 = performance.now()
const noteChars = Number(process.argv[2] ?? 0)
const s = sampleMod.sampleModels() as unknown as {
  diagnosis: { survey: { date: string; people: unknown[]; observations: string } | null }
  files?: { diagnosis: unknown[] }
}
let model = s.diagnosis
if (noteChars > 0) {
  const base =
    '现场调研发现，企业已上线ERP系统，生产数据采集覆盖三条产线；设备联网率约六成，质量检验仍以纸质记录为主。'
  let text = ''
  while (text.length < noteChars) text += base
  model = {
    ...model,
    survey: {
      ...(model.survey ?? { date: '2025-03-18', people: [] }),
      observations: text.slice(0, noteChars),
    },
  }
}
const render = pdfMod.renderReportPdf as unknown as (
  m: unknown,
  o: { files?: unknown[] },
) => Promise<Uint8Array>
const opts = { files: s.files?.diagnosis }
const t2 = performance.now()
let pdf = await render(model, opts)
const first = performance.now() - t2
const warm: number[] = []
for (let i = 0; i < (noteChars >= 100_000 ? 1 : 5); i++) {
  const t = performance.now()
  pdf = await render(model, opts)
  warm.push(Math.round(performance.now() - t))
}
const pages = /\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(Buffer.from(pdf).toString('latin1'))?.[1]
process.stdout.write(
  JSON.stringify({
    importMs: Math.round(t1 - t0),
    firstDocMs: Math.round(first),
    warmMs: warm,
    bytes: pdf.length,
    pages: Number(pages ?? 0),
  }) + '\n',
)

export {}
