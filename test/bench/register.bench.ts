/**
 * The register and the import at pilot scale (issue 14), `npx tsx test/bench/run.ts register`:
 *  - server: enterprises.list / locate at 10,000 enterprises through the service on a real SQLite
 *    file (median and p95 of 25 calls each): first page, last page, 拼音 desc, county order,
 *    latest-assessment order, search by pinyin initials / USCC / contact; baseline in the same
 *    run: one 1,000-row request (what a client-side register would have to fetch, 10 times);
 *  - import through the service: 10,000 rows (seed) and 600 rows (preview, commit);
 *  - Chromium against the browser-mode host: first render of the register with 10,000
 *    enterprises (cold loads, median / p95; baseline: 50 enterprises); a 600-row GBK import through the dialog — time from
 *    the click to the refreshed list, the list requests it caused (baseline: rows imported, what
 *    one event per row used to cost), renderer long tasks > 200 ms (PerformanceObserver
 *    'longtask'); long tasks during the live re-score (every question and scene by keyboard).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { createBackend, type Backend } from '../../electron/backend/create-backend'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { cityList, toCsv } from '../builders/enterprise-list'
import { encodeGbk } from '../builders/gbk'
import { api, CHROMIUM, openBrowser, startHost } from '../e2e/harness'
import { buildRenderer } from '../support/renderer-build'

const N = 10_000
const RUNS = 25

function stats(xs: number[]): { median: number; p95: number; n: number } {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN
  return { median: +at(0.5).toFixed(2), p95: +at(0.95).toFixed(2), n: s.length }
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const v = await f()
  return [performance.now() - t0, v]
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64')

async function server(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-bench-register-'))
  const b: Backend = await createBackend({ dataDir: dir })
  try {
    const s = b.services
    const [seedMs] = await timed(() =>
      s['enterprises.importCommit']({
        fileName: 'seed.csv',
        contentBase64: b64(toCsv(cityList(N))),
      }),
    )
    const someone = (
      await s['enterprises.list']({ search: cityList(1, 6789)[0]!.uscc, limit: 1, offset: 0 })
    ).items[0]!.id
    await s['assessments.create']({
      enterpriseId: someone,
      kind: 'diagnosis',
      assessorName: 'bench',
      assessorAgency: '',
      assessedOn: null,
    })
    const cases: Record<string, Parameters<(typeof s)['enterprises.list']>[0]> = {
      firstPage: { limit: 50, offset: 0 },
      lastPage: { limit: 50, offset: N - 50 },
      nameDesc: { sort: 'name', order: 'desc', limit: 50, offset: 0 },
      byCounty: { sort: 'county', limit: 50, offset: 5000 },
      byLatestAssessment: { sort: 'assessedAt', order: 'desc', limit: 50, offset: 0 },
      searchPinyinInitials: { search: 'qbdq', limit: 50, offset: 0 },
      searchUscc: { search: '0006789', limit: 50, offset: 0 },
      searchContact: { search: '王经理', limit: 50, offset: 0 },
      filterStatusDraft: { assessmentStatus: 'draft', limit: 50, offset: 0 },
      baseline_oneRequest1000Rows: { limit: 1000, offset: 0 },
    }
    const list: Record<string, unknown> = {}
    for (const [name, input] of Object.entries(cases)) {
      const ms: number[] = []
      let total = 0
      for (let i = 0; i < RUNS; i++) {
        const [t, r] = await timed(() => s['enterprises.list'](input))
        ms.push(t)
        total = r.total
      }
      list[name] = { ...stats(ms), total }
    }
    const locate: number[] = []
    for (let i = 0; i < RUNS; i++)
      locate.push((await timed(() => s['enterprises.locate']({ id: someone })))[0])

    // 600 rows into a fresh register (the pilot's list)
    const dir2 = mkdtempSync(join(tmpdir(), 'dl-bench-import-'))
    const b2 = await createBackend({ dataDir: dir2 })
    let importMs: Record<string, number> = {}
    try {
      const file = { fileName: '名单.csv', contentBase64: b64(encodeGbk(toCsv(cityList(600)))) }
      const [previewMs] = await timed(() => b2.services['enterprises.importPreview'](file))
      const [commitMs] = await timed(() => b2.services['enterprises.importCommit'](file))
      importMs = { previewMs: Math.round(previewMs), commitMs: Math.round(commitMs) }
    } finally {
      await b2.close()
      rmSync(dir2, { recursive: true, force: true })
    }
    return {
      note: `service calls in-process on a real SQLite file, ${RUNS} calls per case, ms`,
      seedImport10kMs: Math.round(seedMs),
      list,
      locate: stats(locate),
      import600GbkCsv: importMs,
    }
  } finally {
    await b.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const LONGTASKS = `
  window.__longtasks = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`
interface LongTask {
  start: number
  ms: number
}
async function longTasksSince(
  page: Page,
  t0: number,
  t1 = Infinity,
): Promise<Record<string, number>> {
  const all = (await page.evaluate(
    () => (window as unknown as { __longtasks: LongTask[] }).__longtasks,
  )) as LongTask[]
  const xs = all.filter((x) => x.start >= t0 && x.start < t1)
  return {
    longTasksOver50ms: xs.length,
    longTasksOver200ms: xs.filter((x) => x.ms > 200).length,
    longestTaskMs: Math.round(Math.max(0, ...xs.map((x) => x.ms))),
  }
}

async function browser(): Promise<Record<string, unknown>> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` }
  buildRenderer()
  const out: Record<string, unknown> = {}

  // first render of the register, cold browser each time: 10,000 enterprises, and as the
  // baseline in the same run 50 enterprises (the cost of the app itself)
  for (const [label, n] of [
    ['registerFirstRowMs_baseline50', 50],
    ['registerFirstRowMs_10k', N],
  ] as const) {
    const host = await startHost()
    try {
      const seed = await openBrowser()
      try {
        await seed.page.goto(host.url)
        await api(seed.page, 'enterprises.importCommit', {
          fileName: 'seed.csv',
          contentBase64: b64(toCsv(cityList(n))),
        })
      } finally {
        await seed.close()
      }
      const firstRow: number[] = []
      const listCall: number[] = []
      for (let i = 0; i < 7; i++) {
        const b = await openBrowser()
        try {
          await b.page.setViewportSize({ width: 1366, height: 768 })
          await b.page.goto(host.url, { waitUntil: 'commit' })
          await b.page.waitForSelector('.ant-table-tbody .ent-name', { timeout: 60_000 })
          const m = await b.page.evaluate(() => ({
            now: performance.now(),
            list:
              performance
                .getEntriesByType('resource')
                .filter((e) => e.name.endsWith('/api/enterprises.list'))
                .map((e) => e.duration)[0] ?? NaN,
          }))
          firstRow.push(m.now)
          listCall.push(m.list)
        } finally {
          await b.close()
        }
      }
      out[label] = { ...stats(firstRow), listRequestMs: stats(listCall) }
    } finally {
      await host.stop()
    }
  }

  // a 600-row GBK import through the dialog, and the live re-score, on a fresh host
  const host2 = await startHost()
  const b = await openBrowser()
  try {
    const page = b.page
    await page.addInitScript(LONGTASKS)
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(host2.url)
    await page.getByText('共 0 家企业').waitFor()
    let listCalls = 0
    page.on('request', (r) => {
      if (r.url().endsWith('/api/enterprises.list') && /"limit":/.test(r.postData() ?? ''))
        listCalls++
    })
    await page.getByTestId('open-import').click()
    const t0 = await page.evaluate(() => performance.now())
    await page.locator('.ant-upload input[type="file"]').setInputFiles({
      name: '名单.csv',
      mimeType: 'text/csv',
      buffer: encodeGbk(toCsv(cityList(600))),
    })
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 })
    const tPreview = await page.evaluate(() => performance.now())
    const duringPreview = await longTasksSince(page, t0)
    listCalls = 0
    await page.getByTestId('import-commit').click()
    await page.getByText('共 600 家企业').waitFor({ timeout: 60_000 })
    const tDone = await page.evaluate(() => performance.now())
    const duringCommit = await longTasksSince(page, tPreview, tDone)
    // a later change as a barrier: once its refresh is seen, every import refresh has happened
    const e = await api<{ items: { id: string }[] }>(page, 'enterprises.list', {})
    await api(page, 'enterprises.update', { id: e.items[0]!.id, patch: { name: '阿鹤壁基准企业' } })
    await page.getByText('阿鹤壁基准企业').waitFor()
    out.import600ViaDialog = {
      fileToPreviewMs: Math.round(tPreview - t0),
      commitClickToListMs: Math.round(tDone - tPreview),
      listRequestsCausedByImport: listCalls - 1,
      baseline_listRequestsWithOneEventPerRow: 600,
      longTasksChooseToPreview: duringPreview,
      longTasksCommitToList: duringCommit,
    }

    // live re-score: every question and scene by keyboard in a new diagnosis
    const a = await api<{ assessment: { id: string } }>(page, 'assessments.create', {
      enterpriseId: e.items[0]!.id,
      kind: 'diagnosis',
      assessorName: 'bench',
    })
    await page.goto(`${host2.url}#/assessment/${a.assessment.id}/Q01`)
    await page.waitForSelector('[data-testid="question-pane"][data-item="Q01"]')
    await page.waitForSelector('[data-testid="live-total"]')
    const t1 = await page.evaluate(() => performance.now())
    for (const q of MIIT_2024.catalogue.questions) {
      await page.waitForSelector(`[data-testid="question-pane"][data-item="${q.id}"]`)
      await page.keyboard.press(q.options[0]!.key.toLowerCase())
      await page.keyboard.press('ArrowDown')
    }
    for (const sc of MIIT_2024.catalogue.scenes) {
      await page.waitForSelector(`[data-testid="scene-pane"][data-item="${sc.id}"]`)
      await page.keyboard.press('2')
      await page.keyboard.press('ArrowDown')
    }
    await page.waitForSelector('[data-testid="save-status"][data-state="saved"]')
    const t2 = await page.evaluate(() => performance.now())
    out.liveRescore31ItemsByKeyboard = {
      wallMs: Math.round(t2 - t1),
      ...(await longTasksSince(page, t1)),
    }
  } finally {
    await b.close()
    await host2.stop()
  }
  return out
}

export async function run(): Promise<Record<string, unknown>> {
  return { server: await server(), chromium: await browser() }
}
