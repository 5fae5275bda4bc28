/**
 * Issue 6 item 4 in the real renderer on the real backend (browser mode, Debian Chromium): the
 * 复核 screen. A completed diagnosis is signed into a bundle through the contract and exported as a
 * file; a tampered copy is refused with the backend's reason; the real file is imported on the
 * 复核 page (verified), opened in the workspace, one scene is re-judged, and back on the 复核 page
 * the diff shows that scene and the total/level; the 复核报告 PDF downloads.
 * Screenshot test-results/14-recheck.png.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import {
  SHOTS,
  skipE2e,
  api,
  text,
  waitText,
  bestAnswers,
  seedCompletedAssessment,
  useBrowserApp,
} from './harness'

const FIRST17 = '91410611MA9G4D2R8'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const ENTERPRISE = '鹤壁复核测试电子有限公司'

describe.skipIf(skipE2e())('recheck screen in Chromium (browser mode)', () => {
  let bundleFile = ''
  let recheckId = ''
  const app = useBrowserApp({
    seed: async ({ page }) => {
      const { assessmentId } = await seedCompletedAssessment(page, {
        enterprise: {
          uscc: USCC,
          name: ENTERPRISE,
          county: '淇滨区',
          industry: 'electrical_electronics',
          size: 'small',
          batch: 1,
        },
        kind: 'diagnosis',
        assessorName: '王评测',
        answers: bestAnswers(),
        sceneLevel: 2,
      })
      const status = await api<{ unlocked: boolean }>(page, 'keys.create', {
        algorithm: 'Ed25519',
        passphrase: '鹤壁复核-2026',
      })
      if (!status.unlocked) await api(page, 'keys.unlock', { passphrase: '鹤壁复核-2026' })
      const b = await api<{ bundleId: string }>(page, 'bundles.create', {
        assessmentId,
        enqueue: false,
      })
      const f = await api<{ fileName: string; contentBase64: string }>(page, 'bundles.export', {
        bundleId: b.bundleId,
      })
      expect(f.fileName).toMatch(/\.dlbundle$/)
      bundleFile = join(SHOTS, `recheck-${f.fileName}`)
      writeFileSync(bundleFile, Buffer.from(f.contentBase64, 'base64'))
    },
  })

  it('opens 复核 from the header', async () => {
    await app.page.getByTestId('nav-recheck').click()
    await app.page.getByTestId('recheck-page').waitFor()
    expect(app.page.url()).toMatch(/#\/recheck$/)
  })

  it('refuses a tampered bundle with the backend reason; no recheck assessment is made', async () => {
    const files = unzipSync(new Uint8Array(readFileSync(bundleFile)))
    files['manifest.json'] = strToU8(
      strFromU8(files['manifest.json']!).replace(ENTERPRISE, '鹤壁篡改复核电子有限公司'),
    )
    const tampered = Buffer.from(zipSync(files))
    // What the backend says about this file, which the page must show as it is.
    const reason = await api(app.page, 'recheck.import', {
      fileName: 'tampered.dlbundle',
      contentBase64: tampered.toString('base64'),
    }).then(
      () => '',
      (e: unknown) => /recheck\.import: (.*)/.exec((e as Error).message)?.[1] ?? '',
    )
    expect(reason).toMatch(/signature|签名/)
    await app.page.getByTestId('recheck-import-file').setInputFiles({
      name: 'tampered.dlbundle',
      mimeType: 'application/octet-stream',
      buffer: tampered,
    })
    await waitText(app.page, 'recheck-import-result', '签名包验证未通过')
    const msg = await text(app.page, 'recheck-import-result')
    expect(msg).toContain('tampered.dlbundle')
    expect(msg).toContain(reason)
    const list = await api<{ items: { kind: string }[] }>(app.page, 'assessments.list', {})
    expect(list.items.filter((a) => a.kind === 'recheck')).toHaveLength(0)
  })

  it('imports the signed bundle: verified, a recheck assessment with no changes yet', async () => {
    await app.page.getByTestId('recheck-import-file').setInputFiles(bundleFile)
    await waitText(app.page, 'recheck-verified', '验证通过')
    const m = /#\/recheck\/([^/]+)$/.exec(app.page.url())
    expect(m).not.toBeNull()
    recheckId = decodeURIComponent(m![1]!)
    const d = await api<{ assessment: { kind: string } }>(app.page, 'assessments.get', {
      id: recheckId,
    })
    expect(d.assessment.kind).toBe('recheck')
    await waitText(app.page, 'recheck-total', '（±0 分）')
    expect(await text(app.page, 'recheck-lines')).toContain('未变')
    expect(await text(app.page, 'recheck-scenes')).toContain('场景等级未变')
  })

  it('re-judges one scene in the workspace; back on 复核 the diff shows it', async () => {
    await app.page.getByTestId('recheck-open').click()
    await app.page.waitForURL(new RegExp(`#/assessment/${recheckId}`))
    await app.page.getByTestId('nav-SC01').click()
    await app.page.waitForSelector('[data-testid="scene-pane"][data-item="SC01"]')
    await app.page.keyboard.press('3')
    await app.page.waitForSelector('[data-testid="save-status"][data-state="saved"]', {
      timeout: 15_000,
    })
    await app.page.goBack()
    await app.page.waitForURL(new RegExp(`#/recheck/${recheckId}$`))
    await waitText(app.page, 'recheck-scenes', 'SC01')
    const scenes = await text(app.page, 'recheck-scenes')
    expect(scenes).toContain('2 级')
    expect(scenes).toContain('3 级')
    const diff = await api<{
      diff: { scenesChanged: { id: string; before: number; after: number }[] }
      lines: string[]
    }>(app.page, 'recheck.diff', { recheckAssessmentId: recheckId })
    expect(diff.diff.scenesChanged).toEqual([{ id: 'SC01', before: 2, after: 3 }])
    const sceneLine = diff.lines.find((l) => l.startsWith('SC01'))
    expect(sceneLine).toBeDefined()
    await waitText(app.page, 'recheck-lines', sceneLine!)
    expect(await text(app.page, 'recheck-verified')).toContain('验证通过')
  })

  it('downloads the 复核报告 PDF', async () => {
    const download = app.page.waitForEvent('download')
    await app.page.getByTestId('recheck-report').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.pdf$/)
    const pdf = readFileSync(await file.path())
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    await app.page.waitForSelector('[data-testid="recheck-report"]:not(.ant-btn-loading)')
    await app.page.screenshot({ path: join(SHOTS, '14-recheck.png'), fullPage: true })
  })

  it('raised no uncaught page errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
