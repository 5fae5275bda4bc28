/**
 * The e2e Chromium itself (test/e2e/harness.ts): the headless shell when it is installed,
 * Playwright's disabled features are kept when the harness adds its own, and a context opens no
 * WebUI omnibox popup renderer (22 s of CPU per run with the full browser).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CHROMIUM_CANDIDATES,
  e2eChromium,
  e2eDisabledFeatures,
  openBrowser,
  requireChromium,
  skipE2e,
  type Browsing,
} from './harness'

describe('which Chromium the e2e suites drive', () => {
  const [shell, full] = CHROMIUM_CANDIDATES
  it('the headless shell when installed, else the full browser; CHROMIUM_PATH wins', () => {
    expect(shell).toBe('/usr/lib/chromium/chromium-headless-shell')
    expect(e2eChromium({}, () => true)).toBe(shell)
    expect(e2eChromium({}, (p) => p === full)).toBe(full)
    expect(e2eChromium({ CHROMIUM_PATH: '/opt/c/chrome' }, () => true)).toBe('/opt/c/chrome')
    expect(e2eChromium({ CHROMIUM_PATH: '' }, (p) => p === full)).toBe(full)
  })

  it('names the full browser when neither is installed (requireChromium then says what to install)', () => {
    expect(e2eChromium({}, () => false)).toBe(full)
  })
})

describe.skipIf(skipE2e())('the e2e browser', () => {
  let b: Browsing | undefined
  beforeAll(async () => {
    requireChromium()
    b = await openBrowser({ width: 1366, height: 768 })
  })
  afterAll(async () => {
    await b?.close()
  })

  it("disables Playwright's features and the omnibox popup in one switch", () => {
    const features = e2eDisabledFeatures()?.replace('--disable-features=', '').split(',') ?? []
    // Playwright's own (PaintHolding: playwright#28023) stays disabled
    expect(features).toEqual(expect.arrayContaining(['PaintHolding', 'MediaRouter']))
    expect(features).toEqual(expect.arrayContaining(['WebUIOmniboxPopup']))
  })

  it('a context opens its page and no chrome://omnibox-popup target', async () => {
    await b!.page.goto('data:text/html,<title>e2e</title><p>测试</p>')
    const browser = b!.context.browser()!
    const cdp = await browser.newBrowserCDPSession()
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { type: string; url: string }[]
    }
    await cdp.detach()
    expect(targetInfos.map((t) => t.url)).toContain(b!.page.url())
    expect(targetInfos.filter((t) => t.url.startsWith('chrome://omnibox-popup'))).toEqual([])
  })
})
