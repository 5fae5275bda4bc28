/**
 * The backend as it ships (issue 15 §3): one bundle with every JavaScript dependency inlined
 * (scripts/build-desktop.mjs), run here with plain Node as the browser-mode host runs it. The
 * inlining must not break what loads code or data at run time: the report (pdfmake, pdfkit's
 * data files, fontkit, echarts' SVG renderer, the signing libraries), the spreadsheet import
 * (exceljs, loaded on use), bundles (fflate) and backups. Fonts come from the resources
 * directory, as in the package (fonts/NotoSansSC-*.ttf).
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BackendConnection } from '../../electron/backend/process/client'
import {
  enterpriseInput,
  fullAnswers,
  makeUscc,
  SCENE_IDS,
  tempDir,
} from '../../electron/backend/test-helpers'
import { startBackendChild } from '../../electron/host/backend-child'
import { REPO } from '../support/node-script'

const out = join(REPO, 'out', `test-inlined-${process.pid}`)
const t = tempDir('dl-inlined-')
let c: BackendConnection

async function ok<T = Record<string, unknown>>(method: string, input: unknown): Promise<T> {
  const w = (await c.call(method, input)) as { ok: boolean; value: T; error?: { message: string } }
  if (!w.ok) throw new Error(`${method}: ${w.error?.message}`)
  return w.value
}

beforeAll(async () => {
  const { buildInlinedNodeBackend } = (await import(
    join(REPO, 'scripts', 'build-desktop.mjs')
  )) as {
    buildInlinedNodeBackend: (f: string) => Promise<string>
  }
  const entry = await buildInlinedNodeBackend(join(out, 'backend.cjs'))
  // the package's resources directory: the two font weights, as electron-builder.yml copies them
  const fonts = dirname(
    createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'),
  )
  const res = join(t.dir, 'resources', 'fonts')
  mkdirSync(res, { recursive: true })
  cpSync(
    join(fonts, '400Regular', 'NotoSansSC_400Regular.ttf'),
    join(res, 'NotoSansSC-Regular.ttf'),
  )
  cpSync(join(fonts, '700Bold', 'NotoSansSC_700Bold.ttf'), join(res, 'NotoSansSC-Bold.ttf'))
  c = await startBackendChild({
    entry,
    init: {
      dataDir: join(t.dir, 'data'),
      key: { mode: 'unencrypted' },
      lockCommand: 'inlined backend test',
      autoBackup: false,
      resourcesDir: join(t.dir, 'resources'),
    },
    // the repository's node_modules stays reachable for the native driver only
    env: { ...process.env, DL_ASSESSOR_FONT_DIR: '' },
  })
}, 180_000)

afterAll(async () => {
  await c?.close()
  rmSync(out, { recursive: true, force: true })
  t.cleanup()
})

describe('the inlined backend bundle', () => {
  it('imports a spreadsheet, renders a signed-ready report, builds a bundle and a backup', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Sheet1')
    ws.addRow(['企业名称', '统一社会信用代码', '县区', '试点行业', '企业规模', '批次'])
    ws.addRow(['鹤壁新材料一厂', makeUscc(21), '山城区', '新材料制品制造', '小型', 1])
    const file = {
      fileName: 'pilot.xlsx',
      contentBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'),
    }
    expect((await ok<{ created: number }>('enterprises.importCommit', file)).created).toBe(1)

    const ent = await ok<{ id: string }>('enterprises.create', { ...enterpriseInput(5), batch: 1 })
    const a = await ok<{ assessment: { id: string } }>('assessments.create', {
      enterpriseId: ent.id,
      kind: 'diagnosis',
      assessorName: '张三',
      assessedOn: '2026-11-20',
    })
    const id = a.assessment.id
    for (const [q, sel] of Object.entries(fullAnswers()))
      await ok('assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
    for (const sc of SCENE_IDS)
      await ok('assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
    const r = await ok<{ pdfBase64: string; pages: number }>('reports.render', {
      assessmentId: id,
      issuedOn: '2026-11-21',
    })
    const pdf = Buffer.from(r.pdfBase64, 'base64')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.includes(Buffer.from('NotoSansSC'))).toBe(true)

    await ok('assessments.complete', { id })
    await ok('keys.create', { passphrase: 'inlined pass 1' })
    const b = await ok<{ bundleId: string }>('bundles.create', { assessmentId: id, enqueue: false })
    expect(b.bundleId).toBeTruthy()
    const backup = await ok<{ evidenceFiles: number; size: number }>('backup.create', {})
    expect(backup.size).toBeGreaterThan(0)
  })
})
