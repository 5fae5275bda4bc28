/** buildDiagnosisReport: the 诊断报告 model (reference §6.1, design.md §7). Pure. */
import { ReportInputError } from './errors'
import type { AssessmentFileV1 } from '../assessment-file'
import { adviceRecord } from '../advice'
import { buildAdviceReport, type AdviceReportInput } from './advice-report'
import type { PinnedCatalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { scoreAssessment } from '../scoring/score-assessment'
import { formatPoints } from '../scoring/points'
import type { AssessmentResult, OverallLevel, RuleProfile, SceneLevel } from '../scoring/types'
import {
  CONFIDENTIALITY,
  type EvidenceInput,
  assessmentAttachment,
  dimensionScores,
  enterpriseRows,
  type IdentityChangeInput,
  evidenceRows,
  finalizeReport,
  levelSummary,
  sceneRows,
} from './common'
import { checkDates, checkKind, formality } from './gates'
import { REPORT_FORMAT_V1, attachmentMeta, type ReportFile } from './report-data'
import { ruleProfileHash } from '../reference/rule-profile-schema'
import type {
  DiagnosisReportModel,
  ReportProblem,
  ReportQuestionRow,
  ReportRecommendation,
  ReportSceneRow,
} from './types'

export interface DiagnosisReportInput {
  file: AssessmentFileV1
  pinned: PinnedCatalogue
  profile: RuleProfile
  /** Computed from the file when absent. */
  result?: AssessmentResult
  evidence?: EvidenceInput[]
  /** 出具日期, YYYY-MM-DD: between the assessment date and `today`. */
  issuedOn: string
  /** The caller's local date (kept out for determinism). */
  today: string
  /** The app: status completed or signed; a file: true. Default true. */
  completed?: boolean
  /** Embedded next to report.json; default assessment.json of `file`. */
  files?: ReportFile[]
  /** The central service's base URL: the QR code then holds its verification address. */
  verifyBaseUrl?: string
  reportNumber?: string
  /** Overall target; default: the next level up, at least 二级 (the pilot's goal). */
  targetLevel?: 1 | 2 | 3 | 4
  /** Per-scene targets overriding targetLevel, e.g. from the enterprise's retrofit plan. */
  sceneTargets?: Record<string, SceneLevel>
  /**
   * The assessor's 诊断建议 (issue 13): findings, the accepted plan, the per-item notes, the
   * enterprise's batch and the subsidy policy. The report is then built around it; its target
   * is the plan's (二级 without a plan).
   */
  advice?: Pick<AdviceReportInput, 'advice' | 'notes' | 'batch' | 'policy'>
  /** Recorded changes of USCC, name or batch, printed in the enterprise section (common.ts). */
  identityChanges?: readonly IdentityChangeInput[]
}

export const RECOMMENDATION_ORDER_TEXT =
  '排序规则：约束性场景优先（等级判定同时要求场景总数和约束性场景数，提升约束性场景可同时满足两项）；' +
  '其次按到达目标等级（至少二级）所需提升的级数由少到多，再按到达更高一级所需级数由少到多；同等条件按指标顺序。'

/**
 * Recommendation order, in this sequence of keys:
 *  1. 约束性 first. A level rung needs N scenes at that level AND M of them 约束性 (二级: 6/3,
 *     三级: 8/5); raising a 约束性 scene counts towards both conditions, a non-约束性 one only
 *     towards the first, so a 约束性 scene is never the worse choice.
 *  2. The shortest path to the first milestone: 二级 (the pilot's target) for an enterprise
 *     below 二级, otherwise its next level (三级, 四级). Scenes needing fewer steps to reach the
 *     milestone come first (一级 → 二级 is one step, 未达一级 → 二级 two): each step is a retrofit
 *     project, and the scene-count condition is met soonest by lifting the scenes closest to
 *     the threshold. Scenes already at the milestone come after those still below it.
 *  3. Then the shortest path to the milestone after that (二级 → 三级, …).
 *  4. Catalogue order (SC01…SC16) as the stable tie-break.
 */
export function orderRecommendations<
  T extends { constrained: boolean; current: SceneLevel; order: number },
>(items: T[], overallLevel: OverallLevel): T[] {
  const m1 = firstMilestone(overallLevel)
  const steps = (l: SceneLevel, m: number): number => (l < m ? m - l : 99)
  return [...items].sort(
    (a, b) =>
      Number(b.constrained) - Number(a.constrained) ||
      steps(a.current, m1) - steps(b.current, m1) ||
      steps(a.current, m1 + 1) - steps(b.current, m1 + 1) ||
      a.order - b.order,
  )
}

/** 二级 below 二级, else the next level up (capped at 四级). */
export function firstMilestone(overallLevel: OverallLevel): number {
  return Math.min(4, Math.max(2, overallLevel + 1))
}

function questionRows(pinned: PinnedCatalogue, result: AssessmentResult): ReportQuestionRow[] {
  const c = pinned.catalogue
  const dimName = new Map(c.dimensions.map((d) => [d.id, d.name]))
  const secName = new Map(
    c.dimensions.flatMap((d) => d.secondaries.map((s) => [s.id, s.name] as const)),
  )
  return c.questions.map((q) => {
    const score = result.questions.find((r) => r.id === q.id)
    const selected = score?.selected ?? []
    return {
      id: q.id,
      dimension: dimName.get(q.dimension) ?? q.dimension,
      indicator: [dimName.get(q.dimension), secName.get(q.secondary), q.tertiary.name]
        .filter(Boolean)
        .join(' / '),
      text: q.text,
      type: q.type === 'single' ? '单选' : '多选',
      chosen: selected.map((key) => ({
        key,
        text: q.options.find((o) => o.key === key)?.text ?? key,
      })),
      answered: score?.answered ?? false,
      points: formatPoints(score?.score ?? 0),
      max: formatPoints(q.maxScore),
      score: score?.score ?? 0,
      maxScore: q.maxScore,
    }
  })
}

function defaultTarget(level: OverallLevel): OverallLevel {
  return Math.min(4, Math.max(2, level + 1)) as OverallLevel
}

export function buildProblemsAndRecommendations(
  pinned: PinnedCatalogue,
  rows: ReportSceneRow[],
  targetFor: (sceneId: string) => SceneLevel,
  overallLevel: OverallLevel,
): { problems: ReportProblem[]; recommendations: ReportRecommendation[] } {
  const c = pinned.catalogue
  const below = rows
    .map((r, order) => ({ ...r, order, current: r.level, target: targetFor(r.id) }))
    .filter((r) => r.current < r.target)
  const problems: ReportProblem[] = below.map((r) => {
    const scene = c.scenes.find((s) => s.id === r.id)!
    const next = (r.current + 1) as 1 | 2 | 3 | 4
    return {
      sceneId: r.id,
      name: r.name,
      constrained: r.constrained,
      current: r.current,
      currentName: r.levelName,
      target: r.target,
      targetName: levelName(r.target),
      currentDescription: r.description,
      shortfall: scene.levels[next - 1]!,
    }
  })
  const m1 = firstMilestone(overallLevel)
  const recommendations = orderRecommendations(below, overallLevel).map(
    (r, i): ReportRecommendation => {
      const scene = c.scenes.find((s) => s.id === r.id)!
      const next = (r.current + 1) as 1 | 2 | 3 | 4
      const milestone = r.current < m1 ? m1 : Math.min(4, r.current + 1)
      const reason = [
        r.constrained ? '约束性场景' : '一般场景',
        `距${levelName(milestone as OverallLevel)} ${milestone - r.current} 级`,
        r.target > next ? `目标${levelName(r.target)}，本步先达${levelName(next)}` : '',
      ]
        .filter(Boolean)
        .join('；')
      return {
        priority: i + 1,
        sceneId: r.id,
        name: r.name,
        constrained: r.constrained,
        current: r.current,
        currentName: r.levelName,
        next,
        nextName: levelName(next),
        target: r.target,
        targetName: levelName(r.target),
        direction: scene.levels[next - 1]!,
        reason,
      }
    },
  )
  return { problems, recommendations }
}

export function buildDiagnosisReport(input: DiagnosisReportInput): DiagnosisReportModel {
  const { file, pinned, profile } = input
  checkKind('diagnosis', file)
  checkDates(file, input.issuedOn, input.today)
  if (file.catalogue !== pinned.catalogue.id) {
    throw new ReportInputError(
      'catalogue',
      `catalogue: the file uses '${file.catalogue}', the report was asked for '${pinned.catalogue.id}'`,
    )
  }
  const result = input.result ?? scoreAssessment(pinned, profile, file.answers, file.scenes)
  const advice = input.advice
    ? buildAdviceReport({
        pinned,
        profile,
        answers: file.answers,
        scenes: file.scenes,
        ...input.advice,
      })
    : undefined
  const target = (advice?.target ?? input.targetLevel ?? defaultTarget(result.level)) as SceneLevel
  const scenes = sceneRows(pinned, profile, file.scenes)
  for (const [id, t] of Object.entries(input.sceneTargets ?? {})) {
    if (!scenes.some((s) => s.id === id))
      throw new ReportInputError(`sceneTargets.${id}`, `sceneTargets.${id}: unknown scene`)
    if (![0, 1, 2, 3, 4].includes(t))
      throw new ReportInputError(`sceneTargets.${id}`, `sceneTargets.${id}: level must be 0–4`)
  }
  const { problems, recommendations } = buildProblemsAndRecommendations(
    pinned,
    scenes,
    (id) => input.sceneTargets?.[id] ?? target,
    result.level,
  )
  const survey = file.survey
    ? {
        date: file.survey.date,
        people: file.survey.people.map((p) => ({ name: p.name, agency: p.agency, role: p.role })),
        observations: file.survey.observations,
      }
    : null
  const model: DiagnosisReportModel = {
    kind: 'diagnosis',
    header: {
      reportNumber: '',
      title: '中小企业数字化水平诊断报告',
      subtitle: `依据《${pinned.catalogue.title}》（${pinned.catalogue.issuedWith}）`,
      enterpriseName: file.enterprise.name,
      issuedOn: input.issuedOn,
      confidentiality: CONFIDENTIALITY,
      catalogue: { id: pinned.catalogue.id, title: pinned.catalogue.title, hash: pinned.hash },
      ruleProfile: { id: profile.id, title: profile.title },
      reportHash: '',
      qrText: '',
      formal: false,
      draftReasons: [],
      data: undefined as never,
    },
    enterprise: enterpriseRows(file, input.identityChanges),
    survey,
    questions: questionRows(pinned, result),
    scenes,
    dimensions: dimensionScores(pinned, result, file.scenes),
    level: levelSummary(result),
    targetLevel: target as OverallLevel,
    targetLevelName: levelName(target as OverallLevel),
    problems,
    recommendations,
    recommendationOrder: RECOMMENDATION_ORDER_TEXT,
    ...(advice ? { advice } : {}),
    evidence: evidenceRows(input.evidence),
    signatories: [
      { role: '评测人员', name: file.assessor?.name ?? '', agency: file.assessor?.agency ?? '' },
      ...(file.survey?.people ?? [])
        .filter((p) => p.name !== file.assessor?.name)
        .map((p) => ({ role: p.role, name: p.name, agency: p.agency })),
    ],
  }
  const f = formality(file, result, input.completed ?? true, advice?.draftReasons)
  const files = input.files ?? [assessmentAttachment(file)]
  return finalizeReport(
    model,
    {
      format: REPORT_FORMAT_V1,
      kind: 'diagnosis',
      formal: f.formal,
      issuedOn: input.issuedOn,
      assessedOn: file.assessedOn ?? null,
      enterprise: { name: file.enterprise.name, uscc: file.enterprise.uscc ?? null },
      catalogue: { id: pinned.catalogue.id, hash: pinned.hash },
      ruleProfile: { id: profile.id, sha256: ruleProfileHash(profile) },
      total: formatPoints(result.total),
      level: result.level,
      levelName: result.levelName,
      verdict: null,
      subsidyTotalFen: null,
      diagnosis: null,
      original: null,
      attachments: attachmentMeta(files),
      ...(input.advice
        ? {
            advice: adviceRecord(input.advice.advice, pinned, profile, file.answers, file.scenes),
          }
        : {}),
    },
    f.reasons,
    { reportNumber: input.reportNumber, verifyBaseUrl: input.verifyBaseUrl },
  )
}
