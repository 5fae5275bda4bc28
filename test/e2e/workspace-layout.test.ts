/**
 * Issue 14 item 1 in the real renderer on the real backend (browser mode, Debian Chromium), at
 * 1366×768 (the pilot's government laptops) and 1920×1080: the workspace is one screen — the
 * window never scrolls, only the navigator, the item pane and the live panel do; after scrolling
 * the navigator down to SC16 and judging it by keyboard, the scene's levels and the live panel are
 * inside the viewport; the navigator follows the item moved to; moving never ticks an option
 * (Q04 has options J and K); the 快捷键 help lists the keys.
 * Screenshots: test-results/i14-workspace-*.png.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { api, shot, skipE2e, text, useBrowserApp, waitNoModal, waitText } from './harness'

const FIRST17 = '91410611MA9G7W3X5'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const

interface Box {
  x: number
  y: number
  width: number
  height: number
}
async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox()
  if (!b) throw new Error(`${selector}: not rendered`)
  return b
}
function inside(b: Box, v: { width: number; height: number }): boolean {
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5
}
/** Nothing but the panes scrolled: the window and the app frame are where they started. */
async function frameScroll(page: Page): Promise<number[]> {
  return page.evaluate(() => [
    window.scrollY,
    document.scrollingElement?.scrollTop ?? 0,
    document.querySelector('.app-body')?.scrollTop ?? 0,
  ])
}
async function answerOf(page: Page, assessmentId: string, q: string): Promise<unknown> {
  const d = await api<{ answers: Record<string, { selected: unknown } | undefined> }>(
    page,
    'assessments.get',
    { id: assessmentId },
  )
  return d.answers[q]?.selected ?? null
}

