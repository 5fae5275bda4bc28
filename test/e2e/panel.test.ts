/**
 * Issue 6 in the real renderer on the real backend (browser mode, Debian Chromium): the lead's
 * consolidation screen. Three experts sign acceptance bundles on their own devices (in-process
 * backends with their own key files: two agree, 王五 diverges on SC03 and SC06); in the browser
 * the lead opens 专家组合议 from the enterprise list, adds the three experts from the public-key
 * files they gave (by name, issue 14) and creates the panel,
 * imports the three .dlbundle files (verified), sees both scenes flagged and the level verdict
 * warning, decides SC03 with a reason, sees 二级, signs, and exports the panel's 验收评价 PDF.
 * Screenshot test-results/13-panel-consolidation.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../electron/backend/dispatch'
import { signedDiagnosis, tempBackend } from '../../electron/backend/test-helpers'
import type { Output, Wire } from '../../shared/contract/api'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { BASE_ANSWERS, BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import type { SceneJudgements } from '../../shared/domain/scoring/types'
import { exportedAcceptance } from '../contract/panel-devices'
import {
  shot,
  SHOTS,
  skipE2e,
  api,
  field,
  text,
  waitText,
  seedCompletedAssessment,
  useBrowserApp,
} from './harness'

const FIRST17 = '91410611MA9G4P6L3'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const ENTERPRISE = '鹤壁专家组合议电子有限公司'
const ENT_INPUT = {
  uscc: USCC,
  name: ENTERPRISE,
  county: '淇滨区',
  industry: 'electrical_electronics',
  size: 'small',
  batch: 2,
}
const EXPERTS: { name: string; agency: string; scenes: SceneJudgements }[] = [
  { name: '张三', agency: '河南省工业信息化研究院', scenes: BASE_SCENES },
  { name: '李四', agency: '鹤壁职业技术学院', scenes: BASE_SCENES },
  { name: '王五', agency: '某评测服务商', scenes: { ...BASE_SCENES, SC03: 4, SC06: 0 } },
]

type B = Awaited<ReturnType<typeof tempBackend>>
async function ok<T>(b: B, method: string, input: unknown = {}): Promise<T> {
  const w = (await dispatch(b, method, input)) as Wire<T>
  if (!w.ok) throw new Error(`${method}: ${w.error.message}`)
  return w.value
}

/** An expert's own device: key file, enterprise, completed acceptance, exported bundle file. */
async function expertBundle(
  scenes: SceneJudgements,
  assessor: string,
  agency: string,
  diagnosis: { bytes?: Buffer },
): Promise<{ b: B; keyId: string; file: string; keyFile: string }> {
  const b = await tempBackend()
  const k = await ok<Output<'keys.create'>>(b, 'keys.create', {
    passphrase: `${assessor}-口令-2026`,
  })
  await ok(b, 'profile.set', { name: assessor, agency })
  const card = await ok<Output<'keys.exportCard'>>(b, 'keys.exportCard', {})
  mkdirSync(SHOTS, { recursive: true })
  const keyFile = join(SHOTS, `panel-${card.fileName}`)
  writeFileSync(keyFile, card.content)
  const e = await ok<{ id: string }>(b, 'enterprises.create', ENT_INPUT)
  // the signed diagnosis before the retrofit that every expert's acceptance cites (issue 11
  // item 1): signed on the first expert's device, imported on the others
  let beforeBundleId: string
  if (diagnosis.bytes) {
    const imported = await ok<{ bundle: { bundleId: string } }>(b, 'bundles.import', {
      fileName: 'diagnosis.dlbundle',
      contentBase64: diagnosis.bytes.toString('base64'),
    })
    beforeBundleId = imported.bundle.bundleId
  } else {
    const d = await signedDiagnosis(b, e.id, '2026-11-10')
    diagnosis.bytes = d.bytes
    beforeBundleId = d.bundleId
  }
  const ex = await exportedAcceptance(b, {
    enterpriseId: e.id,
    assessorName: assessor,
    assessedOn: '2026-11-26',
    scenes,
    beforeBundleId,
  })
  const file = join(SHOTS, `panel-${assessor}-${ex.fileName}`)
  writeFileSync(file, Buffer.from(ex.contentBase64, 'base64'))
  return { b, keyId: k.key!.keyId, file, keyFile }
}

