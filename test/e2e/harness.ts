/**
 * E2E harness: starts the real host (electron/host/main.ts, as `npm run web` does, bundled by
 * esbuild like its backend process) on a free port with a temp data dir, serving the renderer the
 * project's global setup built once for the run (test/setup/e2e-renderer.global.ts, through
 * DL_RENDERER_DIR), and drives Debian Chromium (its headless shell when installed) through
 * playwright-core. No mocks: the page talks to the real backend over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { writeNewKeyHeader } from '../../electron/backend/storage/key-provider'
import { TEST_KEY_SCRYPT } from '../../electron/backend/test-helpers'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { bundledScript } from '../support/node-script'

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/**
 * Debian's headless shell (package chromium-headless-shell: the same Chromium build without the
 * browser's window layer, what Playwright itself runs for headless tests) when it is installed,
 * else the full browser. Measured 2026-12-07 on five e2e files (profile-identity, register-scale,
 * console, workspace-layout, assessor), two runs each, alternating: Chromium took 66.6 and 65.6
 * CPU-s with the shell against 78.0 and 84.8 with the full browser (its browser process alone
 * 7.3 against 12.8–16.1), every test passing with both.
 */
export const CHROMIUM_CANDIDATES = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium',
]

export function e2eChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string {
  const set = env.CHROMIUM_PATH
  if (set !== undefined && set !== '') return set
  return CHROMIUM_CANDIDATES.find((p) => exists(p)) ?? CHROMIUM_CANDIDATES.at(-1)!
}

export const CHROMIUM = e2eChromium()
export const SHOTS = join(repo, 'test-results')

export function skipE2e(): boolean {
  if (process.env.DL_SKIP_E2E === '1' && process.env.CI)
    throw new Error('DL_SKIP_E2E=1 is not allowed under CI: the browser tests must run')
  return process.env.DL_SKIP_E2E === '1'
}

/** Fails with the install hint when the browser is missing (unless DL_SKIP_E2E=1). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with:  ` +
        `apt-get install -y chromium-headless-shell fonts-noto-cjk  ` +
        `(or set CHROMIUM_PATH; DL_SKIP_E2E=1 skips the browser tests)`,
    )
  }
}

export interface RunningHost {
  url: string
  dataDir: string
  stop(): Promise<void>
}

/** The profile every suite starts with (the first-start dialog would otherwise cover the page). */
export const E2E_PROFILE = { name: '测试评测员', agency: '鹤壁市测试评测机构' }

