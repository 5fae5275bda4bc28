/**
 * The assessor's day, in the real renderer on the real backend (browser mode, Debian Chromium):
 * an invalid 统一社会信用代码 gets its message; create the enterprise; start a diagnosis; answer
 * every question (keyboard and mouse, Q02 through the device counts) and every scene; attach an
 * evidence file; watch the level and the gap text change; reload mid-way and find everything;
 * complete it (read-only after); a CSV with a bad row gets its row error and cannot be imported.
 * Screenshots of the main screens go to test-results/*.png.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { MIIT_2024_DEFAULT } from '../../shared/domain/levels/rule-profiles'
import { scoreAssessment } from '../../shared/domain/scoring'
import type { Answers, SceneJudgements, SceneLevel } from '../../shared/domain/scoring/types'
import { KEY_HEADER_FILE } from '../../electron/backend/storage/key-provider'
import { api, shot, skipE2e, waitNoModal, field, text, waitText, useBrowserApp } from './harness'
import { recordCompleteAdvice } from '../../electron/backend/advice/test-support'

const cat = MIIT_2024.catalogue
const FIRST17 = '91410611MA9G4K7B2'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const WRONG = FIRST17 + (usccCheckChar(FIRST17) === '0' ? '1' : '0')

/** What the assessor answers: singles the second-best option, multis all but 「无」 and the last. */
function plannedAnswers(): Answers {
  const a: Answers = {}
  for (const q of cat.questions) {
    if (q.type === 'single') {
      a[q.id] = q.options[q.options.length - 2]?.key ?? q.options[0]!.key
    } else {
      const keys = q.options.filter((o) => !o.exclusive).map((o) => o.key)
      a[q.id] = keys.length > 1 ? keys.slice(0, -1) : keys
    }
  }
  // Q02 is answered by adopting the band the device counts suggest: 45 / 100 = 45 % → (40%,60%]
  a.Q02 = 'D'
  return a
}
const LEVEL_PATTERN: SceneLevel[] = [3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 1, 1, 0, 2]
function plannedScenes(): SceneJudgements {
  const s: SceneJudgements = {}
  cat.scenes.forEach((sc, i) => (s[sc.id] = LEVEL_PATTERN[i] ?? 1))
  return s
}

async function waitSaved(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="save-status"][data-state="saved"]', { timeout: 15_000 })
}