describe.skipIf(skipE2e())('expert panel consolidation screen in Chromium', () => {
  const experts: Awaited<ReturnType<typeof expertBundle>>[] = []
  beforeAll(async () => {
    const diagnosis: { bytes?: Buffer } = {}
    for (const x of EXPERTS) experts.push(await expertBundle(x.scenes, x.name, x.agency, diagnosis))
  }, 120_000)
  afterAll(async () => {
    for (const x of experts) await x.b.cleanup()
  })
  const app = useBrowserApp({
    timeout: 120_000,
    seed: async ({ page }) => {
      // the lead's device: key, the enterprise and its completed diagnosis (before the retrofit)
      await api(page, 'keys.create', { passphrase: '组长口令-鹤壁-2026' })
      await seedCompletedAssessment(page, {
        enterprise: ENT_INPUT,
        kind: 'diagnosis',
        assessorName: '赵组长',
        answers: BASE_ANSWERS,
        sceneLevel: 1,
        assessedOn: '2026-05-12', // before the experts' acceptance of 2026-11-26
      })
      await page.reload()
      await page.waitForLoadState('networkidle')
    },
  })

  it('opens 专家组合议 from the enterprise list and creates the panel', async () => {
    await app.page.getByTestId(`panel-${USCC}`).click()
    await app.page.getByTestId('panel-page').waitFor()
    expect(app.page.url()).toMatch(/#\/panel\//)
    await app.page.getByTestId('panel-create').waitFor()
    // The experts' public-key files: each names its holder, added by name (no 64-hex ids typed).
    for (const [i, x] of EXPERTS.entries()) {
      await app.page.getByTestId('panel-key-file').setInputFiles(experts[i]!.keyFile)
      await waitText(app.page, 'panel-key-notice', `已添加专家 ${x.name}（${x.agency}）`)
    }
    const chosen = await app.page
      .locator('[data-testid="panel-experts"] .ant-select-selection-item')
      .allTextContents()
    expect(chosen).toEqual(EXPERTS.map((x) => `${x.name} · ${x.agency}`))
    expect(await text(app.page, 'panel-create')).not.toMatch(/[0-9a-f]{64}/)
    await app.page.setViewportSize({ width: 1366, height: 768 })
    await app.page.waitForSelector('[data-testid="panel-key-import"]:not(.ant-btn-loading)')
    await app.page.waitForFunction(() =>
      document.getAnimations().every((a) => a.playState !== 'running'),
    )
    await shot(app.page, '13a-panel-experts-by-name-1366')
    await app.page.setViewportSize({ width: 1440, height: 900 })
    await app.page.getByTestId('panel-create-submit').click()
    await app.page.getByTestId('panel-members').waitFor()
    for (const x of EXPERTS) await app.page.getByTestId(`waiting-${x.name}`).waitFor()
  })

  it('imports the three signed bundles and flags SC03, SC06 and the level verdict', async () => {
    await app.page.getByTestId('panel-import-input').setInputFiles(experts.map((x) => x.file))
    for (const x of EXPERTS) await app.page.getByTestId(`arrived-${x.name}`).waitFor()
    await waitText(app.page, 'arrived-王五', '一级')
    await waitText(app.page, 'arrived-张三', '二级')
    await app.page.getByTestId('panel-items').waitFor()
    await waitText(app.page, 'panel-items', '分歧 3 项')
    await waitText(app.page, 'panel-items', '等级判定不一致')
    await waitText(app.page, 'item-SC03', '分歧')
    await waitText(app.page, 'item-SC06', '分歧')
    await waitText(app.page, 'settled-SC06', '二级')
    const rows = await app.page.locator('[data-testid="panel-items"] tbody tr').allTextContents()
    const sc03 = rows.find((r) => r.includes('SC03')) ?? ''
    expect(sc03).toMatch(/二级.*二级.*四级/)
    await waitText(app.page, 'panel-level', '二级')
  })

  it('the lead decides SC03 with a reason, signs and exports the 验收评价 PDF', async () => {
    // no reason → refused, named
    await app.page.getByTestId('decide-value-SC03').click()
    await app.page.locator('.ant-select-item-option', { hasText: '三级' }).click()
    await app.page.getByTestId('decide-SC03').click()
    await waitText(app.page, 'panel-error', '理由')
    await field(app.page, 'decide-reason-SC03').fill('现场核实排产系统已部分自动排产，取三级')
    await app.page.getByTestId('decide-SC03').click()
    await waitText(app.page, 'settled-SC03', '三级')
    await waitText(app.page, 'settled-SC03', '现场核实')
    await waitText(app.page, 'panel-level', '合议等级：二级')
    await field(app.page, 'panel-investment').fill('500000')
    const pdfDownload = app.page.waitForEvent('download')
    await app.page.getByTestId('panel-report').click()
    const pdf = await pdfDownload
    // no signed diagnosis picked for the panel: the 验收评价 is a draft (issue 11 item 1)
    expect(pdf.suggestedFilename()).toMatch(/^草稿-验收评价-专家组-.+\.pdf$/)
    const signDownload = app.page.waitForEvent('download')
    await app.page.getByTestId('panel-sign').click()
    const signed = await signDownload
    expect(signed.suggestedFilename()).toMatch(/\.dlbundle$/)
    await app.page.getByTestId('panel-signed').waitFor()
    await waitText(app.page, 'panel-signed', '含 3 位专家的签名包')
    const v = await api<Output<'panel.verify'>>(app.page, 'panel.verify', {
      panelId: (await api<Output<'panel.list'>>(app.page, 'panel.list', {})).items[0]!.id,
    })
    expect(v).toEqual({ ok: true, problems: [] })
    await app.page.evaluate(() => window.scrollTo(0, 0))
    await shot(app.page, '13-panel-consolidation')
    expect(app.pageErrors).toEqual([])
  })
})