/** Calls the contract from Node, with the token the host serves in its page (not a browser). */
export async function hostCall<T>(url: string, method: string, input: unknown): Promise<T> {
  const html = await (await fetch(url)).text()
  const token = /<meta name="dl-host-token" content="([^"]+)"/.exec(html)?.[1] ?? ''
  const r = await fetch(`${url}api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-DL-Token': token },
    body: JSON.stringify(input),
  })
  const w = (await r.json()) as { ok: true; value: T } | { ok: false; error: { message: string } }
  if (!w.ok) throw new Error(`${method}: ${w.error.message}`)
  return w.value
}

/** The database passphrase of every e2e host (DL_PASSPHRASE: browser mode encrypts its data). */
export const E2E_PASSPHRASE = 'e2e-passphrase-2026'

/**
 * How the host's database key is derived from E2E_PASSPHRASE. 'product': the host's first start
 * writes the key header itself, at the product's cost (scrypt N=2^17: about 0.8 s of CPU at
 * every start here). 'cheap' (the default): the data directory comes with a key header at
 * N=2^14 (TEST_KEY_SCRYPT), written by the product's own `writeNewKeyHeader`, and the host
 * derives by what the header says — 19
 * host starts in one e2e run spent 15 s of CPU in scrypt. The first-start path runs in
 * assessor.test.ts (and storage/encryption.test.ts checks the header it writes).
 */
export type E2eKeyCost = 'product' | 'cheap'

/**
 * A real host on a fresh data directory. `profile: false` leaves the assessor profile unset
 * (the first-start dialog shows); by default E2E_PROFILE is set through the contract.
 */
export async function startHost(
  opts: { profile?: boolean; keyCost?: E2eKeyCost } = {},
): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-e2e-'))
  if (opts.keyCost !== 'product') await writeNewKeyHeader(dataDir, TEST_KEY_SCRYPT)
  const child: ChildProcess = spawn(
    process.execPath,
    [await bundledScript('electron/host/main.ts')],
    {
      cwd: repo,
      env: {
        ...process.env,
        PORT: '0',
        DL_DATA_DIR: dataDir,
        DL_BACKEND_ENTRY: await bundledScript('electron/backend/process/node-entry.ts'),
        DL_PASSPHRASE: E2E_PASSPHRASE,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  const started = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30_000)
    const onData = (b: Buffer): void => {
      out += b.toString()
      const m = /browser mode: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolveUrl(m[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${String(code)}:\n${out}`))
    })
  })
  let url: string
  try {
    url = await started
    if (opts.profile !== false) await hostCall(url, 'profile.set', E2E_PROFILE)
  } catch (e) {
    // no host left behind when it does not come up or refuses the profile (SIGTERM: it stops
    // its backend process too)
    child.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await gone
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Browsing {
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

/**
 * One Chromium per e2e worker, started on first use: the e2e project shares its modules across
 * its files (isolate: false in vitest.config.ts), so every suite after the first opens a context
 * in the running browser instead of starting Chromium again (browser, GPU and zygote processes:
 * about 3 s of CPU per suite, measured 2026-12-07). A browser that went away is started again.
 * Playwright stops it when the worker exits.
 */
let running: Promise<Browser> | undefined

/**
 * Chromium 156 opens a WebUI omnibox popup (chrome://omnibox-popup.top-chrome) in a renderer of
 * its own for every browser window, and a Playwright context is a window: 14 such renderers took
 * 22 s of CPU in one e2e run (measured 2026-12-07) and nothing in the tests uses them.
 */
const OWN_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup']

/**
 * `--disable-features` for the launch: Playwright's own list AND ours. Chromium keeps only the
 * last `--disable-features` switch, so ours must repeat Playwright's (its source is the only place
 * the list is kept: playwright-core's chromiumSwitches). If that list cannot be read (another
 * Playwright layout), nothing is added and Playwright's switch stands.
 */
export function e2eDisabledFeatures(): string | null {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'))
    const src = readFileSync(join(dir, 'lib', 'coreBundle.js'), 'utf8')
    const list = /\bdisabledFeatures = \[([^\]]*)\]/.exec(src)?.[1]
    const theirs = [...(list ?? '').matchAll(/^\s*"([A-Za-z0-9]+)",?\s*$/gm)].map((m) => m[1]!)
    if (theirs.length === 0) return null
    return `--disable-features=${[...new Set([...theirs, ...OWN_DISABLED_FEATURES])].join(',')}`
  } catch {
    return null
  }
}

function launchBrowser(): Promise<Browser> {
  const features = e2eDisabledFeatures()
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(features ? [features] : []),
    ],
  })
}

function sharedBrowser(): Promise<Browser> {
  running ??= launchBrowser()
    .then((browser) => {
      browser.once('disconnected', () => (running = undefined))
      return browser
    })
    .catch((e: unknown) => {
      running = undefined
      throw e
    })
  return running
}

/** A fresh context (its own storage, cookies and downloads) with one page, in the shared browser. */
export async function openBrowser(
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
): Promise<Browsing> {
  const browser = await sharedBrowser()
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    // the app turns antd's animations off (renderer/src/app/theme.ts): no click lands on a
    // dialog still zooming in, on a loaded machine too
    reducedMotion: 'reduce',
    acceptDownloads: true,
  })
  try {
    const page = await context.newPage()
    return {
      context,
      page,
      async close() {
        await context.close()
      },
    }
  } catch (e) {
    await context.close()
    throw e
  }
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true })
  const file = join(SHOTS, `${name}.png`)
  await page.screenshot({ path: file })
  return file
}

/**
 * Waits until no antd modal (or its mask) is on screen any more and its closing animation has
 * finished, so a screenshot shows the page, not a fading dialog.
 */
export async function waitNoModal(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const shown = Array.from(document.querySelectorAll('.ant-modal-wrap, .ant-modal-mask')).some(
        (el) => {
          const s = getComputedStyle(el)
          const r = el.getBoundingClientRect()
          return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0
        },
      )
      return !shown && document.getAnimations().every((a) => a.playState !== 'running')
    },
    undefined,
    { timeout: 15_000 },
  )
}

