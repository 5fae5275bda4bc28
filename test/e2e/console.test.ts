/**
 * Issue 16 §1 in Chromium: the city console served by a real central service (SQLite) with the
 * seeded pilot, the reviewer account created by the administrator CLI. Log in (a wrong password is
 * refused), see progress and budget, open an enterprise's chain, verify a report by number, clear
 * a signal with a reason; a viewer cannot clear; repeated wrong passwords are throttled.
 * Screenshots at 1366×768: test-results/console-*.png.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addStaff } from '../../central/console/staff'
import { startCentral, type CentralHandle } from '../../central/service'
import { TEST_SCRYPT } from '../../central/testing/console-client'
import { seedPilot, type PilotSeed } from '../../central/testing/pilot-seed'
import { bundledScript } from '../support/node-script'
import { openBrowser, repo, requireChromium, shot, skipE2e, type Browsing } from './harness'

const REVIEWER = { username: 'zhanghua', name: '复核员张华', password: 'Hebi-复核-2025-乙-m3' }
const VIEWER = { username: 'liuyang', name: '县区联络员刘洋', password: 'Hebi-县区-2025-丙-q9' }

/** central/main.ts bundled by esbuild (set in beforeAll; no tsx compile per command). */
let centralMain = ''

function cli(dataDir: string, args: string[], input?: string): string {
  const r = spawnSync(process.execPath, [centralMain, ...args], {
    cwd: repo,
    env: { ...process.env, CENTRAL_DATA_DIR: dataDir, DATABASE_URL: '' },
    input: input ?? '',
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`central ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

async function login(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByTestId('login-username').fill(who.username)
  await page.getByTestId('login-password').fill(who.password)
  const answered = page.waitForResponse((r) => r.url().endsWith('/console/api/session.login'))
  await page.getByTestId('login-submit').click()
  await answered
}

async function go(page: Page, hash: string, testId: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash)
  await page.getByTestId(testId).waitFor()
}

/** Waits until antd's spinners are gone and animations have settled (for screenshots). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.ant-spin-spinning').length === 0 &&
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: 15_000 },
  )
}

describe.skipIf(skipE2e())('city console in Chromium', () => {
  let dataDir = ''
  let central: (CentralHandle & { url: string }) | undefined
  let b: Browsing | undefined
  let seed: PilotSeed
  const errors: string[] = []
  const page = (): Page => b!.page

  beforeAll(async () => {
    centralMain = await bundledScript('central/main.ts')
    requireChromium()
    const build = spawnSync(
      'npx',
      ['vite', 'build', '--config', 'vite.console.config.ts', '--logLevel', 'warn'],
      {
        cwd: repo,
        encoding: 'utf8',
      },
    )
    if (build.status !== 0)
      throw new Error(`console build failed:\n${build.stdout}\n${build.stderr}`)
    dataDir = mkdtempSync(join(tmpdir(), 'dl-console-e2e-'))
    // The reviewer is made by the administrator CLI, at the product's password cost (scrypt
    // N=2^17, about 0.8 s per login here); the viewer, whose six logins include the five wrong
    // ones of the throttling test, in-process at the tests' cost (TEST_SCRYPT, N=2^14).
    expect(
      cli(
        dataDir,
        [
          'staff',
          'add',
          REVIEWER.username,
          '--name',
          REVIEWER.name,
          '--role',
          'reviewer',
          '--password-stdin',
        ],
        `${REVIEWER.password}\n`,
      ),
    ).toContain('created')
    // The service clock starts 1 s into a 15-minute window and runs at real speed, so the failed
    // logins below always fall into one rate-limit window (central/rate-limit.ts fixed windows).
    const t0 = Date.now()
    const base = Date.UTC(2026, 11, 7, 1, 0, 1)
    central = await startCentral({
      dataDir,
      consoleDir: join(repo, 'out', 'console'),
      now: () => new Date(base + (Date.now() - t0)),
    })
    await addStaff(
      central.ctx,
      {
        username: VIEWER.username,
        displayName: VIEWER.name,
        role: 'viewer',
        password: VIEWER.password,
      },
      TEST_SCRYPT,
    )
    seed = await seedPilot(central.ctx)
    b = await openBrowser()
    await b.page.setViewportSize({ width: 1366, height: 768 })
    b.page.on('pageerror', (e) => errors.push(e.message))
    await b.page.goto(`${central.url}/console/`)
  }, 240_000)

  afterAll(async () => {
    await b?.close()
    await central?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses a wrong password, then logs in', async () => {
    await login(page(), { username: REVIEWER.username, password: 'wrong-password-1' })
    await page().getByTestId('login-error').getByText('用户名或密码不正确').waitFor()
    await shot(page(), 'console-01-login')
    await login(page(), REVIEWER)
    await page().getByTestId('progress-page').waitFor()
    expect(await page().getByTestId('current-user').textContent()).toBe(REVIEWER.name)
  })

  it('shows progress against the plan and the budget for the seeded pilot', async () => {
    const target = page().getByTestId('target-transformed')
    await target.getByText('33').first().waitFor()
    expect(await target.textContent()).toContain('目标 600家')
    expect(await page().getByTestId('target-level-4').textContent()).toContain('3家')
    expect(await page().getByTestId('target-smart-factories').textContent()).toContain(
      '暂无数据来源',
    )
    await settled(page())
    await shot(page(), 'console-02-progress')
    await go(page(), '#/budget', 'budget-page')
    const line = page().getByTestId('budget-line-diagnosis')
    await line.getByText('预算 2,000,000 元').first().waitFor()
    // no actual diagnosis costs reach central: the diagnosis subsidy is 待核定, never assumed
    expect(await line.textContent()).toContain('11 家的咨询诊断补助待核定')
    expect(await page().getByTestId('budget-batches').textContent()).toContain('第1批')
    await settled(page())
    await shot(page(), 'console-03-budget')
  })

  it("opens an enterprise's diagnosis → acceptance chain", async () => {
    await go(page(), '#/enterprises', 'enterprises-page')
    const name = seed.names.get(seed.clean)!
    await page().getByTestId('enterprise-search').locator('input').fill(name)
    await page().getByTestId('enterprise-search').locator('input').press('Enter')
    await page().getByTestId('enterprise-link').getByText(name, { exact: true }).click()
    await page().getByTestId('chain-page').waitFor()
    await page().getByTestId('chain-name').getByText(name).waitFor()
    const steps = (await page().getByTestId('chain-steps').textContent()) ?? ''
    expect(steps).toMatch(/诊断评测 .级/)
    expect(steps).toContain('验收评价 四级')
    expect(await page().getByTestId('chain-bundles').textContent()).toContain('已签发')
    await settled(page())
    await shot(page(), 'console-04-chain')
  })

  it('verifies a report by number against the real GET /v1/reports/:number', async () => {
    // The clean enterprise's accepted acceptance carries its 验收评价 in manifest.reports; central
    // recorded it when the seed imported the bundle, and answers the page without login.
    const { number, sha256: sha } = seed.cleanReports.acceptance
    const row = await central!.ctx.db
      .selectFrom('bundles')
      .selectAll()
      .where('enterprise_uscc', '=', seed.clean)
      .where('kind', '=', 'acceptance')
      .executeTakeFirstOrThrow()
    const answers: number[] = []
    const onResponse = (r: { url(): string; status(): number }) => {
      if (new URL(r.url()).pathname.startsWith('/v1/reports/')) answers.push(r.status())
    }
    page().on('response', onResponse)
    await go(page(), '#/reports', 'reports-page')
    await page().getByTestId('report-number').fill(number)
    await page().getByTestId('report-sha256').fill(sha)
    await page().getByTestId('report-verify').click()
    await page().getByTestId('report-status').getByText('有效').waitFor()
    const result = (await page().getByTestId('report-result').textContent()) ?? ''
    expect(result).toContain(row.enterprise_name)
    expect(result).toContain('报告哈希一致')
    expect(result).toContain('四级')
    expect(result).toContain(row.bundle_id)
    await settled(page())
    await shot(page(), 'console-07-report')
    await page().getByTestId('report-sha256').fill('cd'.repeat(32))
    await page().getByTestId('report-verify').click()
    await page().getByTestId('report-result').getByText('报告哈希不一致').waitFor()
    await page().getByTestId('report-number').fill('YS-20250101-00000000')
    await page().getByTestId('report-sha256').fill('')
    await page().getByTestId('report-verify').click()
    await page().getByTestId('report-status').getByText('查无此报告').waitFor()
    // the three answers came from central itself: 200, 200, 404
    await expect.poll(() => answers).toEqual([200, 200, 404])
    await page().getByTestId('report-number').fill('不是编号')
    await page().getByTestId('report-verify').click()
    await page()
      .getByTestId('report-error')
      .getByText(/报告编号格式不正确/)
      .waitFor()
    page().off('response', onResponse)
  })

  it('clears a signal with a reason', async () => {
    await go(page(), '#/signals', 'signals-page')
    const rows = page().getByTestId('signals-table').locator('tbody tr.ant-table-row')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(7)
    await settled(page())
    await shot(page(), 'console-05-signals')
    const summary = (await rows.first().locator('td').nth(2).textContent()) ?? ''
    await rows.first().getByTestId('clear-signal').click()
    await page().getByTestId('clear-reason').fill('已电话核实，现场调研属实')
    await page().getByRole('button', { name: '确认清除' }).click()
    await page().getByText('已清除该信号，理由已记录').waitFor()
    await page().waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="signals-table"] tbody tr.ant-table-row').length ===
        6,
      undefined,
      { timeout: 15_000 },
    )
    const reviews = await central!.ctx.db.selectFrom('signal_reviews').selectAll().execute()
    expect(reviews).toHaveLength(1)
    expect(reviews[0]).toMatchObject({
      username: REVIEWER.username,
      reason: '已电话核实，现场调研属实',
    })
    expect(summary.length).toBeGreaterThan(10)
  })

  it('a viewer sees signals but cannot clear them', async () => {
    await page().getByTestId('logout').click()
    await login(page(), VIEWER)
    await page().getByTestId('current-user').getByText(VIEWER.name).waitFor()
    await go(page(), '#/signals', 'signals-page')
    await page().getByTestId('signals-table').locator('tbody tr.ant-table-row').first().waitFor()
    expect(await page().getByTestId('clear-signal').count()).toBe(0)
    const open = await central!.ctx.db
      .selectFrom('integrity_signals')
      .select('id')
      .where('active', '=', 1)
      .execute()
    const refused = await page().evaluate(async (id) => {
      const s = await fetch('/console/api/session.get', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      }).then((r) => r.json() as Promise<{ value: { csrfToken: string } }>)
      const r = await fetch('/console/api/signals.clear', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-dl-csrf': s.value.csrfToken },
        body: JSON.stringify({ id, reason: '查看角色尝试清除' }),
      })
      return { status: r.status, body: (await r.json()) as { error: { code: string } } }
    }, open[0]!.id)
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })

  it('throttles repeated wrong passwords', async () => {
    await page().getByTestId('logout').click()
    for (let i = 0; i < 5; i++) {
      await login(page(), { username: VIEWER.username, password: `wrong-${i}-pw` })
      await page().getByTestId('login-error').getByText('用户名或密码不正确').waitFor()
    }
    await login(page(), VIEWER)
    await page()
      .getByTestId('login-error')
      .getByText(/登录失败次数过多，请 \d+ 分钟后再试/)
      .waitFor()
    await shot(page(), 'console-06-throttled')
    expect(errors).toEqual([])
  })
})
