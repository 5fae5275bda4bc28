/**
 * The report model: everything the 诊断报告 and the 验收评价 show, as plain data with the display
 * texts already decided. The PDF (electron/backend/pdf/doc-definition.ts) and the workspace
 * preview both render this model; neither recomputes scores, levels or money.
 */
import type { OverallLevel, SceneLevel } from '../scoring/types'
import type { ReportAdvice } from './advice-report'
import type { ReportData } from './report-data'

export interface LabelValue {
  label: string
  value: string
}

export interface ReportPerson {
  name: string
  agency: string
  role: string
}

export interface ReportSiteSurvey {
  date: string
  people: ReportPerson[]
  observations: string
}

export interface ReportQuestionRow {
  id: string
  /** 数字化基础 / 设备系统 / 网络建设 */
  indicator: string
  dimension: string
  /** Verbatim question text. */
  text: string
  type: '单选' | '多选'
  /** Chosen options, verbatim: 'B. …' */
  chosen: { key: string; text: string }[]
  answered: boolean
  /** Display text, e.g. '6.5' */
  points: string
  max: string
  score: number
  maxScore: number
}

export interface ReportSceneRow {
  id: string
  group: string
  name: string
  constrained: boolean
  judged: boolean
  level: SceneLevel
  /** 一级 … 四级, 未达一级, 未评定 */
  levelName: string
  /** Verbatim description of the judged level; for 0 / not judged a fixed note. */
  description: string
}

export interface ReportDimensionScore {
  id: 'D1' | 'D2' | 'D3' | 'D4'
  name: string
  /** Scored dimensions: points; D2: mean judged scene level (0–4). */
  score: number
  max: number
  /** 0–100, for the radar chart. */
  percent: number
  /** Display, e.g. '35.5 / 50' or '平均 1.9 级' */
  display: string
}

export interface ReportLevel {
  level: OverallLevel
  name: string
  total: string
  /** The gap to the next level in words (from scoring), null at 四级. */
  gapText: string | null
  /** The next level's conditions, each with have/need. */
  conditions: { label: string; have: string; need: string; met: boolean }[]
  provisional: boolean
}

export interface ReportProblem {
  sceneId: string
  name: string
  constrained: boolean
  current: SceneLevel
  currentName: string
  target: SceneLevel
  targetName: string
  /** Verbatim description of the current level (what is there), or a note for 未达一级. */
  currentDescription: string
  /** Verbatim description of the next level up: what is still missing. */
  shortfall: string
}

export interface ReportRecommendation {
  priority: number
  sceneId: string
  name: string
  constrained: boolean
  current: SceneLevel
  currentName: string
  /** The next level up (the direction of this step). */
  next: SceneLevel
  nextName: string
  target: SceneLevel
  targetName: string
  /** Verbatim description of the next level: 建议实施内容. */
  direction: string
  /** Why it is at this position, e.g. 「约束性场景；距二级 1 级」 */
  reason: string
}

export interface ReportEvidence {
  itemId: string
  name: string
  sha256: string
  size: number
  sizeText: string
}

export interface ReportSignatory {
  role: string
  name: string
  agency: string
}

export interface ReportHeader {
  /** e.g. ZD-20250315-1A2B3C4D */
  reportNumber: string
  title: string
  subtitle: string
  enterpriseName: string
  issuedOn: string
  confidentiality: string
  catalogue: { id: string; title: string; hash: string }
  ruleProfile: { id: string; title: string }
  /** SHA-256 of report.json (the canonical JSON of `data`), see report-data.ts. */
  reportHash: string
  /** What the QR code carries: the central verification address, or the payload itself. */
  qrText: string
  /** Only a completed assessment yields a formal report; a draft is watermarked, never signed. */
  formal: boolean
  /** Why this is a draft (empty when formal). */
  draftReasons: string[]
  /** The report data embedded as report.json (its hash is reportHash). */
  data: ReportData
}

export interface DiagnosisReportModel {
  kind: 'diagnosis'
  header: ReportHeader
  enterprise: LabelValue[]
  survey: ReportSiteSurvey | null
  questions: ReportQuestionRow[]
  scenes: ReportSceneRow[]
  dimensions: ReportDimensionScore[]
  level: ReportLevel
  /** The target the recommendations aim at (at least 二级). */
  targetLevel: OverallLevel
  targetLevelName: string
  problems: ReportProblem[]
  recommendations: ReportRecommendation[]
  /** How the recommendations are ordered, in words (printed under the table). */
  recommendationOrder: string
  /**
   * The chapters built around the assessor's 诊断建议 (issue 13): findings, 改造路径, 预期成效,
   * 投资与补助, 实施计划. Absent for a report from a file without one (the catalogue-based
   * problems and recommendations are printed instead).
   */
  advice?: ReportAdvice
  evidence: ReportEvidence[]
  signatories: ReportSignatory[]
}

export interface ComparisonRow {
  label: string
  before: string
  after: string
  delta: string
  improved: boolean | null
}

export interface SceneMove {
  sceneId: string
  name: string
  constrained: boolean
  before: SceneLevel
  after: SceneLevel
  beforeName: string
  afterName: string
  delta: number
}

