/**
 * Issue 6 in the real renderer on the real backend (browser mode, Debian Chromium): the lead's
 * consolidation screen. Three experts sign acceptance bundles on their own devices (in-process
 * backends with their own key files: two agree, 王五 diverges on SC03 and SC06); in the browser
 * the lead opens 专家组合议 from the enterprise list, creates the panel with the three key ids,
 * imports the three .dlbundle files (verified), sees both scenes flagged and the level verdict
 * warning, decides SC03 with a reason, sees 二级, signs, and exports the panel's 验收评价 PDF.
 * Screenshot test-results/13-panel-consolidation.png.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../electron/backend/dispatch'
import { tempBackend } from '../../electron/backend/test-helpers'
import type { Output, Wire } from '../../shared/contract/api'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { BASE_ANSWERS, BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import type { SceneJudgements } from '../../shared/domain/scoring/types'
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

function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
}

async function waitText(page: Page, testId: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([id, want]) =>
      (document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').includes(want as string),
    [testId, expected],
    { timeout: 15_000 },
  )
}

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
): Promise<{ b: B; keyId: string; file: string }> {
  const b = await tempBackend()
  const k = await ok<Output<'keys.create'>>(b, 'keys.create', {
    passphrase: `${assessor}-口令-2026`,
  })
  const e = await ok<{ id: string }>(b, 'enterprises.create', ENT_INPUT)
  const a = await ok<{ assessment: { id: string } }>(b, 'assessments.create', {
    enterpriseId: e.id,
    kind: 'acceptance',
    assessorName: assessor,
    assessedOn: '2026-11-26',
  })
  const id = a.assessment.id
  for (const [questionId, selected] of Object.entries(BASE_ANSWERS))
    await ok(b, 'assessments.setAnswer', { assessmentId: id, questionId, selected })
  for (const [sceneId, level] of Object.entries(scenes))
    await ok(b, 'assessments.setScene', { assessmentId: id, sceneId, level })
  await ok(b, 'assessments.complete', { id })
  const bundle = await ok<{ bundleId: string }>(b, 'bundles.create', { assessmentId: id })
  const ex = await ok<{ fileName: string; contentBase64: string }>(b, 'bundles.export', {
    bundleId: bundle.bundleId,
  })
  const file = join(SHOTS, `panel-${assessor}-${ex.fileName}`)
  writeFileSync(file, Buffer.from(ex.contentBase64, 'base64'))
  return { b, keyId: k.key!.keyId, file }
}

describe.skipIf(skipE2e())('expert panel consolidation screen in Chromium', () => {
  let host: RunningHost
  let br: Browsing
  let page: Page
  const experts: Awaited<ReturnType<typeof expertBundle>>[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    requireChromium()
    buildRenderer()
    for (const x of EXPERTS) experts.push(await expertBundle(x.scenes, x.name))
    host = await startHost()
    br = await openBrowser()
    page = br.page
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(host.url)
    await page.waitForLoadState('networkidle')
    // the lead's device: key, the enterprise and its completed diagnosis (before the retrofit)
    await api(page, 'keys.create', { passphrase: '组长口令-鹤壁-2026' })
    const e = await api<{ id: string }>(page, 'enterprises.create', ENT_INPUT)
    const a = await api<{ assessment: { id: string } }>(page, 'assessments.create', {
      enterpriseId: e.id,
      kind: 'diagnosis',
      assessorName: '赵组长',
    })
    const assessmentId = a.assessment.id
    for (const [questionId, selected] of Object.entries(BASE_ANSWERS))
      await api(page, 'assessments.setAnswer', { assessmentId, questionId, selected })
    for (const s of MIIT_2024.catalogue.scenes)
      await api(page, 'assessments.setScene', { assessmentId, sceneId: s.id, level: 1 })
    await api(page, 'assessments.complete', { id: assessmentId })
    await page.reload()
    await page.waitForLoadState('networkidle')
  }, 120_000)
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      await shot(page, `failed-${ctx.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, '-')}`)
    }
  })
  afterAll(async () => {
    await br?.close()
    await host?.stop()
    for (const x of experts) await x.b.cleanup()
  })

  it('opens 专家组合议 from the enterprise list and creates the panel', async () => {
    await page.getByTestId(`panel-${USCC}`).click()
    await page.getByTestId('panel-page').waitFor()
    expect(page.url()).toMatch(/#\/panel\//)
    await page.getByTestId('panel-create').waitFor()
    const lead = await api<Output<'keys.status'>>(page, 'keys.status', {})
    await page.waitForFunction(
      (k) =>
        (document.querySelector('input[data-testid="lead-key"]') as HTMLInputElement)?.value === k,
      lead.key!.keyId,
    )
    await field(page, 'lead-name').fill('赵组长')
    await field(page, 'lead-agency').fill('鹤壁市中小企业服务中心')
    for (const [i, x] of EXPERTS.entries()) {
      await field(page, `expert-${i}-name`).fill(x.name)
      await field(page, `expert-${i}-agency`).fill(x.agency)
      await field(page, `expert-${i}-key`).fill(experts[i]!.keyId)
    }
    await page.getByTestId('panel-create-submit').click()
    await page.getByTestId('panel-members').waitFor()
    for (const x of EXPERTS) await page.getByTestId(`waiting-${x.name}`).waitFor()
  })

  it('imports the three signed bundles and flags SC03, SC06 and the level verdict', async () => {
    await page.getByTestId('panel-import-input').setInputFiles(experts.map((x) => x.file))
    for (const x of EXPERTS) await page.getByTestId(`arrived-${x.name}`).waitFor()
    await waitText(page, 'arrived-王五', '一级')
    await waitText(page, 'arrived-张三', '二级')
    await page.getByTestId('panel-items').waitFor()
    await waitText(page, 'panel-items', '分歧 3 项')
    await waitText(page, 'panel-items', '等级判定不一致')
    await waitText(page, 'item-SC03', '分歧')
    await waitText(page, 'item-SC06', '分歧')
    await waitText(page, 'settled-SC06', '二级')
    const rows = await page.locator('[data-testid="panel-items"] tbody tr').allTextContents()
    const sc03 = rows.find((r) => r.includes('SC03')) ?? ''
    expect(sc03).toMatch(/二级.*二级.*四级/)
    await waitText(page, 'panel-level', '二级')
  })

  it('the lead decides SC03 with a reason, signs and exports the 验收评价 PDF', async () => {
    // no reason → refused, named
    await page.getByTestId('decide-value-SC03').click()
    await page.locator('.ant-select-item-option', { hasText: '三级' }).click()
    await page.getByTestId('decide-SC03').click()
    await waitText(page, 'panel-error', '理由')
    await field(page, 'decide-reason-SC03').fill('现场核实排产系统已部分自动排产，取三级')
    await page.getByTestId('decide-SC03').click()
    await waitText(page, 'settled-SC03', '三级')
    await waitText(page, 'settled-SC03', '现场核实')
    await waitText(page, 'panel-level', '合议等级：二级')
    await field(page, 'panel-investment').fill('500000')
    const pdfDownload = page.waitForEvent('download')
    await page.getByTestId('panel-report').click()
    const pdf = await pdfDownload
    expect(pdf.suggestedFilename()).toMatch(/^验收评价-专家组-.+\.pdf$/)
    const signDownload = page.waitForEvent('download')
    await page.getByTestId('panel-sign').click()
    const signed = await signDownload
    expect(signed.suggestedFilename()).toMatch(/\.dlbundle$/)
    await page.getByTestId('panel-signed').waitFor()
    await waitText(page, 'panel-signed', '含 3 位专家的签名包')
    const v = await api<Output<'panel.verify'>>(page, 'panel.verify', {
      panelId: (await api<Output<'panel.list'>>(page, 'panel.list', {})).items[0]!.id,
    })
    expect(v).toEqual({ ok: true, problems: [] })
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot(page, '13-panel-consolidation')
    expect(pageErrors).toEqual([])
  })
})
