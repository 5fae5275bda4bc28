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
import { describe, expect, it } from 'vitest'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import {
  SHOTS,
  shot,
  skipE2e,
  api,
  field,
  text,
  waitText,
  bestAnswers,
  seedCompletedAssessment,
  useBrowserApp,
} from './harness'

const FIRST17 = '91410611MA9G4D1T5'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const ENTERPRISE = '鹤壁同步测试机械有限公司'

describe.skipIf(skipE2e())('sync screen in Chromium (browser mode)', () => {
  let assessmentId = ''
  let bundleFile = ''
  let bundleId = ''
  // A completed diagnosis (100 points, scenes at level 2) through the contract the UI uses.
  const app = useBrowserApp({
    seed: async ({ page }) => {
      ;({ assessmentId } = await seedCompletedAssessment(page, {
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
      }))
    },
  })

  it('opens 签名与同步 from the header: no key yet, empty outbox', async () => {
    await app.page.getByTestId('nav-sync').click()
    await app.page.getByTestId('sync-page').waitFor()
    expect(app.page.url()).toMatch(/#\/sync$/)
    await app.page.getByTestId('key-create').waitFor()
    await waitText(app.page, 'outbox', '还没有签名包')
    expect(await text(app.page, 'outbox-count-queued')).toBe('待发送 0')
  })

  it('creates an Ed25519 key with a passphrase and exports the public key', async () => {
    await field(app.page, 'key-passphrase').fill('鹤壁评测-2026')
    await field(app.page, 'key-passphrase-again').fill('鹤壁评测-2026x')
    await app.page.getByTestId('key-create').click()
    await app.page.getByText('两次输入的口令不一致').waitFor()
    await field(app.page, 'key-passphrase-again').fill('鹤壁评测-2026')
    await app.page.getByTestId('key-create').click()
    await app.page.getByTestId('key-id').waitFor()
    const keyId = await text(app.page, 'key-id')
    const status = await api<{
      key: { keyId: string; algorithm: string } | null
      unlocked: boolean
    }>(app.page, 'keys.status', {})
    expect(status.key?.keyId).toBe(keyId)
    expect(status.key?.algorithm).toBe('Ed25519')
    expect(await text(app.page, 'key-lock-state')).toBe(status.unlocked ? '已解锁' : '已锁定')
    if (!status.unlocked) {
      await field(app.page, 'key-unlock-passphrase').fill('鹤壁评测-2026')
      await app.page.getByTestId('key-unlock').click()
      await waitText(app.page, 'key-lock-state', '已解锁')
    }
    // the public-key file names its holder (the assessor profile), for a panel lead or the city
    const download = app.page.waitForEvent('download')
    await app.page.getByTestId('key-export').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^公钥-测试评测员-[0-9a-f]{8}\.json$/)
    const card = JSON.parse(readFileSync(await file.path(), 'utf8')) as Record<string, unknown>
    expect(card).toMatchObject({
      format: 'sme-dl-public-key/v1',
      holder: { name: '测试评测员', agency: '鹤壁市测试评测机构' },
    })
    expect(card['publicKeyPem']).toContain('-----BEGIN PUBLIC KEY-----')
    const pemDownload = app.page.waitForEvent('download')
    await app.page.getByTestId('key-export-pem').click()
    const pemFile = await pemDownload
    expect(pemFile.suggestedFilename()).toMatch(/^assessor-.+\.pub\.pem$/)
    expect(readFileSync(await pemFile.path(), 'utf8')).toContain('-----BEGIN PUBLIC KEY-----')
  })

  it('signs the completed diagnosis into a bundle and sees it queued in the outbox', async () => {
    await waitText(app.page, 'sign-card', ENTERPRISE)
    await app.page.getByTestId('sign-bundle').click()
    await app.page.locator('[data-testid="bundle-state"]').first().waitFor()
    expect(await text(app.page, 'bundle-state')).toBe('待发送')
    await waitText(app.page, 'outbox-count-queued', '待发送 1')
    expect(await text(app.page, 'outbox-table')).toContain(ENTERPRISE)
    const list = await api<{ items: { bundleId: string; assessmentId: string | null }[] }>(
      app.page,
      'bundles.list',
      {},
    )
    expect(list.items.map((i) => i.assessmentId)).toEqual([assessmentId])
    bundleId = list.items[0]!.bundleId
    // Signing made the assessment read-only.
    const d = await api<{ assessment: { status: string } }>(app.page, 'assessments.get', {
      id: assessmentId,
    })
    expect(d.assessment.status).toBe('signed')
    // No central service is configured: "send now" says so, the bundle stays queued.
    await app.page.getByTestId('send-now').click()
    await waitText(app.page, 'send-error', '尚未设置中心服务，签名包没有发送')
    expect(await text(app.page, 'bundle-state')).toBe('待发送')
  })

  it('exports the bundle as a file and imports it back: verified', async () => {
    const download = app.page.waitForEvent('download')
    await app.page.getByTestId('bundle-export').click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.dlbundle$/)
    expect(file.suggestedFilename()).toContain(bundleId.slice(0, 8))
    bundleFile = join(SHOTS, file.suggestedFilename())
    await file.saveAs(bundleFile)
    await app.page.getByTestId('import-bundle-file').setInputFiles(bundleFile)
    await waitText(app.page, 'import-result', '验证通过')
    expect(await text(app.page, 'import-result')).toContain('本机已有此签名包')
    expect(await text(app.page, 'import-result')).toContain(ENTERPRISE)
    await app.page.screenshot({ path: join(SHOTS, '12-sync.png'), fullPage: true })
    await app.page.setViewportSize({ width: 1366, height: 768 })
    await app.page.getByTestId('outbox').scrollIntoViewIfNeeded()
    await shot(app.page, '12a-sync-outbox-1366')
    await app.page.evaluate(() => window.scrollTo(0, 0))
    await app.page.locator('.app-body').evaluate((el) => el.scrollTo(0, 0))
    await shot(app.page, '12b-sync-keys-1366')
    await app.page.setViewportSize({ width: 1440, height: 900 })
  })

  it('refuses a tampered copy and says what failed; nothing is added', async () => {
    const files = unzipSync(new Uint8Array(readFileSync(bundleFile)))
    const manifest = files['manifest.json']
    expect(manifest).toBeDefined()
    files['manifest.json'] = strToU8(
      strFromU8(manifest!).replace(ENTERPRISE, '鹤壁篡改测试机械有限公司'),
    )
    await app.page.getByTestId('import-bundle-file').setInputFiles({
      name: 'tampered.dlbundle',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(zipSync(files)),
    })
    await waitText(app.page, 'import-result', '签名包验证未通过，未导入')
    const msg = await text(app.page, 'import-result')
    expect(msg).toContain('tampered.dlbundle')
    expect(msg).toMatch(/signature|签名/)
    const list = await api<{ items: unknown[] }>(app.page, 'bundles.list', {})
    expect(list.items).toHaveLength(1)
  })

  it('raised no uncaught page errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
