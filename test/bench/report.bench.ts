/**
 * Report generation: cold (a fresh `tsx` process: imports + first document) and warm (same
 * process, documents 2..n) for the sample 诊断报告, its pages and bytes, the cost of the PAdES
 * signature, and the same content printed to PDF by headless Chromium in the same run.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSelfIssued } from '../../electron/backend/pdf/certificates'
import { signPdf } from '../../electron/backend/pdf/pdf-signer'
import { resolveFontFiles } from '../../electron/backend/pdf/font-files'
import { radarFor, renderReportPdf } from '../../electron/backend/pdf/report-pdf'
import { REPO_ROOT, sampleModels } from '../../electron/backend/pdf/sample-report'
import { diagnosisHtml } from './report-html'

function pages(path: string): number {
  const r = spawnSync('pdfinfo', [path], { encoding: 'utf8' })
  return Number(/Pages:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0)
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.floor(s.length / 2)]!)
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'report-bench-'))
  try {
    // cold: fresh process
    const cold: Record<string, number>[] = []
    for (let i = 0; i < 2; i++) {
      const t = performance.now()
      const r = spawnSync('npx', ['tsx', 'test/bench/report-cold.script.ts'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      })
      const wall = performance.now() - t
      if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr.split('\n')[0]}`)
      cold.push({
        ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>),
        processWallMs: Math.round(wall),
      })
    }

    // warm: this process
    const { diagnosis, files } = sampleModels()
    await renderReportPdf(diagnosis, { files: files.diagnosis }) // first document in this process
    const warm: number[] = []
    let pdf: Buffer = Buffer.alloc(0)
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      pdf = await renderReportPdf(diagnosis, { files: files.diagnosis })
      warm.push(performance.now() - t)
    }
    const pdfPath = join(dir, 'pdfmake.pdf')
    writeFileSync(pdfPath, pdf)

    const credential = await createSelfIssued({
      commonName: '张三',
      organization: '鹤壁市某评测机构',
    })
    const signMs: number[] = []
    let signed: Buffer = Buffer.alloc(0)
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      signed = await signPdf(pdf, credential)
      signMs.push(performance.now() - t)
    }

    // headless Chromium, same model as HTML
    const html = diagnosisHtml(diagnosis, radarFor(diagnosis), resolveFontFiles())
    const htmlPath = join(dir, 'report.html')
    writeFileSync(htmlPath, html)
    const chromium: number[] = []
    const chromePdf = join(dir, 'chromium.pdf')
    let chromeError: string | undefined
    for (let i = 0; i < 2; i++) {
      const t = performance.now()
      const r = spawnSync(
        '/usr/bin/chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-pdf-header-footer',
          `--print-to-pdf=${chromePdf}`,
          `file://${htmlPath}`,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      )
      chromium.push(performance.now() - t)
      if (r.status !== 0)
        chromeError = (r.stderr || 'failed').split('\n').find((l) => l.trim()) ?? 'failed'
    }
    const chromeBytes = (() => {
      try {
        return statSync(chromePdf).size
      } catch {
        return 0
      }
    })()
    const chromeFonts = chromeBytes
      ? spawnSync('pdffonts', [chromePdf], { encoding: 'utf8' })
          .stdout.split('\n')
          .slice(2)
          .filter(Boolean).length
      : 0
    return {
      sample: `诊断报告 ${diagnosis.header.enterpriseName}`,
      pdfmake: {
        coldFirstDocMs: cold.map((c) => c.firstDocMs),
        coldImportMs: cold.map((c) => c.importMs),
        coldProcessWallMs: cold.map((c) => c.processWallMs),
        warmMs: warm.map((w) => Math.round(w)),
        warmMedianMs: median(warm),
        pages: pages(pdfPath),
        bytes: pdf.length,
        signMedianMs: median(signMs),
        signedBytes: signed.length,
      },
      chromium: {
        note: 'headless /usr/bin/chromium --print-to-pdf of an HTML rendering of the same model, whole process (launch + layout + print)',
        wallMs: chromium.map((c) => Math.round(c)),
        pages: chromeBytes ? pages(chromePdf) : 0,
        bytes: chromeBytes,
        fonts: chromeFonts,
        ...(chromeError ? { error: chromeError } : {}),
      },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
