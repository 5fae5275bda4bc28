/**
 * The sample reports used by the PDF tests and the bench: the 诊断报告 of
 * examples/diagnosis-level2-qibin-dianqi.json (with two evidence entries) and the 验收评价 of
 * examples/acceptance-level3-shancheng-xincailiao.json against the fixture diagnosis before the
 * retrofit (fixtures/shancheng-diagnosis-before.json), 1,280,000 yuan invested. All fictional.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  parseAssessmentFile,
  resolveFile,
  type AssessmentFileV1,
} from '../../../shared/domain/assessment-file'
import { buildAcceptanceReport, buildDiagnosisReport } from '../../../shared/domain/report'
import type {
  AcceptanceReportModel,
  DiagnosisReportModel,
} from '../../../shared/domain/report/types'
import { consolidate } from '../../../shared/domain/panel'
import type { PanelReview } from '../../../shared/domain/panel/types'
import { HEBI_2024 } from '../../../shared/domain/subsidy'

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

function load(path: string): AssessmentFileV1 {
  const r = parseAssessmentFile(readFileSync(join(REPO_ROOT, path), 'utf8'))
  if (!r.ok) throw new Error(`${path}: ${r.error}`)
  return r.value
}

export function sampleModels(): {
  diagnosis: DiagnosisReportModel
  acceptance: AcceptanceReportModel
} {
  const d = load('examples/diagnosis-level2-qibin-dianqi.json')
  const { pinned, profile } = resolveFile(d)
  const evidence = [
    {
      itemId: 'Q01',
      name: '厂区网络拓扑图.pdf',
      sha256: '3f5a0c2e9b7d41a8c6e2f0b9d8a7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9',
      size: 482_113,
    },
    {
      itemId: 'SC07',
      name: '质量检验记录（2025年1月）.xlsx',
      sha256: '0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e',
      size: 96_524,
    },
  ]
  const diagnosis = buildDiagnosisReport({
    file: d,
    pinned,
    profile,
    issuedOn: '2025-03-20',
    evidence,
  })
  const after = load('examples/acceptance-level3-shancheng-xincailiao.json')
  const before = load('electron/backend/pdf/fixtures/shancheng-diagnosis-before.json')
  // A three-expert panel (fictional) whose consolidation is the acceptance file: 赵磊 judged
  // SC04 one level higher (minor, the median settles it), 周洋 chose another option for Q13
  // (major, the majority settles it).
  const review: PanelReview = {
    lead: { keyId: 'k-chen', name: '陈静（示例）', agency: '示例第三方评测机构' },
    experts: [
      { keyId: 'k-chen', name: '陈静（示例）', agency: '示例第三方评测机构' },
      { keyId: 'k-zhao', name: '赵磊（示例）', agency: '示例第三方评测机构' },
      { keyId: 'k-zhou', name: '周洋（示例）', agency: '示例高校专家' },
    ],
  }
  const consolidation = consolidate(pinned, profile, review, [
    { expertKeyId: 'k-chen', answers: after.answers, scenes: after.scenes },
    { expertKeyId: 'k-zhao', answers: after.answers, scenes: { ...after.scenes, SC04: 3 } },
    { expertKeyId: 'k-zhou', answers: { ...after.answers, Q13: 'C' }, scenes: after.scenes },
  ])
  const acceptance = buildAcceptanceReport({
    before,
    after,
    pinned,
    profile,
    policy: HEBI_2024,
    investmentFen: 128_000_000,
    issuedOn: '2025-10-10',
    panel: { review, consolidation },
  })
  return { diagnosis, acceptance }
}