describe.skipIf(skipE2e())('assessor workspace in Chromium (browser mode)', () => {
  // the one suite whose host writes its key header at first start, at the product's cost
  const app = useBrowserApp({ load: false, keyCost: 'product' })

  it("the host's first start encrypted its database with a key header at the product's cost", () => {
    const header = JSON.parse(readFileSync(join(app.host.dataDir, KEY_HEADER_FILE), 'utf8'))
    expect(header).toMatchObject({ kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 })
  })

  it('creates an enterprise; an invalid 统一社会信用代码 gets a clear message first', async () => {
    await app.page.goto(app.host.url)
    await app.page.getByTestId('new-enterprise').click()
    const uscc = app.page.getByTestId('uscc-input')
    await uscc.fill(WRONG.slice(0, 10))
    await app.page.getByText('统一社会信用代码应为 18 位，实际为 10 位').waitFor()
    await uscc.fill(WRONG)
    const msg = `统一社会信用代码校验位错误：第 18 位应为「${USCC.charAt(17)}」`
    await app.page.getByText(msg).waitFor()
    // the message's enter animation has finished (for the picture)
    await app.page.waitForFunction(() =>
      document.getAnimations().every((a) => a.playState !== 'running'),
    )
    await shot(app.page, '02-enterprise-form-invalid-uscc')
    await uscc.fill(USCC.toLowerCase())
    expect(await uscc.inputValue()).toBe(USCC) // typed in lower case, normalised
    await app.page.getByTestId('name-input').fill('鹤壁市示范电子科技有限公司')
    // the county comes from Hebi's list (a searchable select, not free text)
    await app.page.getByTestId('county-input').click()
    await app.page.locator('.ant-select-item-option', { hasText: '淇滨区' }).click()
    await app.page.getByTestId('industry-select').click()
    await app.page.locator('.ant-select-item-option', { hasText: '智能电器电子信息制造' }).click()
    await app.page.getByTestId('enterprise-save').click()
    await app.page.getByText('鹤壁市示范电子科技有限公司').first().waitFor()
    await app.page.getByText(USCC).waitFor()
  })

  it('starts a diagnosis and answers every question, Q02 from the device counts', async () => {
    await app.page.getByTestId(`start-${USCC}`).click()
    await app.page.getByTestId('assessor-name').fill('张评测')
    await app.page.getByTestId('start-confirm').click()
    await app.page.getByTestId('question-pane').waitFor()
    expect(await text(app.page, 'ws-enterprise')).toBe('鹤壁市示范电子科技有限公司')

    const answers = plannedAnswers()
    for (const q of cat.questions) {
      await app.page.getByTestId(`nav-${q.id}`).click()
      await app.page.waitForSelector(`[data-testid="question-pane"][data-item="${q.id}"]`)
      if (q.id === 'Q02') {
        await field(app.page, 'field-f2').fill('100')
        await field(app.page, 'field-f3').fill('45')
        await field(app.page, 'field-f3').blur()
        await waitText(app.page, 'ratio-suggestion', '45.0%')
        await app.page.getByRole('button', { name: '采用 D' }).click()
        await waitText(app.page, 'ratio-suggestion', '已选')
        continue
      }
      const want = answers[q.id]!
      const keys = Array.isArray(want) ? want : [want]
      // Keyboard: the option letters (focus on the navigator, not in a field).
      await app.page.getByTestId(`nav-${q.id}`).focus()
      for (const k of keys) await app.page.keyboard.press(k.toLowerCase())
      for (const k of keys) {
        await app.page.waitForSelector(`[data-testid="option-${k}"][aria-checked="true"]`)
      }
      if (q.id === 'Q05') await shot(app.page, '03-workspace-question')
    }
    await waitSaved(app.page)
    const expected = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, answers, {})
    await waitText(app.page, 'live-total', String(expected.total))
    expect(await text(app.page, 'unanswered-count')).toBe(String(cat.scenes.length))
  })

  it('reloads mid-way and finds every answer, field, note and the survey record', async () => {
    await app.page.getByTestId('nav-survey').click()
    await app.page.getByTestId('survey-date').fill('2026-11-20')
    await app.page.getByTestId('survey-add-person').click()
    await app.page.getByTestId('survey-person-0').fill('赵厂长')
    await app.page.getByTestId('survey-observations').fill('企业有 2 条 SMT 产线，MES 已上线一年。')
    await app.page.getByTestId('survey-observations').blur()
    await waitSaved(app.page)
    await shot(app.page, '11-workspace-survey')
    await app.page.getByTestId('nav-Q03').click()
    await app.page.getByTestId('note-input').fill('现场查看设备台账，部分设备未联网。')
    await field(app.page, 'field-f2').fill('30')
    await field(app.page, 'field-f2').blur()
    await waitText(app.page, 'ratio-suggestion', '30.0%')
    // the note is saved 400 ms after the last keystroke: wait until the backend has it
    await expect
      .poll(
        async () => {
          const list = await api<{ items: { id: string }[] }>(app.page, 'assessments.list', {})
          const notes = await Promise.all(
            list.items.map(async (a) => {
              const d = await api<{ answers: Record<string, { note?: string }> }>(
                app.page,
                'assessments.get',
                { id: a.id },
              )
              return d.answers.Q03?.note
            }),
          )
          return notes.includes('现场查看设备台账，部分设备未联网。')
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true)
    await waitSaved(app.page)
    const before = await text(app.page, 'live-total')

    await app.page.reload()
    await app.page.waitForSelector('[data-testid="question-pane"][data-item="Q03"]')
    expect(await app.page.getByTestId('note-input').inputValue()).toBe(
      '现场查看设备台账，部分设备未联网。',
    )
    expect(await field(app.page, 'field-f2').inputValue()).toBe('30')
    expect(await text(app.page, 'live-total')).toBe(before)
    for (const q of cat.questions) {
      expect(await app.page.getByTestId(`nav-${q.id}`).getAttribute('data-done')).toBe('1')
    }
    expect(await app.page.getByTestId('nav-survey').getAttribute('data-done')).toBe('1')
    await app.page.getByTestId('nav-survey').click()
    expect(await app.page.getByTestId('survey-person-0').inputValue()).toBe('赵厂长')
    expect(await app.page.getByTestId('survey-observations').inputValue()).toBe(
      '企业有 2 条 SMT 产线，MES 已上线一年。',
    )
    expect(await app.page.getByTestId('survey-date').inputValue()).toBe('2026-11-20')
    await app.page.getByTestId('nav-Q02').click()
    await app.page.waitForSelector('[data-testid="option-D"][aria-checked="true"]')
    expect(await field(app.page, 'field-f3').inputValue()).toBe('45')
  })

  it('judges every scene by keyboard; the level and the gap text change', async () => {
    const answers = plannedAnswers()
    const scenes = plannedScenes()
    const noScenes = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, answers, {})
    const gapBefore = await text(app.page, 'gap-text')
    expect(gapBefore).toBe(noScenes.next?.text)
    expect(await text(app.page, 'level-badge')).toContain(noScenes.levelName)

    await app.page.getByTestId('nav-SC01').click()
    await app.page.getByTestId('scene-pane').waitFor()
    await shot(app.page, '04-workspace-scene')
    for (const sc of cat.scenes) {
      await app.page.waitForSelector(`[data-testid="scene-pane"][data-item="${sc.id}"]`)
      await app.page.keyboard.press(String(scenes[sc.id]))
      const want = scenes[sc.id] === 0 ? '未达一级' : '已评定'
      await waitText(app.page, 'scene-level', want)
      // after the last scene comes the 诊断建议 step, whose side panel is the plan's projection
      if (sc !== cat.scenes.at(-1)) await app.page.keyboard.press('ArrowDown')
    }
    await waitSaved(app.page)
    const full = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, answers, scenes)
    await waitText(app.page, 'gap-text', full.next ? full.next.text : '已达最高等级')
    expect(await text(app.page, 'gap-text')).not.toBe(gapBefore)
    expect(await text(app.page, 'level-badge')).toContain(full.levelName)
    expect(full.level).toBeGreaterThan(noScenes.level)
    expect(await text(app.page, 'unanswered')).toContain('全部条目已完成')
  })

  it('attaches an evidence file with a thumbnail, kept across a reload', async () => {
    await app.page.getByTestId('nav-Q01').click()
    const png = await app.page.screenshot({ clip: { x: 0, y: 0, width: 200, height: 120 } })
    await app.page
      .getByTestId('evidence-file')
      .setInputFiles({ name: '网络拓扑图.png', mimeType: 'image/png', buffer: png })
    await app.page.getByTestId('evidence-list').getByText('网络拓扑图.png').waitFor()
    await app.page.locator('.evidence-thumb img').first().waitFor()
    await waitSaved(app.page)
    // A pasted screenshot and a dropped file land on the same item.
    await app.page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const pasted = new DataTransfer()
      pasted.items.add(new File([bytes], 'image.png', { type: 'image/png' }))
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true }))
      const dropped = new DataTransfer()
      dropped.items.add(
        new File(['设备清单\n1,注塑机,已联网\n'], '设备清单.csv', { type: 'text/csv' }),
      )
      document
        .querySelector('[data-testid="evidence-drop"]')
        ?.dispatchEvent(
          new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }),
        )
    }, png.toString('base64'))
    await app.page
      .getByTestId('evidence-list')
      .getByText(/^截图-\d{8}-\d{6}\.png$/)
      .waitFor()
    await app.page.getByTestId('evidence-list').getByText('设备清单.csv').waitFor()
    await waitSaved(app.page)
    await app.page.reload()
    await app.page.getByTestId('evidence-list').getByText('网络拓扑图.png').waitFor()
    await app.page.getByTestId('evidence-list').getByText('设备清单.csv').waitFor()
    expect(await app.page.locator('[data-testid="evidence-list"] li').count()).toBe(3)
    // Over the size limit: a clear message, nothing attached. The assessor picks a file on disk,
    // as here: Chromium reads it from its path. (Handed over as a buffer, its 21 MB crossed the
    // DevTools protocol base64-encoded: a 29 MB message that kept the page's main thread busy
    // for 6 s.)
    const big = mkdtempSync(join(tmpdir(), 'dl-e2e-video-'))
    try {
      const video = join(big, '现场录像.mp4')
      writeFileSync(video, '')
      truncateSync(video, 21 * 1024 * 1024) // 21 MB of zeros
      await app.page.getByTestId('evidence-file').setInputFiles(video)
      await app.page
        .getByText(/「现场录像\.mp4」有 21\.0 MB，超过单个佐证文件上限 20\.0 MB，未添加/)
        .waitFor()
    } finally {
      rmSync(big, { recursive: true, force: true })
    }
    expect(await app.page.locator('[data-testid="evidence-list"] li').count()).toBe(3)
    await app.page.locator('.evidence-thumb img').first().waitFor()
    expect(await text(app.page, 'evidence-list')).toContain('image/png')
    await shot(app.page, '05-workspace-evidence')
  })

  it('completes the diagnosis; it is read-only afterwards', async () => {
    // a formal 诊断报告 needs the assessor's 诊断建议 (issue 13; its UI is covered by advice.test.ts)
    const id = decodeURIComponent(/#\/assessment\/([^/]+)/.exec(app.page.url())![1]!)
    await recordCompleteAdvice(
      (m, input) => api<{ missingFindings: string[] }>(app.page, m, input),
      id,
    )
    await app.page.getByTestId('complete').click()
    await app.page.getByTestId('complete-confirm').click()
    await waitText(app.page, 'ws-status', '已完成')
    await app.page.getByTestId('read-only-banner').waitFor()
    await app.page.locator('.ant-modal-confirm').waitFor({ state: 'detached' })
    expect(await app.page.getByTestId('option-A').isDisabled()).toBe(true)
    await app.page.keyboard.press('a') // keys do nothing on a completed assessment
    expect(await app.page.getByTestId('option-A').getAttribute('aria-checked')).toBe('false')
    await app.page.getByTestId('correct').waitFor()
    await waitNoModal(app.page) // the confirm dialog has faded out: the shot shows the workspace
    await app.page.waitForFunction(
      () => document.querySelectorAll('.ant-message-notice').length === 0,
    )
    await shot(app.page, '06-workspace-completed')
  })

  it('renders the 诊断报告 PDF of the completed diagnosis', async () => {
    await app.page.getByTestId('open-report').click()
    const download = app.page.waitForEvent('download', { timeout: 60_000 })
    await app.page.getByTestId('report-render').click()
    await app.page.getByTestId('report-result').waitFor({ timeout: 60_000 })
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^诊断报告.*\.pdf$/)
    expect(await text(app.page, 'report-result')).toContain('未签名')
    // the formal report is in the report registry, listed in the dialog (issue 11 item 8)
    await waitText(app.page, 'report-registry', '诊断报告')
    await shot(app.page, '10-workspace-pdf-dialog')
    await app.page.getByRole('button', { name: '关闭' }).click()
  })

  it('a correction is a new draft version with its reason; the original stays', async () => {
    const originalUrl = app.page.url()
    await app.page.getByTestId('correct').click()
    await app.page.getByTestId('correct-reason').fill('复核发现 Q05 选项录入错误')
    await app.page.getByRole('button', { name: '创建更正版本' }).click()
    await waitText(app.page, 'ws-status', '评测中')
    expect(app.page.url()).not.toBe(originalUrl)
    expect(await app.page.locator('.ws-sub').textContent()).toContain('第 2 版')
    expect(await app.page.locator('.ws-sub').textContent()).toContain(
      '更正原因：复核发现 Q05 选项录入错误',
    )
    for (const q of cat.questions) {
      expect(await app.page.getByTestId(`nav-${q.id}`).getAttribute('data-done')).toBe('1')
    }
    await app.page.getByTestId('complete').click()
    await app.page.getByTestId('complete-confirm').click()
    await waitText(app.page, 'ws-status', '已完成')
    await app.page.goto(originalUrl)
    // the workspace may first show the cached detail of the original, then the reloaded one
    await waitText(app.page, 'read-only-banner', '已被更正版本替代')
  })

  it('shows the before/after comparison with an acceptance assessment', async () => {
    // The acceptance is entered through the same contract the UI uses (the UI path is covered
    // above): better answers after the retrofit, then completed.
    const answers = plannedAnswers()
    for (const q of cat.questions) {
      answers[q.id] =
        q.type === 'single'
          ? q.options[q.options.length - 1]!.key
          : q.options.filter((o) => !o.exclusive).map((o) => o.key)
    }
    const scenes: SceneJudgements = {}
    cat.scenes.forEach((sc, i) => (scenes[sc.id] = i < 11 ? 4 : 3))
    const acceptance = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, answers, scenes)
    const diagnosis = scoreAssessment(
      MIIT_2024,
      MIIT_2024_DEFAULT,
      plannedAnswers(),
      plannedScenes(),
    )
    await app.page.evaluate(
      async ({ answers, scenes }) => {
        const token =
          document.querySelector('meta[name="dl-host-token"]')?.getAttribute('content') ?? ''
        type Wire = { ok: true; value: unknown } | { ok: false; error: { message: string } }
        const call = async <T>(method: string, input: unknown): Promise<T> => {
          const r = await fetch(`api/${method}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-DL-Token': token },
            body: JSON.stringify(input),
          })
          const w = (await r.json()) as Wire
          if (!w.ok) throw new Error(`${method}: ${w.error.message}`)
          return w.value as T
        }
        const list = await call<{ items: { id: string }[] }>('enterprises.list', {})
        const d = await call<{ assessment: { id: string } }>('assessments.create', {
          enterpriseId: list.items[0]?.id,
          kind: 'acceptance',
          assessorName: '李专家',
        })
        const id = d.assessment.id
        for (const [questionId, selected] of Object.entries(answers)) {
          await call('assessments.setAnswer', { assessmentId: id, questionId, selected })
        }
        for (const [sceneId, level] of Object.entries(scenes)) {
          await call('assessments.setScene', { assessmentId: id, sceneId, level })
        }
        await call('assessments.complete', { id })
      },
      { answers, scenes },
    )
    await app.page.getByRole('button', { name: '前后对比' }).click()
    await app.page.getByTestId('compare-page').waitFor()
    await app.page.getByText('改造后 · 验收评价').waitFor()
    const delta = Math.round((acceptance.total - diagnosis.total) * 1000) / 1000
    await waitText(app.page, 'delta-total', String(delta))
    await app.page
      .locator('.ant-message-notice')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
    await shot(app.page, '07-compare')
  })

  it('a CSV with a bad row gets the row error; the import button says it skips it', async () => {
    await app.page.goto(app.host.url)
    await app.page.getByTestId('open-import').click()
    const ok17 = '91410621MA9H2L3C4'
    const good = ok17 + usccCheckChar(ok17)
    const csv =
      '企业名称,统一社会信用代码,县区,试点行业,细分行业,企业规模,专精特新,批次,联系人,电话,地址\n' +
      `鹤壁新材料制品有限公司,${good},浚县,新材料制品制造,镁合金,小型,无,1,李四,13800000000,浚县产业集聚区\n` +
      `淇县绿色食品有限公司,${WRONG},淇县,绿色食品加工制造,速冻食品,中型,省级专精特新中小企业,2,王五,13900000000,淇县\n`
    await app.page.locator('.ant-upload input[type="file"]').setInputFiles({
      name: '试点名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    })
    await app.page.getByTestId('import-row-error-3').waitFor()
    expect(await text(app.page, 'import-row-error-3')).toContain('统一社会信用代码')
    expect(await text(app.page, 'import-summary')).toContain('有错误 1 行')
    expect(await text(app.page, 'import-commit')).toBe('导入 1 家新企业，跳过 1 行错误')
    await shot(app.page, '08-import-preview-row-error')
    await app.page.keyboard.press('Escape')
  })

  it('a clean CSV is imported all at once; the register filters it', async () => {
    const rows = [
      [
        '鹤壁新材料制品有限公司',
        '91410621MA9H2L3C4',
        '浚县',
        '新材料制品制造',
        '镁合金深加工',
        '小型',
        '无',
        '1',
      ],
      [
        '淇县绿色食品有限公司',
        '91410622MA9J5N6D7',
        '淇县',
        '绿色食品加工制造',
        '速冻食品',
        '中型',
        '省级专精特新中小企业',
        '2',
      ],
      [
        '鹤壁智能电器有限公司',
        '91410603MA9K8P9E1',
        '鹤山区',
        '智能电器电子信息制造',
        '智能开关',
        '小型',
        '创新型中小企业',
        '1',
      ],
      [
        '山城区精密电子厂',
        '91410603MA9L1Q2F3',
        '山城区',
        '智能电器电子信息制造',
        '电子元器件',
        '微型',
        '无',
        '3',
      ],
    ]
    const csv =
      '企业名称,统一社会信用代码,县区,试点行业,细分行业,企业规模,专精特新,批次\n' +
      rows.map((r) => [r[0], r[1] + usccCheckChar(r[1]!), ...r.slice(2)].join(',')).join('\n') +
      '\n'
    await app.page.getByTestId('open-import').click()
    await app.page.locator('.ant-upload input[type="file"]').setInputFiles({
      name: '第一批试点名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    })
    await waitText(app.page, 'import-summary', '新增 4 家')
    expect(await text(app.page, 'import-summary')).toContain('有错误 0 行')
    await app.page.getByTestId('import-commit').click()
    await app.page.locator('.ent-name', { hasText: '山城区精密电子厂' }).waitFor()
    await app.page.locator('.ant-modal-wrap').first().waitFor({ state: 'hidden' })
    await app.page.getByText('共 5 家企业').waitFor()
    await shot(app.page, '01-enterprise-register')
    // 专精特新 filter: only the provincial one
    await app.page.locator('.filters .ant-select').nth(3).click()
    await app.page.locator('.ant-select-item-option', { hasText: '省级专精特新中小企业' }).click()
    await app.page.getByText('共 1 家企业').waitFor()
    expect(await app.page.locator('.ent-name').allTextContents()).toEqual(['淇县绿色食品有限公司'])
    await app.page.locator('.filters .ant-select').nth(3).locator('.ant-select-clear').click()
    await app.page.getByText('共 5 家企业').waitFor()
  })

  it('raised no uncaught page errors', () => {
    expect(app.pageErrors).toEqual([])
  })
})
