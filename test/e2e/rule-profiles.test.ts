/**
 * Issue 5 (pull of assignments and rule profiles) in the real renderer on the real backend
 * (browser mode, Debian Chromium) against a real central service: the administrator publishes a
 * city rule profile; on the sync screen 「从中心服务更新」 stores it (verified against the pinned
 * central key) with this assessor's assignments; the new-assessment picker offers it, and an
 * assessment started with it is levelled by its thresholds (三级 where MIIT-2024-default gives
 * 四级). Screenshot test-results/13-rule-profiles.png.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadAssignments, publishRuleProfile, setKeyStatus } from '../../central/admin'
import {
  runCentral,
  sqliteDb,
  STRICT_LOW_SCENES,
  STRICT_RULE_PROFILE,
  type RunningCentral,
} from '../../central/testing/fixtures'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import { api, bestAnswers, field, shot, skipE2e, text, useBrowserApp, waitText } from './harness'

const FIRST17 = '91410611MA9G4R8P3'
const USCC = FIRST17 + usccCheckChar(FIRST17)
const ENTERPRISE = '鹤壁规则配置测试电子有限公司'

const STRICT = STRICT_RULE_PROFILE
const LOW_SCENES = STRICT_LOW_SCENES

describe.skipIf(skipE2e())('rule profiles and assignments from the central service', () => {
  let central: RunningCentral
  beforeAll(async () => {
    central = await runCentral(sqliteDb)
    expect((await publishRuleProfile(central.ctx, STRICT)).status).toBe('published')
  })
  afterAll(async () => {
    await central?.dispose()
  })
  const app = useBrowserApp()

  it('「从中心服务更新」 stores the assignments and the published profile', async () => {
    const page = app.page
    const k = await api<{ key: { keyId: string } }>(page, 'keys.create', {
      passphrase: '鹤壁评测-2026',
    })
    await api(page, 'sync.configure', { serverUrl: central.url })
    await api(page, 'sync.register', { name: '王评测' })
    await setKeyStatus(central.ctx, k.key.keyId, 'approved')
    const csv = join(central.dataDir, 'assignments.csv')
    writeFileSync(
      csv,
      'assessorKeyId,enterpriseId,enterpriseName,uscc,county,industry,batch,kind\n' +
        `${k.key.keyId},E-001,${ENTERPRISE},${USCC},淇滨区,electrical_electronics,1,diagnosis\n`,
    )
    await loadAssignments(central.ctx, csv)

    await page.getByTestId('nav-sync').click()
    await page.getByTestId('references-card').waitFor()
    await waitText(page, 'assignments-fetched-at', '尚未从中心服务更新')
    await page.getByTestId('references-pull').click()
    await waitText(page, 'pull-result', '新规则配置 1')
    expect(await text(page, 'pull-result')).toContain('分配企业 1')
    await waitText(page, 'assignments-table', ENTERPRISE)
    expect(await text(page, 'assignments-fetched-at')).toMatch(/^更新于 /)
    const row = page.getByTestId('rule-profile-Hebi-2024-strict')
    expect(await row.getByTestId('rule-profile-source').textContent()).toBe('中心服务')
    expect(await row.textContent()).toContain('四级 ≥90 / 14 / 8')
    await shot(page, '13-rule-profiles')
  })

  it('the picker offers the pulled profile; the assessment is levelled by it', async () => {
    const page = app.page
    await api(page, 'enterprises.create', {
      uscc: USCC,
      name: ENTERPRISE,
      county: '淇滨区',
      industry: 'electrical_electronics',
      size: 'small',
      batch: 1,
    })
    await page.goto(app.host.url)
    await page.getByTestId(`start-${USCC}`).click()
    await field(page, 'assessor-name').fill('王评测')
    await page.getByTestId('rule-profile-select').click()
    await page.locator('.ant-select-item-option', { hasText: STRICT.title }).click()
    await page.getByTestId('start-confirm').click()
    await page.getByTestId('question-pane').waitFor()

    const list = await api<{ items: { id: string; enterpriseName: string }[] }>(
      page,
      'assessments.list',
      {},
    )
    const id = list.items.find((i) => i.enterpriseName === ENTERPRISE)!.id
    for (const [questionId, selected] of Object.entries(bestAnswers()))
      await api(page, 'assessments.setAnswer', { assessmentId: id, questionId, selected })
    for (const s of MIIT_2024.catalogue.scenes)
      await api(page, 'assessments.setScene', {
        assessmentId: id,
        sceneId: s.id,
        level: LOW_SCENES.has(s.id) ? 0 : 4,
      })
    const d = await api<{
      assessment: { ruleProfileId: string }
      result: { total: number; level: number }
    }>(page, 'assessments.get', { id })
    expect(d.assessment.ruleProfileId).toBe('Hebi-2024-strict')
    expect(d.result).toMatchObject({ total: 100, level: 3 })

    // The workspace (which scores live in the renderer) shows the same level after a reload.
    await page.reload()
    await page.getByTestId('question-pane').waitFor()
    await waitText(page, 'level-badge', '三级')
    expect(app.pageErrors).toEqual([])
  })
})
