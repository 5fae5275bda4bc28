/**
 * Issue 8 in the real renderer on the real backend (browser mode, Debian Chromium): the
 * acceptance dossier (一企一档) of an enterprise with a completed 二级 acceptance. Fill a ledger in
 * 元 (one row not eligible), attach two invoices, see the subsidy computed with the caps that
 * limited it; a duplicate invoice number is refused with its message; a missing mandatory material
 * (with its reason) blocks 验收通过 until it is attached. Screenshot: test-results/dossier.png.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { HEBI_2024_DOSSIER_TEMPLATE } from '../../shared/domain/dossier'
import {
  shot,
  SHOTS,
  skipE2e,
  api,
  bestAnswers,
  seedCompletedAssessment,
  useBrowserApp,
} from './harness'

const FIRST17 = '91410611MA9G4D0T3'
const USCC = FIRST17 + usccCheckChar(FIRST17)

function pdfFile(name: string) {
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${name}\n`) }
}

describe.skipIf(skipE2e())('acceptance dossier in Chromium (browser mode)', () => {
  let enterpriseId = ''
  // The enterprise and its completed acceptance (二级) through the contract the UI uses.
  const app = useBrowserApp({
    seed: async ({ page }) => {
      ;({ enterpriseId } = await seedCompletedAssessment(page, {
        enterprise: {
          uscc: USCC,
          name: '鹤壁档案测试电子有限公司',
          county: '淇滨区',
          industry: 'electrical_electronics',
          size: 'small',
          batch: 1,
        },
        kind: 'acceptance',
        assessorName: '李专家',
        answers: bestAnswers(),
        sceneLevel: 2,
      }))
    },
  })

  async function addRow(
    invoiceNo: string,
    date: string,
    supplier: string,
    amount: string,
    cat: string,
  ) {
    await app.page.getByTestId('ledger-invoiceNo').fill(invoiceNo)
    await app.page.getByTestId('ledger-date').fill(date)
    await app.page.getByTestId('ledger-supplier').fill(supplier)
    await app.page.getByTestId('ledger-amount').fill(amount)
    await app.page.getByTestId('ledger-category').click()
    await app.page.locator(`.ant-select-item-option[title="${cat}"]`).click()
    await app.page.getByTestId('ledger-add').click()
  }

  async function attach(button: string, file: ReturnType<typeof pdfFile>) {
    const [chooser] = await Promise.all([
      app.page.waitForEvent('filechooser'),
      app.page.getByTestId(button).click(),
    ])
    await chooser.setFiles(file)
  }

  it('opens the dossier: nothing recorded yet, the verdict is blocked', async () => {
    await app.page.goto(`${app.host.url}#/dossier/${enterpriseId}`)
    await app.page.getByTestId('dossier-page').waitFor()
    const v = app.page.getByTestId('dossier-verdict')
    expect(await v.getAttribute('data-verdict')).toBe('blocked')
    expect(await v.textContent()).toContain('缺少必备材料“企业数字化改造合同”（尚未登记）')
    expect(await app.page.getByTestId('dossier-subsidy').textContent()).toContain('投入清单为空')
  })

  it('fills the ledger in 元; the ineligible row is listed but not counted', async () => {
    await addRow('FP-2026-001', '2026-05-10', '鹤壁某软件有限公司', '1,200,000.50', '软件')
    await app.page.getByTestId('ledger-row-1').waitFor()
    await addRow('FP-2026-002', '2026-05-20', '某云服务有限公司', '30000', '云服务')
    await app.page.getByTestId('ledger-row-2').waitFor()
    await addRow('FP-2026-003', '2026-05-21', '某装修公司', '8000', '其他（不计入）')
    await app.page.getByTestId('ledger-row-3').waitFor()
    expect(await app.page.getByTestId('ledger-row-1').textContent()).toContain('1,200,000.50')
    expect(await app.page.getByTestId('ledger-row-3').textContent()).toContain('（不计入）')
    const totals = await app.page.getByTestId('ledger-totals').textContent()
    expect(totals).toContain('计入实际投入 1,230,000.50 元')
    expect(totals).toContain('不计入 8,000 元')
  })

  it('refuses a duplicate invoice number with a message naming the row', async () => {
    await addRow('fp-2026-001', '2026-06-01', '另一家公司', '100', '软件')
    const err = app.page.getByTestId('ledger-form-error')
    await err.waitFor()
    expect(await err.textContent()).toContain(
      '发票号 fp-2026-001 重复：已在投入清单第 1 行（发票号 FP-2026-001，鹤壁某软件有限公司）登记',
    )
    expect(await app.page.locator('[data-testid^="ledger-row-"]').count()).toBe(3)
  })

  it('attaches two invoices and sees the subsidy computed with its caps', async () => {
    await attach('attach-invoice-1', pdfFile('发票-FP-2026-001.pdf'))
    await app.page.getByTestId('invoice-file-1').waitFor()
    await attach('attach-invoice-2', pdfFile('发票-FP-2026-002.pdf'))
    await app.page.getByTestId('invoice-file-2').waitFor()
    expect(await app.page.getByTestId('invoice-file-2').textContent()).toBe('发票-FP-2026-002.pdf')

    // batch 1, 二级: 50 % of 1,230,000.50 = 615,000.25, capped at 500,000; no actual diagnosis
    // cost: the 咨询诊断补助 is 待核定 and not in the total
    expect(await app.page.getByTestId('subsidy-total').textContent()).toBe('500,000 元')
    expect(await app.page.getByTestId('dossier-subsidy').textContent()).toContain(
      '待核定（未提供实际诊断费用）',
    )
    const inv = app.page.getByTestId(`step-${HEBI_2024_DOSSIER_TEMPLATE.id}/eligible-investment`)
    expect(await inv.textContent()).toContain(
      '软件 1,200,000.50 元 + 云服务 30,000 元 = 1,230,000.50 元',
    )
    expect(await inv.textContent()).toContain('不计入：其他 8,000 元')
    const retrofit = app.page.getByTestId('step-hebi-2024/retrofit-l2-batch1')
    expect(await retrofit.getAttribute('data-cap-hit')).toBe('true')
    expect(await retrofit.textContent()).toContain('封顶 500,000 元')
    expect(
      await app.page.getByTestId('step-hebi-2024/diagnosis').getAttribute('data-cap-hit'),
    ).toBe('false')
    // the payment proofs are still missing: the warning names the rows
    expect(await app.page.getByTestId('dossier-subsidy').textContent()).toContain(
      '投入清单第 1、2 行可补助支出尚缺发票或付款凭证附件',
    )
  })

  it('a missing mandatory material with its reason blocks 验收通过 until it is attached', async () => {
    // every mandatory material but the contract through the contract API, to keep this short
    const f = await api<{ id: string }>(app.page, 'dossier.addFile', {
      enterpriseId,
      fileName: '材料汇编.pdf',
      contentBase64: Buffer.from('%PDF-1.4 materials').toString('base64'),
    })
    for (const item of HEBI_2024_DOSSIER_TEMPLATE.items)
      if (item.mandatory && item.id !== 'retrofit_contract')
        await api(app.page, 'dossier.setItem', {
          enterpriseId,
          itemId: item.id,
          state: 'attached',
          fileIds: [f.id],
        })
    await app.page.reload()
    await app.page.getByTestId('dossier-page').waitFor()

    await app.page.getByTestId('missing-retrofit_contract').click()
    await app.page.getByTestId('reason-input').fill('合同原件在集团总部，尚未寄回')
    await app.page.locator('.ant-modal-footer .ant-btn-primary').click()
    const v = app.page.getByTestId('dossier-verdict')
    await app.page.waitForFunction(() =>
      document
        .querySelector('[data-testid="dossier-verdict"]')
        ?.textContent?.includes('合同原件在集团总部'),
    )
    expect(await v.getAttribute('data-verdict')).toBe('blocked')
    expect(await v.textContent()).toContain(
      '数字化水平达到二级，但缺少必备材料“企业数字化改造合同”，不能判定为通过',
    )
    await shot(app.page, 'dossier-blocked')

    await attach('attach-retrofit_contract', pdfFile('数字化改造合同.pdf'))
    await app.page.waitForFunction(
      () =>
        document.querySelector('[data-testid="dossier-verdict"]')?.getAttribute('data-verdict') ===
        'passed',
    )
    expect(await v.textContent()).toContain('达到二级及以上，必备材料齐全，验收通过')
    expect(await app.page.getByTestId('item-retrofit_contract').textContent()).toContain(
      '数字化改造合同.pdf',
    )
    await app.page.screenshot({ path: join(SHOTS, 'dossier.png'), fullPage: true })
  })

  it('raised no uncaught page errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
