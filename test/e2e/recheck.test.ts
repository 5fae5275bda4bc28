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
import { SHOTS, skipE2e, api, text, waitText, bestAnswers, shot, useBrowserApp } from './harness'
import { MIIT_2024 } from '../../shared/domain/catalogue'

const FIRST17 = '91410611MA9G4D2R8'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const ENTERPRISE = '鹤壁复核测试电子有限公司'
const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

describe.skipIf(skipE2e())('recheck screen in Chromium (browser mode)', () => {
  let bundleFile = ''
  let recheckId = ''
  const app = useBrowserApp({
    seed: async ({ page }) => {
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
      const assessmentId = a.assessment.id
      for (const [questionId, selected] of Object.entries(bestAnswers()))
        await api(page, 'assessments.setAnswer', { assessmentId, questionId, selected })
      for (const s of MIIT_2024.catalogue.scenes)
        await api(page, 'assessments.setScene', { assessmentId, sceneId: s.id, level: 2 })
      // the original assessor's note and evidence on SC01, shown beside the recheck
      await api(page, 'assessments.setNote', {
        assessmentId,
        itemId: 'SC01',
        note: '产品设计已用三维软件，未与工艺打通',
      })
      await api(page, 'evidence.add', {
        assessmentId,
        itemId: 'SC01',
        fileName: '设计软件截图.png',
        contentBase64: PNG_1PX,
      })
      await api(page, 'assessments.complete', { id: assessmentId })
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
    // the signed original beside the recheck: its level, note and evidence, read-only
    await waitText(app.page, 'original-item', '原结果：二级')
    await waitText(app.page, 'original-note', '产品设计已用三维软件，未与工艺打通')
    await waitText(app.page, 'original-item', '设计软件截图.png')
    await app.page.setViewportSize({ width: 1366, height: 768 })
    await app.page.getByTestId('original-item').scrollIntoViewIfNeeded()
    await shot(app.page, '14b-recheck-original-beside-1366')
    await app.page.setViewportSize({ width: 1440, height: 900 })
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

  it('re-importing the same bundle opens the existing recheck; the register keeps 验收', async () => {
    await app.page.getByTestId('nav-recheck').click()
    await app.page.waitForURL(/#\/recheck$/)
    await app.page.getByTestId('recheck-import-file').setInputFiles(bundleFile)
    await waitText(app.page, 'recheck-verified', '这个签名包已导入过，已打开原有的复核')
    await app.page.waitForURL(new RegExp(`#/recheck/${recheckId}$`))
    const list = await api<{ items: { kind: string }[] }>(app.page, 'assessments.list', {})
    expect(list.items.filter((a) => a.kind === 'recheck')).toHaveLength(1)
    await app.page.getByTestId(`recheck-row-${recheckId}`).waitFor()
    expect(await app.page.locator('[data-testid="recheck-list"] tbody tr').count()).toBe(1)
    await app.page.setViewportSize({ width: 1366, height: 768 })
    await shot(app.page, '14a-recheck-reimport-1366')
    await app.page.setViewportSize({ width: 1440, height: 900 })
    // the recheck does not hide 验收 / 专家组合议 of the signed diagnosis in the register
    await app.page.getByTestId('nav-enterprises').click()
    await app.page.getByTestId(`panel-${USCC}`).waitFor()
    await app.page
      .getByRole('button', { name: /^验\s?收$/ })
      .first()
      .waitFor()
    await app.page.getByTestId('nav-recheck').click()
    await app.page.getByTestId(`recheck-row-${recheckId}`).getByTestId('recheck-row-diff').click()
    await app.page.waitForURL(new RegExp(`#/recheck/${recheckId}$`))
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