/** Calls the contract from inside the page, with the host token the page was served with. */
export async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, input }) => {
      const token =
        document.querySelector('meta[name="dl-host-token"]')?.getAttribute('content') ?? ''
      const r = await fetch(`api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-DL-Token': token },
        body: JSON.stringify(input),
      })
      const w = (await r.json()) as
        { ok: true; value: unknown } | { ok: false; error: { message: string } }
      if (!w.ok) throw new Error(`${method}: ${w.error.message}`)
      return w.value
    },
    { method, input },
  ) as Promise<T>
}

/** antd puts a data-testid either on the <input> or on its wrapper, depending on the component. */
export function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
}

export async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim()
}

export async function waitText(page: Page, testId: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([id, want]) =>
      (document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').includes(want as string),
    [testId, expected],
    { timeout: 15_000 },
  )
}

/** The best answer of every question (100 points). */
export function bestAnswers(): Record<string, string | string[]> {
  const a: Record<string, string | string[]> = {}
  for (const q of MIIT_2024.catalogue.questions)
    a[q.id] =
      q.type === 'single'
        ? [...q.options].sort((x, y) => y.score - x.score)[0]!.key
        : q.options.filter((o) => !o.exclusive).map((o) => o.key)
  return a
}

/**
 * Creates an enterprise and a completed assessment through the contract the UI uses: every
 * question answered with `answers`, every scene judged at `sceneLevel`.
 */
export async function seedCompletedAssessment(
  page: Page,
  opts: {
    enterprise: Record<string, unknown>
    kind: 'diagnosis' | 'acceptance'
    assessorName: string
    answers: Record<string, string | string[]>
    sceneLevel: number
    /** 评测日期 (default: today on the backend's clock) */
    assessedOn?: string
  },
): Promise<{ enterpriseId: string; assessmentId: string }> {
  const e = await api<{ id: string }>(page, 'enterprises.create', opts.enterprise)
  const a = await api<{ assessment: { id: string } }>(page, 'assessments.create', {
    enterpriseId: e.id,
    kind: opts.kind,
    assessorName: opts.assessorName,
    ...(opts.assessedOn ? { assessedOn: opts.assessedOn } : {}),
  })
  const assessmentId = a.assessment.id
  for (const [questionId, selected] of Object.entries(opts.answers))
    await api(page, 'assessments.setAnswer', { assessmentId, questionId, selected })
  for (const s of MIIT_2024.catalogue.scenes)
    await api(page, 'assessments.setScene', { assessmentId, sceneId: s.id, level: opts.sceneLevel })
  await api(page, 'assessments.complete', { id: assessmentId })
  return { enterpriseId: e.id, assessmentId }
}

export interface BrowserApp {
  readonly host: RunningHost
  readonly page: Page
  /** Uncaught errors the page threw, in order. */
  readonly pageErrors: string[]
}

/**
 * Registers the suite's hooks: start a real host, open Chromium (page errors
 * collected), optionally load the app and run `seed`; screenshot a failed test; close everything
 * after. Returns getters valid inside tests and later hooks.
 */
export function useBrowserApp(
  opts: {
    load?: boolean
    seed?: (app: BrowserApp) => Promise<void>
    timeout?: number
    /** false: start without an assessor profile (first start). */
    profile?: boolean
    /** how the database key is derived (E2eKeyCost; default 'cheap') */
    keyCost?: E2eKeyCost
    viewport?: { width: number; height: number }
  } = {},
): BrowserApp {
  let host: RunningHost | undefined
  let b: Browsing | undefined
  const pageErrors: string[] = []
  const app: BrowserApp = {
    get host() {
      if (!host) throw new Error('host not started (useBrowserApp beforeAll failed?)')
      return host
    },
    get page() {
      if (!b) throw new Error('browser not open (useBrowserApp beforeAll failed?)')
      return b.page
    },
    pageErrors,
  }
  /** both starts, kept so afterAll closes what started even after a beforeAll timeout */
  let starting: Promise<[PromiseSettledResult<RunningHost>, PromiseSettledResult<Browsing>]> =
    Promise.resolve([
      { status: 'rejected', reason: 'not started' },
      { status: 'rejected', reason: 'not started' },
    ])
  beforeAll(async () => {
    requireChromium()
    // the host starts beside the browser context (Chromium itself only for the first suite)
    starting = Promise.allSettled([
      startHost({
        profile: opts.profile !== false,
        ...(opts.keyCost ? { keyCost: opts.keyCost } : {}),
      }),
      openBrowser(opts.viewport),
    ])
    const [h, br] = await starting
    if (h.status === 'fulfilled') host = h.value
    if (br.status === 'fulfilled') b = br.value
    if (h.status === 'rejected') throw h.reason
    if (br.status === 'rejected') throw br.reason
    const { page } = br.value
    page.on('pageerror', (e) => pageErrors.push(e.message))
    if (opts.load !== false) {
      await page.goto(h.value.url)
      await page.waitForLoadState('networkidle')
    }
    if (opts.seed) await opts.seed(app)
  }, opts.timeout)
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && b) {
      await shot(
        b.page,
        `failed-${ctx.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, '-')}`,
      )
    }
  })
  afterAll(async () => {
    const [h, br] = await starting
    if (br.status === 'fulfilled') await br.value.close()
    if (h.status === 'fulfilled') await h.value.stop()
  })
  return app
}
