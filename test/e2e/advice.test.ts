/**
 * Issue 13 in the real renderer on the real backend (browser mode, Debian Chromium): the 诊断建议
 * step of the 一级 example diagnosis. Fill findings (typed in the step, the rest through the
 * contract), generate and accept the 二级 plan, see the score and level after it and the
 * projected subsidy, estimate a measure's investment, be warned naming the other enterprise when
 * the findings copy another enterprise's diagnosis (panel and complete dialog), complete, render
 * the 诊断报告 and keep its pages as PNGs.
 * Screenshots: test-results/advice-*.png; report pages test-results/advice-report-NN.png.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { QIXIAN_SHIPIN_FINDINGS } from '../../electron/backend/advice/fixtures/example-findings'
import { readExample } from '../../electron/backend/advice/test-support'
import { runTool } from '../../electron/backend/pdf/pdf-tools'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { api, shot, SHOTS, skipE2e, text, useBrowserApp, waitNoModal, waitText } from './harness'

const EXAMPLE = readExample('diagnosis-level1-qixian-shipin.json')
const OTHER17 = '91410611MA9G4Q2C8'
const OTHER_USCC = OTHER17 + usccCheckChar(OTHER17)
const OTHER_NAME = '淇县另一家肉制品有限公司（虚构示例）'

describe.skipIf(skipE2e())('诊断建议 in Chromium (browser mode)', () => {
  let assessmentId = ''

  /** The example as a draft diagnosis (not completed) through the contract the UI uses. */
  async function seed(page: Parameters<typeof api>[0], uscc: string, name: string) {
    const e = EXAMPLE.enterprise
    const ent = await api<{ id: string }>(page, 'enterprises.create', {
      uscc,
      name,
      county: e.county,
      industry: 'green_food',
      size: e.size,
      batch: e.batch,
    })
    const a = await api<{ assessment: { id: string } }>(page, 'assessments.create', {
      enterpriseId: ent.id,
      kind: 'diagnosis',
      assessorName: EXAMPLE.assessor.name,
      assessedOn: EXAMPLE.assessedOn,
    })
    const id = a.assessment.id
    for (const [questionId, selected] of Object.entries(EXAMPLE.answers))
      await api(page, 'assessments.setAnswer', { assessmentId: id, questionId, selected })
    for (const [sceneId, level] of Object.entries(EXAMPLE.scenes))
      await api(page, 'assessments.setScene', { assessmentId: id, sceneId, level })
    return id
  }

  const app = useBrowserApp({
    timeout: 120_000,
    seed: async ({ page }) => {
      assessmentId = await seed(page, EXAMPLE.enterprise.uscc, EXAMPLE.enterprise.name)
    },
  })

  it('types findings in the step; they are saved and counted', async () => {
    const page = app.page
    await page.goto(`${app.host.url}#/assessment/${assessmentId}/advice`)
    await page.getByTestId('advice-pane').waitFor()
    expect(await text(page, 'advice-findings-state')).toContain('尚缺 13 个场景')
    const [sq, pp, nd] = QIXIAN_SHIPIN_FINDINGS.SC01!
    await page.getByTestId('finding-SC01-statusQuo').fill(sq)
    await page.getByTestId('finding-SC01-painPoints').fill(pp)
    await page.getByTestId('finding-SC01-needs').fill(nd)
    await page.getByTestId('finding-SC01-needs').blur()
    await waitText(page, 'advice-findings-state', '尚缺 12 个场景')
    await waitText(page, 'save-status', '已保存')
    // the rest as the assessor would have typed them, through the same contract
    for (const [sceneId, [statusQuo, painPoints, needs]] of Object.entries(QIXIAN_SHIPIN_FINDINGS))
      if (sceneId !== 'SC01')
        await api(page, 'advice.setFinding', {
          assessmentId,
          sceneId,
          statusQuo,
          painPoints,
          needs,
        })
    await page.reload()
    await page.getByTestId('advice-pane').waitFor()
    await waitText(page, 'advice-findings-state', '低于目标等级的场景均已填写')
    expect(await page.getByTestId('finding-SC01-statusQuo').inputValue()).toBe(sq)
  })

  it('generates and accepts the 二级 plan: score and level after it, the projected subsidy', async () => {
    const page = app.page
    await page.getByTestId('accept-plan').click()
    await page.getByTestId('plan-steps').waitFor()
    await page.getByTestId('advice-meets').waitFor()
    expect(await text(page, 'advice-meets')).toContain('方案可达到二级')
    const after = Number(await text(page, 'advice-after-total').then((t) => t.replace('/100', '')))
    expect(after).toBeGreaterThanOrEqual(40)
    expect(await text(page, 'advice-after')).toContain('二级')
    expect(await text(page, 'advice-subsidy')).toContain('第2批')
    expect(await text(page, 'advice-subsidy-total')).toMatch(/元$/)
    expect(await text(page, 'advice-timeline')).toMatch(/约 \d+ 周/)

    // the assessor estimates the first measure: the live panel follows
    const first = page.locator('[data-testid^="measure-"][data-testid$="-0-investment"]').first()
    await first.click()
    await page.keyboard.type('45000')
    await first.blur()
    await waitText(page, 'advice-investment', '合计 45,000 元')
    await waitText(page, 'save-status', '已保存')
    await shot(page, 'advice-workspace')
  })

  it('warns, naming the other enterprise, when the findings copy another diagnosis', async () => {
    const page = app.page
    const other = await seed(page, OTHER_USCC, OTHER_NAME)
    for (const [sceneId, [statusQuo, painPoints, needs]] of Object.entries(QIXIAN_SHIPIN_FINDINGS))
      await api(page, 'advice.setFinding', {
        assessmentId: other,
        sceneId,
        statusQuo,
        painPoints,
        needs,
      })
    await api(page, 'advice.acceptPlan', { assessmentId: other, target: 2 })

    await page.getByTestId('check-homogeneity').click()
    await page.getByTestId('homogeneity-warning').waitFor()
    const w = await text(page, 'homogeneity-warning')
    expect(w).toContain(`「${OTHER_NAME}」`)
    expect(w).toMatch(/相似度 \d+%/)
    await shot(page, 'advice-homogeneity')

    // told again before completing; completing stays possible
    await page.getByTestId('complete').click()
    await page.getByTestId('complete-homogeneity').waitFor()
    // the dialog's opening animation has ended (infinite ones, e.g. a spinner, never do)
    await page.waitForFunction(() =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    )
    expect(await text(page, 'complete-homogeneity')).toContain(OTHER_NAME)
    await shot(page, 'advice-complete-warning')
    await page.getByTestId('complete-confirm').click()
    await waitText(page, 'ws-status', '已完成')
    await waitNoModal(page)
    // read-only now
    expect(await page.getByTestId('accept-plan').count()).toBe(0)
    expect(await page.getByTestId('finding-SC01-statusQuo').isDisabled()).toBe(true)
  })

  it('renders the 诊断报告 built around the plan; its pages as PNGs', async () => {
    const page = app.page
    await page.getByTestId('open-report').click()
    const download = page.waitForEvent('download', { timeout: 90_000 })
    await page.getByTestId('report-render').click()
    await page.getByTestId('report-result').waitFor({ timeout: 90_000 })
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^诊断报告.*\.pdf$/)
    const pdf = await file.path()
    const t = runTool('pdftotext', ['-layout', pdf, '-'])
    const all = t.stdout.replace(/\s+/g, '')
    for (const h of [
      '二、评测结果',
      '三、问题诊断',
      '四、改造路径',
      '五、预期成效',
      '六、投资与补助测算',
      '七、实施计划',
    ])
      expect(all, h).toContain(h)
    expect(all).toContain(QIXIAN_SHIPIN_FINDINGS.SC01![0].replace(/\s+/g, '').slice(0, 20))
    expect(all).toContain('45,000元（估算）')
    mkdirSync(SHOTS, { recursive: true })
    const r = runTool('pdftoppm', ['-png', '-r', '60', pdf, join(SHOTS, 'advice-report')])
    expect(r.code).toBe(0)
    await shot(page, 'advice-report-dialog')
    await page.getByRole('button', { name: '关闭' }).click()
  })
})
