/**
 * Renderer figures for the note: bundle size of the built renderer (JS and CSS, raw and gzip) and
 * first-paint / first-contentful-paint in headless Debian Chromium against the browser-mode host
 * (the real backend behind it). Five cold loads, each in a fresh browser profile; median reported.
 *   npx tsx test/bench/run.ts renderer
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CHROMIUM, openBrowser, repo, startHost } from '../e2e/harness'
import { buildRenderer } from '../support/renderer-build'

function bundleSizes(): Record<string, number> {
  const dir = join(repo, 'out', 'renderer', 'assets')
  const html = readFileSync(join(repo, 'out', 'renderer', 'index.html'), 'utf8')
  const initial = new Set([...html.matchAll(/assets\/([^"]+)"/g)].map((m) => m[1]))
  const sizes = {
    jsBytes: 0,
    jsGzipBytes: 0,
    cssBytes: 0,
    cssGzipBytes: 0,
    /** What the register (first screen) loads: index.html's script, modulepreloads and CSS */
    initialBytes: 0,
    initialGzipBytes: 0,
    files: 0,
  }
  for (const f of readdirSync(dir)) {
    const buf = readFileSync(join(dir, f))
    const gz = gzipSync(buf, { level: 9 }).length
    if (f.endsWith('.js')) {
      sizes.jsBytes += buf.length
      sizes.jsGzipBytes += gz
    } else if (f.endsWith('.css')) {
      sizes.cssBytes += buf.length
      sizes.cssGzipBytes += gz
    }
    if (initial.has(f)) {
      sizes.initialBytes += buf.length
      sizes.initialGzipBytes += gz
    }
    sizes.files++
  }
  return sizes
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

export async function run(): Promise<Record<string, unknown>> {
  buildRenderer()
  const sizes = bundleSizes()
  if (!existsSync(CHROMIUM)) return { ...sizes, paint: `skipped: no Chromium at ${CHROMIUM}` }
  const host = await startHost()
  const fp: number[] = []
  const fcp: number[] = []
  const appReady: number[] = []
  try {
    for (let i = 0; i < 5; i++) {
      const b = await openBrowser()
      try {
        await b.page.goto(host.url, { waitUntil: 'load' })
        await b.page.getByText('企业名录').first().waitFor()
        const m = await b.page.evaluate(() => {
          const paints = Object.fromEntries(
            performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]),
          )
          return {
            fp: paints['first-paint'] ?? NaN,
            fcp: paints['first-contentful-paint'] ?? NaN,
            now: performance.now(),
          }
        })
        fp.push(m.fp)
        fcp.push(m.fcp)
        appReady.push(m.now)
      } finally {
        await b.close()
      }
    }
  } finally {
    await host.stop()
  }
  return {
    ...sizes,
    runs: fp.length,
    firstPaintMsMedian: Math.round(median(fp)),
    firstContentfulPaintMsMedian: Math.round(median(fcp)),
    registerVisibleMsMedian: Math.round(median(appReady)),
    firstPaintMs: fp.map(Math.round),
    firstContentfulPaintMs: fcp.map(Math.round),
    browser: CHROMIUM,
  }
}
