/**
 * One cold report generation in a fresh process (spawned by report.bench.ts): imports, font
 * resolution and the first document, timed from inside; prints one JSON line.
 */
const t0 = performance.now()
const { renderReportPdf } = await import('../../electron/backend/pdf/report-pdf')
const { sampleModels } = await import('../../electron/backend/pdf/sample-report')
const t1 = performance.now()
const { diagnosis, files } = sampleModels()
const t2 = performance.now()
const pdf = await renderReportPdf(diagnosis, { files: files.diagnosis })
const t3 = performance.now()
process.stdout.write(
  JSON.stringify({
    importMs: Math.round(t1 - t0),
    modelMs: Math.round(t2 - t1),
    firstDocMs: Math.round(t3 - t2),
    bytes: pdf.length,
  }) + '\n',
)

export {}