describe.skipIf(skipE2e())('workspace layout and keys in Chromium', () => {
  let assessmentId = ''
  const app = useBrowserApp({
    seed: async ({ page }) => {
      const e = await api<{ id: string }>(page, 'enterprises.create', {
        uscc: USCC,
        name: '鹤壁屏幕测试电子有限公司',
        county: '淇滨区',
        industry: 'electrical_electronics',
        size: 'small',
      })
      const a = await api<{ assessment: { id: string } }>(page, 'assessments.create', {
        enterpriseId: e.id,
        kind: 'diagnosis',
        assessorName: '张评测',
      })
      assessmentId = a.assessment.id
    },
  })

  for (const vp of VIEWPORTS) {
    const tag = `${vp.width}x${vp.height}`
    it(`${tag}: judging SC16 after scrolling the navigator keeps the pane and the panel on screen`, async () => {
      const { page } = app
      await page.setViewportSize(vp)
      await page.goto(`${app.host.url}#/assessment/${assessmentId}/Q01`)
      await page.waitForSelector('[data-testid="question-pane"][data-item="Q01"]')
      // the user scrolls the list with the wheel until SC16 shows (this scrolled the whole page)
      const nav = await box(page, '[data-testid="navigator"]')
      await page.mouse.move(nav.x + nav.width / 2, nav.y + nav.height / 2)
      for (let i = 0; i < 40 && !inside(await box(page, '[data-testid="nav-SC16"]'), vp); i++)
        await page.mouse.wheel(0, 300)
      await page.getByTestId('nav-SC16').click()
      await page.waitForSelector('[data-testid="scene-pane"][data-item="SC16"]')
      await page.keyboard.press('3')
      await waitText(page, 'scene-level', '已评定：三级')
      await waitText(page, 'live-panel', '已评 1/16')
      expect(await frameScroll(page)).toEqual([0, 0, 0])
      for (const sel of [
        '[data-testid="scene-pane"] .pane-head',
        '[data-testid="scene-pane"] .scene-levels',
        '[data-testid="scene-level-3"]',
        '[data-testid="live-panel"]',
        '[data-testid="live-total"]',
        '[data-testid="level-badge"]',
        '[data-testid="nav-SC16"]',
        '[data-testid="ws-enterprise"]',
        '[data-testid="complete"]',
      ])
        expect(inside(await box(page, sel), vp), `${sel} inside ${tag}`).toBe(true)
      expect(await page.getByTestId('scene-level-3').getAttribute('aria-pressed')).toBe('true')
      await page.waitForSelector('[data-testid="save-status"][data-state="saved"]')
      await shot(page, `i14-workspace-sc16-${tag}`)
    })

    it(`${tag}: ↓/↑ move without ticking on Q04 (options J, K); letters tick; Alt+↓ jumps a section`, async () => {
      const { page } = app
      await page.setViewportSize(vp)
      await page.getByTestId('nav-Q04').click()
      await page.waitForSelector('[data-testid="question-pane"][data-item="Q04"]')
      expect(await page.getByTestId('option-J').count()).toBe(1)
      expect(await page.getByTestId('option-K').count()).toBe(1)
      const before = await answerOf(page, assessmentId, 'Q04')
      await page.keyboard.press('ArrowDown')
      await page.waitForSelector('[data-testid="question-pane"][data-item="Q05"]')
      await page.keyboard.press('ArrowUp')
      await page.waitForSelector('[data-testid="question-pane"][data-item="Q04"]')
      expect(await page.getByTestId('option-J').getAttribute('aria-checked')).toBe('false')
      expect(await page.getByTestId('option-K').getAttribute('aria-checked')).toBe('false')
      expect(await answerOf(page, assessmentId, 'Q04')).toEqual(before)
      expect(inside(await box(page, '[data-testid="live-panel"]'), vp)).toBe(true)
      await shot(page, `i14-workspace-q04-${tag}`)
      // a letter always means its option
      await page.keyboard.press('k')
      await page.waitForSelector('[data-testid="option-K"][aria-checked="true"]')
      await page.waitForSelector('[data-testid="save-status"][data-state="saved"]')
      expect(await answerOf(page, assessmentId, 'Q04')).toEqual(['K'])
      await page.keyboard.press('k') // untick again for the next viewport
      await page.waitForSelector('[data-testid="option-K"][aria-checked="false"]')
      await page.waitForSelector('[data-testid="save-status"][data-state="saved"]')
      // Alt+↓: first item of the next section (基础 → 管理)
      await page.keyboard.press('Alt+ArrowDown')
      await page.waitForSelector('[data-testid="question-pane"][data-item="Q08"]')
      expect(await frameScroll(page)).toEqual([0, 0, 0])
    })

    it(`${tag}: the navigator follows the item moved to by keyboard`, async () => {
      const { page } = app
      await page.setViewportSize(vp)
      await page.getByTestId('nav-survey').click()
      await page.waitForSelector('[data-testid="survey-pane"]')
      await page.getByTestId('navigator').evaluate((el) => el.scrollTo({ top: 0 }))
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      // survey → 基础 → 管理 → 成效 → four scene groups: the last section, then its last item
      for (let i = 0; i < 7; i++) await page.keyboard.press('Alt+ArrowDown')
      await page.waitForSelector('[data-testid="scene-pane"]')
      // from the group's first scene down to SC16, exactly (one more ↓ would open the 诊断建议
      // step that follows the scenes)
      const first = await page.getByTestId('scene-pane').getAttribute('data-item')
      for (let i = Number(first!.slice(2)); i < 16; i++) await page.keyboard.press('ArrowDown')
      await page.waitForSelector('[data-testid="scene-pane"][data-item="SC16"]')
      const nav = await box(page, '[data-testid="navigator"]')
      await page.waitForFunction(() => {
        const n = document.querySelector('[data-testid="navigator"]')!.getBoundingClientRect()
        const i = document.querySelector('[data-testid="nav-SC16"]')!.getBoundingClientRect()
        return i.top >= n.top && i.bottom <= n.bottom
      })
      const item = await box(page, '[data-testid="nav-SC16"]')
      expect(item.y >= nav.y && item.y + item.height <= nav.y + nav.height).toBe(true)
      expect(await frameScroll(page)).toEqual([0, 0, 0])
    })
  }

  it('? opens the 快捷键 help listing every key; ? closes it', async () => {
    const { page } = app
    await page.setViewportSize(VIEWPORTS[0])
    await page.keyboard.press('?')
    await page.getByTestId('shortcut-help').waitFor()
    const help = await text(page, 'shortcut-help')
    for (const k of ['↓', 'Alt + ↓', 'PageDown', 'A – O', '1 – 4', '0', '?'])
      expect(help).toContain(k)
    expect(help).not.toMatch(/\bJ\b.*下一/)
    await page.waitForFunction(() =>
      document.getAnimations().every((a) => a.playState !== 'running'),
    )
    await shot(page, 'i14-workspace-shortcuts-1366x768')
    // keys inside the help do nothing to the assessment
    const sel = await answerOf(page, assessmentId, 'Q04')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('?')
    await waitNoModal(page)
    expect(await answerOf(page, assessmentId, 'Q04')).toEqual(sel)
    await page.getByTestId('shortcut-help-open').click()
    await page.getByTestId('shortcut-help').waitFor()
    await page.keyboard.press('Escape')
    await waitNoModal(page)
  })

  it('raised no uncaught page errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
