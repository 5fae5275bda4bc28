/**
 * Issue 14 item 2 in the real renderer on the real backend (browser mode, Debian Chromium, 1366×768):
 * 10,000 enterprises (one import through the real service) — the register says 共 10000 家企业 and
 * pages to the last of them in 拼音 order, sorts the other way, finds pinyin initials ('qbdq'), and
 * after an assessment opens the page that holds its enterprise, also from any other page.
 * Screenshots: test-results/i14-register-*.png.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nameKeys } from '../../electron/backend/search/name-keys'
import { cityList, toCsv, type ListRow } from '../builders/enterprise-list'
import { api, shot, skipE2e, useBrowserApp, waitText } from './harness'

const N = 10_000
const PAGE = 50
const rows = cityList(N)
/** The order the register promises: 拼音 of the name, then the name. */
const byPinyin: ListRow[] = rows
  .map((r) => ({ r, k: nameKeys(r.name).namePinyin }))
  .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.r.name < b.r.name ? -1 : 1))
  .map((x) => x.r)

/** What 'qbdq' finds: the names whose pinyin initials (or full pinyin) contain it. */
const qbdq = byPinyin.filter((r) => {
  const k = nameKeys(r.name)
  return k.nameInitials.includes('qbdq') || k.namePinyin.replace(/ /g, '').includes('qbdq')
})

async function names(page: Page): Promise<string[]> {
  return page.locator('.ant-table-tbody .ent-name').allTextContents()
}
async function waitFirstRow(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (want) => document.querySelector('.ant-table-tbody .ent-name')?.textContent === want,
    name,
    { timeout: 20_000 },
  )
}
async function activePage(page: Page): Promise<string | null> {
  return page.locator('.ant-pagination-item-active').getAttribute('title')
}

describe.skipIf(skipE2e())('register at 10,000 enterprises in Chromium', () => {
  const app = useBrowserApp({
    timeout: 240_000,
    seed: async ({ page }) => {
      const r = await api<{ created: number }>(page, 'enterprises.importCommit', {
        fileName: '万家名单.csv',
        contentBase64: Buffer.from(toCsv(rows)).toString('base64'),
      })
      expect(r.created).toBe(N)
    },
  })

  it('says 共 10000 家企业 and pages to the last one in 拼音 order', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(app.host.url)
    await page.getByText(`共 ${N} 家企业`).waitFor()
    expect(await names(page)).toEqual(byPinyin.slice(0, PAGE).map((r) => r.name))
    const last = Math.ceil(N / PAGE)
    await page.locator(`.ant-pagination-item-${last}`).click()
    await waitFirstRow(page, byPinyin[N - PAGE]!.name)
    expect(await names(page)).toEqual(byPinyin.slice(N - PAGE).map((r) => r.name))
    expect(await activePage(page)).toBe(String(last))
    await page.getByText(`第 ${N - PAGE + 1}–${N} 家，共 ${N} 家`).waitFor()
    await page.locator('.ant-table-tbody .ent-name').last().scrollIntoViewIfNeeded()
    await shot(page, 'i14-register-last-page-1366x768')
  })

  it('sorts by name the other way, and by county', async () => {
    const { page } = app
    await page.locator('.ant-table-thead th', { hasText: '企业名称' }).click()
    await waitFirstRow(page, byPinyin[N - 1]!.name)
    expect(await activePage(page)).toBe('1')
    await page.locator('.ant-table-thead th', { hasText: '县区' }).click()
    const firstCounty = [...new Set(rows.map((r) => r.county))].sort()[0]!
    const want = byPinyin.find((r) => r.county === firstCounty)!
    await waitFirstRow(page, want.name)
    await page.locator('.ant-table-thead th', { hasText: '企业名称' }).click()
    await waitFirstRow(page, byPinyin[0]!.name)
  })

  it("finds pinyin initials: 'qbdq' → 淇滨电气…", async () => {
    const { page } = app
    const hits = qbdq
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.every((r) => r.name.startsWith('淇滨电气'))).toBe(true)
    await page.getByTestId('enterprise-search').locator('input').fill('qbdq')
    await page.getByText(`共 ${hits.length} 家企业`).waitFor()
    await waitFirstRow(page, hits[0]!.name)
    await shot(page, 'i14-register-search-qbdq-1366x768')
    // by USCC and by contact too
    await page.getByTestId('enterprise-search').locator('input').fill(rows[4321]!.uscc)
    await waitFirstRow(page, rows[4321]!.name)
    await page.getByText('共 1 家企业').waitFor()
    await page.getByTestId('enterprise-search').locator('input').fill('')
    await page.getByText(`共 ${N} 家企业`).waitFor()
  })

  it('back from an assessment, the register opens the page that holds its enterprise', async () => {
    const { page } = app
    const at = 6789
    const target = byPinyin[at]!
    const e = await api<{ items: { id: string }[] }>(page, 'enterprises.list', {
      search: target.uscc,
    })
    const a = await api<{ assessment: { id: string } }>(page, 'assessments.create', {
      enterpriseId: e.items[0]!.id,
      kind: 'diagnosis',
      assessorName: '张评测',
    })
    await page.goto(`${app.host.url}#/assessment/${a.assessment.id}/Q01`)
    await page.waitForSelector('[data-testid="question-pane"][data-item="Q01"]')
    await page.getByRole('button', { name: '返回企业名录' }).click()
    const want = String(Math.floor(at / PAGE) + 1)
    await page.waitForSelector('tr.row-focus')
    expect(await page.locator('tr.row-focus .ent-name').textContent()).toBe(target.name)
    expect(await activePage(page)).toBe(want)
    await shot(page, 'i14-register-back-to-assessed-1366x768')
    // from any other page, one click
    await page.locator('.ant-pagination-item-1').click()
    await waitFirstRow(page, byPinyin[0]!.name)
    await page.getByTestId('go-recent').click()
    await waitText(page, 'go-recent', target.name)
    await page.waitForFunction(
      (p) => document.querySelector('.ant-pagination-item-active')?.getAttribute('title') === p,
      want,
    )
    expect(await page.locator('tr.row-focus .ent-name').textContent()).toBe(target.name)
    // filtered out: said so, and one click clears the filters and goes there
    await page.getByTestId('enterprise-search').locator('input').fill('qbdq')
    await page.getByText(`共 ${qbdq.length} 家企业`).waitFor()
    await page.getByTestId('go-recent').click()
    await page.getByTestId('recent-hidden').waitFor()
    await page.getByRole('button', { name: '清除筛选并定位' }).click()
    await page.waitForFunction(
      (p) => document.querySelector('.ant-pagination-item-active')?.getAttribute('title') === p,
      want,
    )
    expect(await page.locator('tr.row-focus .ent-name').textContent()).toBe(target.name)
    expect(await page.getByTestId('enterprise-search').locator('input').inputValue()).toBe('')
  })

  it('raised no uncaught page errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
