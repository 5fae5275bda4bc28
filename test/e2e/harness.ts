/**
 * E2E harness: builds the renderer once, starts the real host (`tsx electron/host/main.ts`, as
 * `npm run web` does) on a free port with a temp data dir, and drives Debian Chromium through
 * playwright-core. No mocks: the page talks to the real backend over HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SHOTS = join(repo, 'test-results')

export function skipE2e(): boolean {
  return process.env.DL_SKIP_E2E === '1'
}

/** Fails with the install hint when the browser is missing (unless DL_SKIP_E2E=1). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with:  apt-get install -y chromium fonts-noto-cjk  ` +
        `(or set CHROMIUM_PATH; DL_SKIP_E2E=1 skips the browser tests)`,
    )
  }
}

let built = false
export function buildRenderer(): void {
  if (built) return
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
    {
      cwd: repo,
      encoding: 'utf8',
    },
  )
  if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`)
  built = true
}

export interface RunningHost {
  url: string
  dataDir: string
  stop(): Promise<void>
}

export async function startHost(): Promise<RunningHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/host/main.ts'],
    {
      cwd: repo,
      env: {
        ...process.env,
        PORT: '0',
        DL_DATA_DIR: dataDir,
        DL_PASSPHRASE: 'e2e-passphrase-2026',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
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
  browser: Browser
  context: BrowserContext
  page: Page
  close(): Promise<void>
}

export async function openBrowser(): Promise<Browsing> {
  const profile = mkdtempSync(join(tmpdir(), 'dl-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    browser: context.browser() as Browser,
    context,
    page,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
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
