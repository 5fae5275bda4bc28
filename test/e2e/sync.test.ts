/**
 * Issue 5 item 4 in the real renderer on the real backend (browser mode, Debian Chromium): the
 * sync screen. Create the assessor's Ed25519 key with a passphrase and export its public key; sign
 * the completed diagnosis into a bundle and see it queued in the outbox; export the bundle as a
 * file and import it back (verified); a tampered copy is refused with what failed. No central
 * service runs here, so "send now" must say why nothing was sent. Screenshot test-results/12-sync.png.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import {
  buildRenderer,
  openBrowser,
  requireChromium,
  shot,
  SHOTS,
  skipE2e,
  startHost,
  type Browsing,
  type RunningHost,
} from './harness'

const cat = MIIT_2024.catalogue
const FIRST17 = '91410611MA9G4D1T5'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const ENTERPRISE = '鹤壁同步测试机械有限公司'

/** The best answer of every question (100 points). */
function bestAnswers(): Record<string, string | string[]> {
  const a: Record<string, string | string[]> = {}
  for (const q of cat.questions)
    a[q.id] =
      q.type === 'single'
        ? [...q.options].sort((x, y) => y.score - x.score)[0]!.key
        : q.options.filter((o) => !o.exclusive).map((o) => o.key)
  return a
}

/** Calls the contract from inside the page, with the host token the page was served with. */
async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
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
function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim()
}

async function waitText(page: Page, testId: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([id, want]) =>
      (document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').includes(want as string),
    [testId, expected],
    { timeout: 15_000 },
  )
}

