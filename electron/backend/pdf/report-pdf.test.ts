/**
 * The sample reports printed, signed and checked with outside tools (poppler-utils, qpdf).
 * Also writes the page PNGs of the sample diagnosis and acceptance reports to
 * test-results/report-*.png for a human look.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  AcceptanceReportModel,
  DiagnosisReportModel,
} from '../../../shared/domain/report/types'
import { createSelfIssued, type SigningCredential } from './certificates'
import { runTool } from './pdf-tools'
import { resolveFontFiles } from './font-files'
import { renderReportPdf } from './report-pdf'
import { REPO_ROOT, sampleDraft, sampleModels, sampleRecheck } from './sample-report'

const root = REPO_ROOT
let dir: string
let credential: SigningCredential
let diagnosis: DiagnosisReportModel
let acceptance: AcceptanceReportModel
let diagPdf: Buffer
let accPdf: Buffer
let files: ReturnType<typeof sampleModels>['files']

function pageTotal(flat: string): number {
  return Number(/共(\d+)页/.exec(flat)?.[1] ?? 0)
}

function text(pdf: Buffer, name: string, mode: '-layout' | '-raw' = '-layout'): string {
  const p = join(dir, name)
  writeFileSync(p, pdf)
  const r = runTool('pdftotext', [mode, p, '-'])
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dl-report-'))
  credential = await createSelfIssued({ commonName: '张三', organization: '鹤壁市某评测机构' })
  ;({ diagnosis, acceptance, files } = sampleModels())
  diagPdf = await renderReportPdf(diagnosis, { credential, files: files.diagnosis })
  accPdf = await renderReportPdf(acceptance, { credential, files: files.acceptance })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('诊断报告 PDF', () => {
  it('pdftotext finds the enterprise, the level and the gap text in Chinese', () => {
    const t = text(diagPdf, 'd.pdf').replace(/[ \t]+/g, ' ')
    const flat = t.replace(/\s+/g, '')
    expect(t).toContain('中小企业数字化水平诊断报告')
    expect(t).toContain('鹤壁瑞鹤智能电器有限公司（虚构示例）')
    expect(t).toMatch(/当前数字化水平：\s*二级/)
    expect(flat).toContain('距三级：总分还差3.85分；还需5个场景达到三级，其中3个约束性场景')
    expect(t).toContain(diagnosis.header.reportNumber)
    expect(flat).toContain(diagnosis.header.reportHash)
    expect(flat).toMatch(/第1页\/共\d+页/)
    expect(flat).toContain(`第${pageTotal(flat)}页/共${pageTotal(flat)}页`)
    expect(t).toContain('保密')
    // a verbatim recommendation direction and a radar label (SVG text)
    expect(flat).toContain(diagnosis.recommendations[0]!.direction.replace(/\s+/g, ''))
    expect(t).toContain('数字化基础')
    expect(flat).toContain('3f5a0c2e9b7d41a8c6e2f0b9d8a7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9')
  })

  it('embeds the CJK font (pdffonts: emb yes)', () => {
    const p = join(dir, 'd.pdf')
    writeFileSync(p, diagPdf)
    const r = runTool('pdffonts', [p])
    const rows = r.stdout.split('\n').slice(2).filter(Boolean)
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows.some((l) => /NotoSansSC-Regular/.test(l))).toBe(true)
    expect(rows.some((l) => /NotoSansSC-Bold/.test(l))).toBe(true)
    for (const l of rows) expect(l).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/)
  })

  it('passes qpdf --check and pdfsig says the signature is valid; one changed byte makes it invalid', () => {
    const p = join(dir, 'd.pdf')
    writeFileSync(p, diagPdf)
    const q = runTool('qpdf', ['--check', p])
    expect(q.code, q.stdout + q.stderr).toBe(0)
    expect(q.stdout).toContain('No syntax or stream encoding errors found')
    const s = runTool('pdfsig', [p])
    expect(s.stdout).toContain('Signature Validation: Signature is Valid.')
    expect(s.stdout).toContain('Signer Certificate Common Name: 张三')
    expect(s.stdout).toContain('Total document signed')
    const bad = Buffer.from(diagPdf)
    bad[10] = bad[10]! ^ 0x01 // in the binary comment after %PDF-1.x: inside the signed range
    const t = join(dir, 'd-tampered.pdf')
    writeFileSync(t, bad)
    const s2 = runTool('pdfsig', [t])
    expect(s2.stdout).not.toContain('Signature is Valid.')
  })

  it('writes the page PNGs of the diagnosis, acceptance, draft and recheck reports to test-results/', async () => {
    const out = join(root, 'test-results')
    mkdirSync(out, { recursive: true })
    for (const f of readdirSync(out).filter((f) =>
      /^report-(diagnosis|acceptance|draft|recheck)-.*\.png$/.test(f),
    ))
      unlinkSync(join(out, f))
    const draft = sampleDraft()
    const recheck = sampleRecheck()
    const draftPdf = await renderReportPdf(draft.model, { files: draft.files })
    const recheckPdf = await renderReportPdf(recheck.model, { credential, files: recheck.files })
    for (const [name, pdf] of [
      ['diagnosis', diagPdf],
      ['acceptance', accPdf],
      ['draft', draftPdf],
      ['recheck', recheckPdf],
    ] as const) {
      const p = join(dir, `${name}.pdf`)
      writeFileSync(p, pdf)
      // the cover (with its signature box) is one page: nothing of it spills onto page 2
      const pages = text(pdf, `${name}-t.pdf`)
        .split('\f')
        .map((x) => x.replace(/\s+/g, ''))
      expect(pages[0], name).toMatch(/电子签名(已电子签名|未签名|草稿·不可签名)/)
      expect(pages[1]!.startsWith('数字化') && !/^.{0,80}电子签名/.test(pages[1]!), name).toBe(true)
      const r = runTool('pdftoppm', ['-png', '-r', '60', p, join(out, `report-${name}`)])
      expect(r.code, r.stderr).toBe(0)
    }
    const pngs = readdirSync(out).filter((f) => /^report-.*\.png$/.test(f))
    expect(pngs.filter((f) => f.startsWith('report-diagnosis')).length).toBeGreaterThanOrEqual(6)
    expect(pngs.filter((f) => f.startsWith('report-acceptance')).length).toBeGreaterThanOrEqual(4)
    expect(pngs.filter((f) => f.startsWith('report-draft')).length).toBeGreaterThanOrEqual(4)
    expect(pngs.filter((f) => f.startsWith('report-recheck')).length).toBeGreaterThanOrEqual(3)
  })

  it('a 40+ character enterprise name keeps the cover on one page and the report number in the header', async () => {
    const long = '鹤壁市山城区某某新材料科技股份有限公司镁合金精密压铸与表面处理分公司（虚构示例）'
    expect([...long].length).toBeGreaterThanOrEqual(40)
    const m = {
      ...acceptance,
      header: { ...acceptance.header, enterpriseName: long },
      enterprise: acceptance.enterprise.map((r) =>
        r.label === '企业名称' ? { ...r, value: long } : r,
      ),
    }
    const pdf = await renderReportPdf(m, { credential, files: files.acceptance })
    const pages = text(pdf, 'long.pdf').split('\f')
    const cover = pages[0]!.replace(/\s+/g, '')
    expect(cover).toContain('电子签名已电子签名')
    expect(cover).not.toContain('一、企业基本情况')
    expect(pages[1]!.replace(/\s+/g, '')).toContain('一、企业基本情况')
    // the header read in content order: -layout fits each line to a character grid that follows
    // the whole page (the signing time and key vary per run) and once dropped the number's last
    // character where it met the next column
    const raw = text(pdf, 'long.pdf', '-raw').split('\f')
    expect(raw[1]!).toContain(`报告编号：${acceptance.header.reportNumber}`)
    // the number is random: with wide hex digits it once wrapped its last character out of
    // the header; the widest ones must fit too
    for (const n of ['YS-20251010-DDDDDDDD', 'YS-20251010-0C0D0C0D']) {
      const wide = { ...m, header: { ...m.header, reportNumber: n } }
      const p2 = await renderReportPdf(wide, { credential, files: files.acceptance })
      expect(text(p2, `long-${n}.pdf`, '-raw').split('\f')[1]!).toContain(`报告编号：${n}`)
    }
  })

  it('no word of the body runs past the right page margin (long values get a row of their own)', () => {
    const [TOP, RIGHT, BOTTOM] = [52, 56, 48] // chrome.ts pageMargins; header and footer lie outside
    for (const [name, pdf] of [
      ['d-bbox.pdf', diagPdf],
      ['a-bbox.pdf', accPdf],
    ] as const) {
      const p = join(dir, name)
      writeFileSync(p, pdf)
      const r = runTool('pdftotext', ['-bbox', p, '-'])
      expect(r.code, r.stderr).toBe(0)
      const over: string[] = []
      let [page, width, height, words] = [0, 0, 0, 0]
      for (const line of r.stdout.split('\n')) {
        const pg = /<page width="([\d.]+)" height="([\d.]+)"/.exec(line)
        if (pg) {
          ;[page, width, height] = [page + 1, Number(pg[1]), Number(pg[2])]
          continue
        }
        const w =
          /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</.exec(line)
        if (!w || Number(w[1]) < TOP || Number(w[3]) > height - BOTTOM) continue
        words++
        if (Number(w[2]) > width - RIGHT + 1)
          over.push(`${name} p${page}: ${w[4]} (x ${w[2]} of ${width})`)
      }
      expect(words).toBeGreaterThan(300) // the body was read
      expect(over).toEqual([])
    }
  })

  it('keeps the signature block on one page with its table (never orphaned)', () => {
    const pages = text(accPdf, 'a.pdf')
      .split('\f')
      .map((p) => p.replace(/\s+/g, ''))
    const at = pages.findIndex((p) => p.includes('电子签名与核验'))
    expect(at).toBeGreaterThan(0)
    expect(pages[at]).toContain('企业确认')
  })
})

describe('验收评价 PDF', () => {
  it('shows the verdict, the before/after levels, the scene moves and the subsidy', () => {
    const t = text(accPdf, 'a.pdf')
    const flat = t.replace(/\s+/g, '')
    expect(t).toContain('中小企业数字化改造验收评价报告')
    expect(t).toContain('鹤壁镁源新材料科技有限公司（虚构示例）')
    expect(flat).toContain('验收结论：达标')
    expect(flat).toContain('二级及以上')
    expect(flat).toContain(`改造前为${acceptance.before.level.name}`)
    expect(flat).toContain('504,800元')
    expect(flat).toContain('1,280,000元')
    for (const m of acceptance.sceneMoves) expect(flat).toContain(m.name)
    expect(flat).toContain('专家组评分与分歧')
    for (const e of acceptance.panel!.experts) expect(flat).toContain(e.name)
    const p = join(dir, 'a.pdf')
    expect(runTool('qpdf', ['--check', p]).code).toBe(0)
    expect(runTool('pdfsig', [p]).stdout).toContain('Signature is Valid.')
  })

  it('an unsigned PDF has no signature', async () => {
    const pdf = await renderReportPdf(acceptance, { files: files.acceptance })
    const p = join(dir, 'u.pdf')
    writeFileSync(p, pdf)
    expect(runTool('pdfsig', [p]).stdout + runTool('pdfsig', [p]).stderr).toMatch(
      /does not contain any signatures/,
    )
    expect(runTool('qpdf', ['--check', p]).code).toBe(0)
  })
})

describe('font resolution', () => {
  it('prefers the option, then DL_ASSESSOR_FONT_DIR, then <resourcesPath>/fonts (the package), then node_modules (the repository)', () => {
    const nm = resolveFontFiles({ env: {} })
    expect(nm.source).toBe('node_modules')
    expect(nm.regular).toMatch(/NotoSansSC_400Regular\.ttf$/)
    expect(nm.bold).toMatch(/NotoSansSC_700Bold\.ttf$/)
    const res = join(dir, 'res')
    mkdirSync(join(res, 'fonts'), { recursive: true })
    writeFileSync(join(res, 'fonts', 'NotoSansSC-Regular.ttf'), 'x')
    writeFileSync(join(res, 'fonts', 'NotoSansSC-Bold.ttf'), 'x')
    expect(resolveFontFiles({ env: {}, resourcesPath: res }).source).toBe('resources')
    expect(resolveFontFiles({ env: {}, resourcesPath: join(dir, 'none') }).source).toBe(
      'node_modules',
    )
    expect(resolveFontFiles({ env: { DL_ASSESSOR_FONT_DIR: join(res, 'fonts') } }).source).toBe(
      'env',
    )
    expect(resolveFontFiles({ fontDir: join(res, 'fonts'), env: {} }).source).toBe('option')
    // a directory without the fonts falls through to node_modules
    expect(resolveFontFiles({ fontDir: dir, env: {} }).source).toBe('node_modules')
  })
})
