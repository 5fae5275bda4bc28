import { describe, expect, it } from 'vitest'
import type { Content } from 'pdfmake/interfaces'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAssessmentFile } from '../../../shared/domain/assessment-file'
import { assessmentAttachment, verifyReportHash } from '../../../shared/domain/report'
import { REPO_ROOT } from './sample-report'
import { DIAGNOSIS_MODEL as model } from './fixtures/diagnosis-model'
import { diagnosisDocDefinition, TABLE_LAYOUTS } from './doc-definition'
import { renderRadarSvg } from './radar-chart'

// A fixed, typed model (fixtures/diagnosis-model.ts), so that catalogue edits do not move this
// snapshot; the model tests live in shared/domain/report.
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="460" height="300"></svg>'

const parsed = parseAssessmentFile(
  readFileSync(join(REPO_ROOT, 'examples/diagnosis-level2-qibin-dianqi.json'), 'utf8'),
)
if (!parsed.ok) throw new Error(parsed.error)
const files = [assessmentAttachment(parsed.value)]

describe('diagnosisDocDefinition', () => {
  const dd = diagnosisDocDefinition(model, { radarSvg: svg, files })

  it('matches the snapshot for a fixed model', () => {
    expect(verifyReportHash(model)).toBe(true)
    expect(dd).toMatchSnapshot()
  })

  it('is plain data apart from header/footer, and uses only registered table layouts', () => {
    const json = JSON.stringify(dd.content)
    for (const m of json.matchAll(/"layout":"([^"]+)"/g))
      expect(Object.keys(TABLE_LAYOUTS)).toContain(m[1])
    expect(json).toContain('"qr":"DLREPORT/2;NO=ZD-TEST-0001;SHA256=')
    expect(json).toContain(JSON.stringify(svg))
  })

  it('prints report number, page x/y and 保密 in header and footer; no header on the cover', () => {
    const header = dd.header as (p: number, n: number) => Content | null
    const footer = dd.footer as (p: number, n: number) => Content
    expect(header(1, 9)).toBeNull()
    const h = JSON.stringify(header(2, 9))
    expect(h).toContain('报告编号：ZD-TEST-0001')
    expect(h).toContain('保密')
    const f = JSON.stringify(footer(3, 9))
    expect(f).toContain('第 3 页 / 共 9 页')
    expect(f).toContain('ZD-TEST-0001')
    expect(f).toContain(model.header.reportHash.slice(0, 16))
  })
})

describe('renderRadarSvg', () => {
  it('renders the four dimensions as SVG text', () => {
    const a = renderRadarSvg([{ name: '本次评测', dimensions: model.dimensions, color: '#0b3d91' }])
    expect(a.startsWith('<svg')).toBe(true)
    for (const d of model.dimensions) expect(a).toContain(d.name)
    expect(a).toContain('55.3%')
    expect(a).not.toMatch(/<animate/)
    const two = renderRadarSvg([
      { name: '改造前', dimensions: model.dimensions, color: '#8c8c8c' },
      { name: '验收', dimensions: model.dimensions, color: '#0b3d91' },
    ])
    expect(two).toContain('改造前')
    expect(two).not.toContain('55.3%')
    expect(() => renderRadarSvg([])).toThrow(/no series/)
  })
})