describe.skipIf(skipE2e())('sync screen in Chromium (browser mode)', () => {
  let host: RunningHost
  let b: Browsing
  let page: Page
  let assessmentId = ''
  let bundleFile = ''
  let bundleId = ''
  const pageErrors: string[] = []

  beforeAll(async () => {
    requireChromium()
    buildRenderer()
    host = await startHost()
    b = await openBrowser()
    page = b.page
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(host.url)
    await page.waitForLoadState('networkidle')
    // A completed diagnosis (100 points, scenes at level 2) through the contract the UI uses.
    const e = await api<{ id: string }>(page, 'enterprises.create', {
      uscc: USCC,
      name: ENTERPRISE,
      county: '淇滨区',
      industry: 'electrical_electronics',
      size: 'small',
      batch: 1,
    })
    const a = await api<{ assessment: { id: string } }>(page, 'assessments.create', {
      enterpriseId: e.id,
      kind: 'diagnosis',
      assessorName: '王评测',
    })
    assessmentId = a.assessment.id
    for (const [questionId, selected] of Object.entries(bestAnswers()))
      await api(page, 'assessments.setAnswer', { assessmentId, questionId, selected })
    for (const s of cat.scenes)
      await api(page, 'assessments.setScene', { assessmentId, sceneId: s.id, level: 2 })
    await api(page, 'assessments.complete', { id: assessmentId })
  })
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      await shot(page, `failed-${ctx.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, '-')}`)
    }
  })
  afterAll(async () => {
    await b?.close()
    await host?.stop()
  })

  it('opens 签名与同步 from the header: no key yet, empty outbox', async () => {
    await page.getByTestId('nav-sync').click()
    await page.getByTestId('sync-page').waitFor()
    expect(page.url()).toMatch(/#\/sync$/)
    await page.getByTestId('key-create').waitFor()
    await waitText(page, 'outbox', '还没有签名包')
    expect(await text(page, 'outbox-count-queued')).toBe('待发送 0')
  })

  it('creates an Ed25519 key with a passphrase and exports the public key', async () => {
    await field(page, 'key-passphrase').fill('鹤壁评测-2026')
    await field(page, 'key-passphrase-again').fill('鹤壁评测-2026x')
    await page.getByTestId('key-create').click()
    await page.getByText('两次输入的口令不一致').waitFor()
    await field(page, 'key-passphrase-again').fill('鹤壁评测-2026')
    await page.getByTestId('key-create').click()
    await page.getByTestId('key-id').waitFor()
    const keyId = await text(page, 'key-id')
    const status = await api<{
      key: { keyId: string; algorithm: string } | null
      unlocked: boolean
    }>(page, 'keys.status', {})
    expect(status.key?.keyId).toBe(keyId)
    expect(status.key?.algorithm).toBe('Ed25519')
    expect(await text(page, 'key-lock-state')).toBe(status.unlocked ? '已解锁' : '已锁定')
    if (!status.unlocked) {
      await field(page, 'key-unlock-passphrase').fill('鹤壁评测-2026')
      await page.getByTestId('key-unlock').click()
      await waitText(page, 'key-lock-state', '已解锁')
    }
    const download = page.waitForEvent('download')
    await page.getByTestId('key-export').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^assessor-.+\.pub\.pem$/)
    const pem = readFileSync(await file.path(), 'utf8')
    expect(pem).toContain('-----BEGIN PUBLIC KEY-----')
  })

  it('signs the completed diagnosis into a bundle and sees it queued in the outbox', async () => {
    await waitText(page, 'sign-card', ENTERPRISE)
    await page.getByTestId('sign-bundle').click()
    await page.locator('[data-testid="bundle-state"]').first().waitFor()
    expect(await text(page, 'bundle-state')).toBe('待发送')
    await waitText(page, 'outbox-count-queued', '待发送 1')
    expect(await text(page, 'outbox-table')).toContain(ENTERPRISE)
    const list = await api<{ items: { bundleId: string; assessmentId: string | null }[] }>(
      page,
      'bundles.list',
      {},
    )
    expect(list.items.map((i) => i.assessmentId)).toEqual([assessmentId])
    bundleId = list.items[0]!.bundleId
    // Signing made the assessment read-only.
    const d = await api<{ assessment: { status: string } }>(page, 'assessments.get', {
      id: assessmentId,
    })
    expect(d.assessment.status).toBe('signed')
    // No central service is configured: "send now" says so, the bundle stays queued.
    await page.getByTestId('send-now').click()
    await waitText(page, 'sync-error', '尚未设置中心服务地址')
    expect(await text(page, 'bundle-state')).toBe('待发送')
  })

  it('exports the bundle as a file and imports it back: verified', async () => {
    const download = page.waitForEvent('download')
    await page.getByTestId('bundle-export').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.dlbundle$/)
    expect(file.suggestedFilename()).toContain(bundleId.slice(0, 8))
    bundleFile = join(SHOTS, file.suggestedFilename())
    await file.saveAs(bundleFile)
    await page.getByTestId('import-bundle-file').setInputFiles(bundleFile)
    await waitText(page, 'import-result', '验证通过')
    expect(await text(page, 'import-result')).toContain('本机已有此签名包')
    expect(await text(page, 'import-result')).toContain(ENTERPRISE)
    await page.screenshot({ path: join(SHOTS, '12-sync.png'), fullPage: true })
  })

  it('refuses a tampered copy and says what failed; nothing is added', async () => {
    const files = unzipSync(new Uint8Array(readFileSync(bundleFile)))
    const manifest = files['manifest.json']
    expect(manifest).toBeDefined()
    files['manifest.json'] = strToU8(
      strFromU8(manifest!).replace(ENTERPRISE, '鹤壁篡改测试机械有限公司'),
    )
    await page.getByTestId('import-bundle-file').setInputFiles({
      name: 'tampered.dlbundle',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(zipSync(files)),
    })
    await waitText(page, 'import-result', '签名包验证未通过，未导入')
    const msg = await text(page, 'import-result')
    expect(msg).toContain('tampered.dlbundle')
    expect(msg).toMatch(/signature|签名/)
    const list = await api<{ items: unknown[] }>(page, 'bundles.list', {})
    expect(list.items).toHaveLength(1)
  })

  it('shows the state and kind tags in English after the language switch', async () => {
    await page.getByTestId('lang-switch').click()
    await waitText(page, 'bundle-state', 'Queued')
    expect(await text(page, 'outbox-table')).toContain('Diagnosis')
    expect(await text(page, 'outbox-count-queued')).toBe('Queued 1')
    await page.getByTestId('lang-switch').click()
    await waitText(page, 'bundle-state', '待发送')
  })

  it('raised no uncaught page errors', () => {
    expect(pageErrors).toEqual([])
  })
})