/** One rule of the subsidy computation as applied (the cap, when it limited the amount). */
export interface SubsidyRuleLine {
  ruleId: string
  text: string
  amount: string
  capHit: boolean
}

/** The acceptance dossier (一企一档) as printed in the 验收评价. */
export interface ReportDossier {
  /** 鹤壁市…验收档案（一企一档） 1.0.0 */
  template: string
  complete: boolean
  checklist: {
    title: string
    mandatory: boolean
    /** 已提交 / 缺失 / 免于提交 / 未登记 */
    state: string
    /** Files attached (count) and the first SHA-256 prefix, e.g. '2 个（3f5a0c2e…）' */
    files: string
    reason: string
  }[]
  /** One line per missing mandatory material (Chinese). */
  missing: string[]
  ledger: {
    rowCount: number
    /** 「软件 2 张 120,000 元（计入实际投入）」 */
    summary: string[]
    eligible: string
    ineligible: string
    total: string
  }
  /** Warnings of the computation, e.g. eligible rows without invoice or payment evidence. */
  warnings: string[]
  /** passed / not_passed / blocked and its messages (acceptanceVerdict). */
  verdict: 'passed' | 'not_passed' | 'blocked'
  verdictMessages: string[]
}

export interface SubsidyLine {
  label: string
  amount: string
  note: string
}

/** The expert panel of an acceptance review (shared/domain/panel): scores, divergence, settling. */
export interface ReportPanel {
  /** 组长, e.g. 陈静（示例第三方评测机构） */
  lead: string
  status: 'consolidated' | 'unresolved'
  experts: { name: string; agency: string; total: string; level: string }[]
  /** Total spread between the highest and the lowest expert score, e.g. '6.5' */
  totalSpread: string
  divergences: { itemId: string; severity: '重大' | '轻微'; message: string }[]
  /** Items not settled by unanimity: how each was settled (majority, median, lead + reason). */
  settled: { itemId: string; rule: string; explanation: string }[]
  unresolved: string[]
}

export interface AcceptanceReportModel {
  kind: 'acceptance'
  header: ReportHeader
  enterprise: LabelValue[]
  before: {
    reportLabel: string
    assessedOn: string
    level: ReportLevel
    dimensions: ReportDimensionScore[]
  }
  /** The signed diagnosis the acceptance compares against; null only in a draft. */
  diagnosis: {
    bundleId: string
    manifestSha256: string
    /** The diagnosis report number the bundle carries, null when it carries none. */
    reportNumber: string | null
    signerKeyShort: string
    signedOn: string
  } | null
  after: {
    reportLabel: string
    assessedOn: string
    level: ReportLevel
    dimensions: ReportDimensionScore[]
  }
  comparison: ComparisonRow[]
  sceneMoves: SceneMove[]
  /** After-retrofit scene table (the judged state at acceptance). */
  scenes: ReportSceneRow[]
  verdict: { target: string; passed: boolean; text: string }
  /** null when the acceptance was scored by one assessor. */
  panel: ReportPanel | null
  subsidy: {
    policy: string
    batch: string
    investment: string
    lines: SubsidyLine[]
    total: string
    totalFen: number
    /** Every rule applied, in order (the dossier's investment line first when there is one). */
    rules: SubsidyRuleLine[]
    steps: string[]
    note: string
  }
  /** The acceptance dossier when one was kept for the enterprise; null otherwise. */
  dossier: ReportDossier | null
  evidence: ReportEvidence[]
  signatories: ReportSignatory[]
}

export type ReportModel = DiagnosisReportModel | AcceptanceReportModel | RecheckReportModel

/** One side of a 复核 report: the signed original or the on-site re-score. */
export interface RecheckSide {
  /** 原评测（已签名） / 复核 */
  label: string
  assessor: string
  assessedOn: string
  level: ReportLevel
  dimensions: ReportDimensionScore[]
}

/** A question whose chosen options changed on recheck, with the option texts verbatim. */
export interface RecheckQuestionChange {
  id: string
  name: string
  /** 'B. …' per chosen option; ['未作答'] when unanswered. */
  before: string[]
  after: string[]
  /** Signed display, e.g. '-0.7' / '+1.5' / '±0' */
  scoreDelta: string
  delta: number
}

export interface RecheckReportModel {
  kind: 'recheck'
  header: ReportHeader
  enterprise: LabelValue[]
  /** The signed bundle the recheck started from. */
  signed: {
    bundleId: string
    signerKeyId: string
    /** First 16 hex of the key id, for display. */
    signerKeyShort: string
    /** YYYY-MM-DD of the bundle's createdAt (UTC). */
    signedOn: string
    manifestSha256: string
  }
  original: RecheckSide
  recheck: RecheckSide
  /** 总分, D1, D3, D4, 等级: 原评测 vs 复核. */
  comparison: ComparisonRow[]
  questionChanges: RecheckQuestionChange[]
  sceneChanges: SceneMove[]
  consistent: boolean
  /** Each reason it is not 「一致」: level changed, a 约束性 scene dropped, total beyond tolerance. */
  deviations: string[]
  /** The tolerance applied, in words (from the rule profile). */
  tolerance: string
  /** 复核一致… / 复核结果与原评测不一致：等级由X变为Y… */
  conclusion: string
  evidence: ReportEvidence[]
  signatories: ReportSignatory[]
}
