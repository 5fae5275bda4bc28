/**
 * The sample reports used by the PDF tests and the bench: the 诊断报告 of
 * examples/diagnosis-level2-qibin-dianqi.json (with two evidence entries) and the 验收评价 of
 * examples/acceptance-level3-shancheng-xincailiao.json against the SIGNED diagnosis before the
 * retrofit: fixtures/shancheng-diagnosis-before.json, its formal 诊断报告, and a real bundle of
 * it signed with a fresh Ed25519 key that carries that report's number and hash; 1,280,000 yuan
 * invested, 4,800 yuan actual diagnosis cost. All fictional.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  parseAssessmentFile,
  resolveFile,
  type AssessmentFileV1,
} from '../../../shared/domain/assessment-file'
import {
  ORIGINAL_MANIFEST_ATTACHMENT,
  ORIGINAL_SIGNATURE_ATTACHMENT,
  assessmentAttachment,
  buildAcceptanceReport,
  buildDiagnosisReport,
  buildRecheckReport,
  type ReportFile,
} from '../../../shared/domain/report'
import type { BundleManifest } from '../../../shared/domain/bundle/types'
import { buildBundle } from '../bundle/build'
import { readSignedDiagnosis } from '../bundle/signed-diagnosis'
import { ephemeralEd25519 } from '../crypto/keys'
import { BUILT_IN } from '../../../shared/domain/reference'
import type {
  AcceptanceReportModel,
  DiagnosisReportModel,
  RecheckReportModel,
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

export const SAMPLE_TODAY = '2025-12-31'

export interface SampleReports {
  diagnosis: DiagnosisReportModel
  acceptance: AcceptanceReportModel
  /** The files each report embeds next to report.json. */
  files: { diagnosis: ReportFile[]; acceptance: ReportFile[] }
  /** The signed diagnosis bundle the acceptance cites. */
  beforeBundle: Uint8Array
  /** The before diagnosis's own formal report (its number is in the bundle). */
  beforeReport: DiagnosisReportModel
}

/** A signed diagnosis bundle of `before` carrying its formal diagnosis report. */
export function signedDiagnosisBundle(before: AssessmentFileV1): {
  bytes: Uint8Array
  report: DiagnosisReportModel
  manifest: BundleManifest
  manifestSha256: string
} {
  const { pinned, profile } = resolveFile(before)
  const report = buildDiagnosisReport({
    file: before,
    pinned,
    profile,
    issuedOn: before.assessedOn!,
    today: SAMPLE_TODAY,
  })
  const h = report.header
  const built = buildBundle({
    assessment: before as unknown as Record<string, unknown>,
    evidence: [],
    signer: ephemeralEd25519(),
    now: new Date(`${before.assessedOn!}T10:00:00Z`),
    reports: [
      { number: h.reportNumber, kind: 'diagnosis', sha256: h.reportHash, issuedOn: h.issuedOn },
    ],
  })
  return {
    bytes: built.bytes,
    report,
    manifest: built.manifest,
    manifestSha256: built.manifestSha256,
  }
}

export function sampleModels(): SampleReports {
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
  const dFiles = [assessmentAttachment(d)]
  const diagnosis = buildDiagnosisReport({
    file: d,
    pinned,
    profile,
    issuedOn: '2025-03-20',
    today: SAMPLE_TODAY,
    evidence,
    files: dFiles,
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
  const signedBefore = signedDiagnosisBundle(before)
  const cited = readSignedDiagnosis(signedBefore.bytes, 'before', BUILT_IN)
  const aFiles = [assessmentAttachment(after), ...cited.files]
  const acceptance = buildAcceptanceReport({
    before: cited.file,
    after,
    pinned,
    profile,
    policy: HEBI_2024,
    investmentFen: 128_000_000,
    diagnosisCostFen: 480_000,
    issuedOn: '2025-10-10',
    today: SAMPLE_TODAY,
    diagnosis: cited.citation,
    files: aFiles,
    panel: { review, consolidation },
  })
  return {
    diagnosis,
    acceptance,
    files: { diagnosis: dFiles, acceptance: aFiles },
    beforeBundle: signedBefore.bytes,
    beforeReport: signedBefore.report,
  }
}

/** A 复核报告: the signed diagnosis of examples/diagnosis-level2 re-scored with SC07 one lower. */
export function sampleRecheck(): { model: RecheckReportModel; files: ReportFile[] } {
  const original = load('examples/diagnosis-level2-qibin-dianqi.json')
  const { pinned, profile } = resolveFile(original)
  const signed = signedDiagnosisBundle(original)
  const v = readSignedDiagnosis(signed.bytes, 'original', BUILT_IN)
  const recheck: AssessmentFileV1 = {
    ...original,
    kind: 'recheck',
    assessor: { name: '赵磊（示例）', agency: '鹤壁市中小企业服务中心' },
    assessedOn: '2025-04-01',
    scenes: { ...original.scenes, SC07: Math.max(0, (original.scenes.SC07 ?? 1) - 1) as 0 },
  }
  const files = [
    assessmentAttachment(recheck),
    { ...v.files[0]!, name: ORIGINAL_MANIFEST_ATTACHMENT },
    { ...v.files[1]!, name: ORIGINAL_SIGNATURE_ATTACHMENT },
  ]
  const model = buildRecheckReport({
    original,
    recheck,
    signed: {
      bundleId: v.citation.bundleId,
      signerKeyId: v.citation.signerKeyId,
      createdAt: v.citation.createdAt,
      manifestSha256: v.manifestSha256,
    },
    pinned,
    profile,
    issuedOn: '2025-04-02',
    today: SAMPLE_TODAY,
    files,
  })
  return { model, files }
}

/** A draft 诊断报告: examples/draft-incomplete-xunxian-shipin.json (Q08–Q15 unanswered). */
export function sampleDraft(): { model: DiagnosisReportModel; files: ReportFile[] } {
  const d = load('examples/draft-incomplete-xunxian-shipin.json')
  const { pinned, profile } = resolveFile(d)
  const files = [assessmentAttachment(d)]
  const model = buildDiagnosisReport({
    file: d,
    pinned,
    profile,
    issuedOn: '2025-06-01',
    today: SAMPLE_TODAY,
    files,
  })
  return { model, files }
}
