/**
 * buildAcceptanceReport: the 验收评价 model (design.md §7, reference §6.2): the diagnosis
 * (before the retrofit) and the acceptance assessment side by side, the verdict against the
 * pilot target (二级及以上) and the subsidy estimate from the policy profile. Pure.
 */
import { ReportInputError } from './errors'
import type { AssessmentFileV1 } from '../assessment-file'
import type { PinnedCatalogue } from '../catalogue/types'
import {
  acceptanceVerdict,
  checklistStatus,
  dossierSubsidy,
  ledgerSummaryLines,
  type ChecklistEntry,
  type DossierTemplate,
  type LedgerRow,
  type VerdictDecision,
} from '../dossier'
import type { Consolidation, PanelReview } from '../panel/types'
import { levelName } from '../levels/rule-profiles'
import { formatMilli, formatPoints, toMilli } from '../scoring/points'
import { scoreAssessment } from '../scoring/score-assessment'
import type { AssessmentResult, OverallLevel, RuleProfile, SceneLevel } from '../scoring/types'
import { estimateSubsidy, formatYuan, type PolicyProfile } from '../subsidy'
import {
  CONFIDENTIALITY,
  type EvidenceInput,
  batchName,
  dimensionScores,
  enterpriseRows,
  type IdentityChangeInput,
  evidenceRows,
  assessmentAttachment,
  finalizeReport,
  levelSummary,
  sceneLevelName,
  sceneRows,
} from './common'
import { checkDates, checkKind, formality, sameUscc } from './gates'
import { REPORT_FORMAT_V1, attachmentMeta, type ReportFile } from './report-data'
import { ruleProfileHash } from '../reference/rule-profile-schema'
import type {
  AcceptanceReportModel,
  ComparisonRow,
  ReportDossier,
  ReportPanel,
  SceneMove,
  SubsidyRuleLine,
} from './types'

export interface AcceptanceReportInput {
  /** The diagnosis before the retrofit. */
  before: AssessmentFileV1
  /** The acceptance assessment after the retrofit. */
  after: AssessmentFileV1
  pinned: PinnedCatalogue
  profile: RuleProfile
  policy: PolicyProfile
  /**
   * 实际投入资金, integer fen. Required without a dossier; with a dossier the eligible total of
   * its ledger is the investment and this must be absent or equal to it.
   */
  investmentFen?: number
  /** Actual diagnosis cost, fen; without it the diagnosis subsidy is 待核定 and not in 合计. */
  diagnosisCostFen?: number
  /**
   * The signed diagnosis bundle `before` comes from (verified by the caller): cited by its
   * manifest SHA-256 and report number. A formal acceptance needs it.
   */
  diagnosis?: {
    bundleId: string
    manifestSha256: string
    reportNumber: string | null
    signerKeyId: string
    createdAt: string
  }
  /** Overrides after.enterprise.batch. */
  batch?: 1 | 2 | 3
  evidence?: EvidenceInput[]
  /** 出具日期: between the acceptance's assessment date and `today`. */
  issuedOn: string
  /** The caller's local date. */
  today: string
  /** The app: status completed or signed; a file: true. Default true. */
  completed?: boolean
  /** Embedded next to report.json; default assessment.json of `after`. */
  files?: ReportFile[]
  verifyBaseUrl?: string
  reportNumber?: string
  /** The pilot's target level; default 二级 (「改造企业数字化水平达二级及以上」). */
  targetLevel?: OverallLevel
  /**
   * The expert panel, when the acceptance was scored by a panel: its review and consolidation
   * (shared/domain/panel). `after` is then the consolidated assessment.
   */
  panel?: { review: PanelReview; consolidation: Consolidation }
  /** Recorded changes of USCC, name or batch, printed in the enterprise section (common.ts). */
  identityChanges?: readonly IdentityChangeInput[]
  /**
   * The acceptance dossier (一企一档): its checklist and ledger are printed, the subsidy is
   * computed from the ledger (dossierSubsidy) and a missing mandatory material blocks 达标.
   */
  dossier?: {
    template: DossierTemplate
    entries: readonly ChecklistEntry[]
    ledger: readonly LedgerRow[]
  }
}

const STATE_NAMES = { attached: '已提交', missing: '缺失', waived: '免于提交' } as const

function dossierSection(
  d: NonNullable<AcceptanceReportInput['dossier']>,
  decision: VerdictDecision,
  totals: ReturnType<typeof dossierSubsidy>['totals'],
  warnings: string[],
): ReportDossier {
  const status = checklistStatus(d.template, d.entries)
  return {
    template: `${d.template.title} ${d.template.version}`,
    complete: status.complete,
    checklist: status.items.map((i) => {
      const n = i.evidenceSha256?.length ?? 0
      return {
        title: i.title,
        mandatory: i.mandatory,
        state: i.unrecorded ? '未登记' : STATE_NAMES[i.state],
        files: n === 0 ? '—' : `${n} 个（${i.evidenceSha256![0]!.slice(0, 8)}…）`,
        reason: i.reason ?? '',
      }
    }),
    missing: status.messages,
    ledger: {
      rowCount: totals.rowCount,
      summary: ledgerSummaryLines(totals),
      eligible: `${formatYuan(totals.eligibleFen)} 元`,
      ineligible: `${formatYuan(totals.ineligibleFen)} 元`,
      total: `${formatYuan(totals.totalFen)} 元`,
    },
    warnings,
    verdict: decision.verdict,
    verdictMessages: decision.messages,
  }
}

const RULE_NAMES = { majority: '多数', median: '中位数', lead: '组长裁定' } as const

export function panelSection(panel: {
  review: PanelReview
  consolidation: Consolidation
}): ReportPanel {
  const { review, consolidation: c } = panel
  const member = (keyId: string) =>
    review.experts.find((e) => e.keyId === keyId) ??
    (review.lead.keyId === keyId ? review.lead : undefined)
  const experts = c.expertResults.map((r) => {
    const m = member(r.expertKeyId)
    return {
      name: m?.name ?? r.expertKeyId,
      agency: m?.agency ?? '',
      total: formatPoints(r.result.total),
      level: r.result.levelName,
    }
  })
  const totals = c.expertResults.map((r) => toMilli(r.result.total))
  const spread = totals.length ? Math.max(...totals) - Math.min(...totals) : 0
  return {
    lead: `${review.lead.name}${review.lead.agency ? `（${review.lead.agency}）` : ''}`,
    status: c.status,
    experts,
    totalSpread: formatMilli(spread),
    divergences: c.divergences.map((d) => ({
      itemId: d.itemId,
      severity: d.severity === 'major' ? '重大' : '轻微',
      message: d.message,
    })),
    settled: c.items
      .filter((i) => i.severity !== null || i.rule === 'lead' || !i.resolved)
      .map((i) => ({
        itemId: i.itemId,
        rule: RULE_NAMES[i.rule],
        explanation: i.reason ? `${i.explanation}（理由：${i.reason}）` : i.explanation,
      })),
    unresolved: [...c.unresolved],
  }
}

function signed(milli: number): string {
  return milli > 0 ? `+${formatMilli(milli)}` : milli === 0 ? '±0' : formatMilli(milli)
}

/** The diagnosis before: a diagnosis of the same enterprise (USCC), assessed earlier. */
function checkBefore(before: AssessmentFileV1, after: AssessmentFileV1): void {
  if (before.kind !== 'diagnosis')
    throw new ReportInputError(
      'before',
      `before: 改造前的评测应为诊断评测（kind diagnosis），给出的是 ${before.kind === 'acceptance' ? '验收评测' : '复核'}（kind ${before.kind}）`,
    )
  sameUscc('before', before, after, '改造前的诊断')
  if (!before.assessedOn)
    throw new ReportInputError('before', 'before: 改造前的诊断没有评测日期（assessedOn）')
  if (after.assessedOn && before.assessedOn >= after.assessedOn)
    throw new ReportInputError(
      'before',
      `before: 改造前的诊断评测日期 ${before.assessedOn} 不早于验收评测日期 ${after.assessedOn}`,
    )
}

export function buildAcceptanceReport(input: AcceptanceReportInput): AcceptanceReportModel {
  const { before, after, pinned, profile, policy } = input
  checkKind('acceptance', after)
  checkDates(after, input.issuedOn, input.today)
  checkBefore(before, after)
  for (const [name, f] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (f.catalogue !== pinned.catalogue.id)
      throw new ReportInputError(
        `${name}.catalogue`,
        `${name}.catalogue: '${f.catalogue}' is not '${pinned.catalogue.id}'`,
      )
  }
  const batch = input.batch ?? after.enterprise.batch ?? before.enterprise.batch
  if (batch === undefined)
    throw new ReportInputError(
      'enterprise.batch',
      'enterprise.batch: the 试点批次 is needed for the subsidy estimate',
    )
  if (input.investmentFen === undefined && !input.dossier)
    throw new ReportInputError(
      'investmentFen',
      'investmentFen: the 实际投入 is needed without a dossier ledger',
    )
  if (
    input.investmentFen !== undefined &&
    (!Number.isSafeInteger(input.investmentFen) || input.investmentFen < 0)
  ) {
    throw new ReportInputError(
      'investmentFen',
      `investmentFen: must be a non-negative whole number of fen, got ${input.investmentFen}`,
    )
  }
  const rb: AssessmentResult = scoreAssessment(pinned, profile, before.answers, before.scenes)
  const ra: AssessmentResult = scoreAssessment(pinned, profile, after.answers, after.scenes)
  const target = input.targetLevel ?? 2
  const targetText = `${levelName(target)}及以上`

  const dimRow = (id: 'D1' | 'D3' | 'D4'): ComparisonRow => {
    const b = rb.dimensions[id]
    const a = ra.dimensions[id]
    const d = toMilli(a.score) - toMilli(b.score)
    return {
      label: `${a.name}（满分 ${formatPoints(a.max)}）`,
      before: formatPoints(b.score),
      after: formatPoints(a.score),
      delta: signed(d),
      improved: d === 0 ? null : d > 0,
    }
  }
  const totalDelta = toMilli(ra.total) - toMilli(rb.total)
  const comparison: ComparisonRow[] = [
    {
      label: '总分（满分 100）',
      before: formatPoints(rb.total),
      after: formatPoints(ra.total),
      delta: signed(totalDelta),
      improved: totalDelta === 0 ? null : totalDelta > 0,
    },
    dimRow('D1'),
    dimRow('D3'),
    dimRow('D4'),
    ...([2, 3] as const).map((n): ComparisonRow => {
      const d = ra.scenes.atLeast[n] - rb.scenes.atLeast[n]
      return {
        label: `达到${levelName(n)}及以上的场景数（其中约束性）`,
        before: `${rb.scenes.atLeast[n]}（${rb.scenes.constrainedAtLeast[n]}）`,
        after: `${ra.scenes.atLeast[n]}（${ra.scenes.constrainedAtLeast[n]}）`,
        delta: d > 0 ? `+${d}` : d === 0 ? '±0' : String(d),
        improved: d === 0 ? null : d > 0,
      }
    }),
    {
      label: '数字化水平等级',
      before: rb.levelName,
      after: ra.levelName,
      delta:
        ra.level === rb.level
          ? '不变'
          : ra.level > rb.level
            ? `提升 ${ra.level - rb.level} 级`
            : `下降 ${rb.level - ra.level} 级`,
      improved: ra.level === rb.level ? null : ra.level > rb.level,
    },
  ]
  const sceneMoves: SceneMove[] = pinned.catalogue.scenes
    .map((s) => {
      const b = (before.scenes[s.id] ?? 0) as SceneLevel
      const a = (after.scenes[s.id] ?? 0) as SceneLevel
      return {
        sceneId: s.id,
        name: s.name,
        constrained: profile.constrainedScenes.includes(s.id),
        before: b,
        after: a,
        beforeName: sceneLevelName(before.scenes[s.id]),
        afterName: sceneLevelName(after.scenes[s.id]),
        delta: a - b,
      }
    })
    .filter((m) => m.delta !== 0 || m.beforeName !== m.afterName)

  const panelOpen = input.panel?.consolidation.status === 'unresolved'
  const scoredPass = ra.level >= target && !ra.provisional && !panelOpen
  const d = input.dossier
  const decision = d
    ? acceptanceVerdict(d.template, {
        result: panelOpen ? null : ra,
        checklist: checklistStatus(d.template, d.entries),
      })
    : null
  const materialsBlock = scoredPass && decision !== null && !decision.passed
  const passed = scoredPass && !materialsBlock
  const verdictText = panelOpen
    ? `专家组尚有未裁定事项（${input.panel!.consolidation.unresolved.join('、')}），不能出具结论。`
    : ra.provisional
      ? `验收评测尚有未作答项（${[...ra.unanswered.questions, ...ra.unanswered.scenes].join('、')}），不能出具结论。`
      : materialsBlock
        ? `${decision.messages[0]}。`
        : passed
          ? `改造后数字化水平为${ra.levelName}（总分 ${formatPoints(ra.total)}），达到试点目标「${targetText}」；改造前为${rb.levelName}（总分 ${formatPoints(rb.total)}）。${decision ? '必备材料齐全。' : ''}`
          : `改造后数字化水平为${ra.levelName}（总分 ${formatPoints(ra.total)}），未达到试点目标「${targetText}」。${ra.next ? ra.next.text + '。' : ''}`

  const level = ra.provisional ? 0 : ra.level
  let investmentFen: number
  let estimate: ReturnType<typeof estimateSubsidy>
  let rules: SubsidyRuleLine[]
  let dossier: ReportDossier | null = null
  if (d) {
    const ds = dossierSubsidy(
      policy,
      { batch, level, ledger: d.ledger, diagnosisCostFen: input.diagnosisCostFen },
      d.template,
    )
    if (input.investmentFen !== undefined && input.investmentFen !== ds.investmentFen)
      throw new ReportInputError(
        'investmentFen',
        `investmentFen: ${input.investmentFen} differs from the dossier ledger's eligible total ${ds.investmentFen}`,
      )
    investmentFen = ds.investmentFen
    estimate = ds.estimate
    rules = ds.steps.map((x) => ({
      ruleId: x.ruleId,
      text: x.text,
      amount: x.pending ? '待核定' : `${formatYuan(x.amountFen)} 元`,
      capHit: x.capHit,
    }))
    dossier = dossierSection(d, decision!, ds.totals, ds.warnings)
  } else {
    investmentFen = input.investmentFen!
    estimate = estimateSubsidy(policy, {
      batch,
      level,
      investmentFen,
      diagnosisCostFen: input.diagnosisCostFen,
    })
    rules = estimate.steps.map((x) => ({
      ruleId: x.ruleId,
      text: x.text,
      amount: x.pending ? '待核定' : `${formatYuan(x.amountFen)} 元`,
      capHit: x.capHit,
    }))
  }
  const model: AcceptanceReportModel = {
    kind: 'acceptance',
    header: {
      reportNumber: '',
      title: '中小企业数字化改造验收评价报告',
      subtitle: `依据《${pinned.catalogue.title}》（${pinned.catalogue.issuedWith}）及${policy.title}`,
      enterpriseName: after.enterprise.name,
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
    enterprise: enterpriseRows(after, input.identityChanges),
    before: {
      reportLabel: '改造前（诊断）',
      assessedOn: before.assessedOn ?? '—',
      level: levelSummary(rb),
      dimensions: dimensionScores(pinned, rb, before.scenes),
    },
    diagnosis: input.diagnosis
      ? {
          bundleId: input.diagnosis.bundleId,
          manifestSha256: input.diagnosis.manifestSha256,
          reportNumber: input.diagnosis.reportNumber,
          signerKeyShort: input.diagnosis.signerKeyId.slice(0, 16),
          signedOn: input.diagnosis.createdAt.slice(0, 10),
        }
      : null,
    after: {
      reportLabel: '改造后（验收）',
      assessedOn: after.assessedOn ?? '—',
      level: levelSummary(ra),
      dimensions: dimensionScores(pinned, ra, after.scenes),
    },
    comparison,
    sceneMoves,
    scenes: sceneRows(pinned, profile, after.scenes),
    verdict: { target: targetText, passed, text: verdictText },
    panel: input.panel ? panelSection(input.panel) : null,
    subsidy: {
      policy: policy.title,
      batch: batchName(batch),
      investment: `${formatYuan(investmentFen)} 元`,
      lines: [
        {
          label: '咨询诊断补助',
          amount: estimate.diagnosisPending
            ? '待核定（未提供实际诊断费用）'
            : `${formatYuan(estimate.diagnosisFen)} 元`,
          note: estimate.steps[0]?.text ?? '',
        },
        {
          label: '数字化改造补助',
          amount: `${formatYuan(estimate.retrofitFen)} 元`,
          note: estimate.steps[1]?.text ?? '',
        },
      ],
      total: `${formatYuan(estimate.totalFen)} 元`,
      totalFen: estimate.totalFen,
      rules,
      steps: [...policy.notes, ...estimate.footnotes],
      note: `来源：${policy.source}。金额为按政策上限的估算，以资金兑现结果为准。`,
    },
    dossier,
    evidence: evidenceRows(input.evidence),
    signatories: [
      { role: '评测人员', name: after.assessor?.name ?? '', agency: after.assessor?.agency ?? '' },
      ...(after.survey?.people ?? [])
        .filter((p) => p.name !== after.assessor?.name)
        .map((p) => ({ role: p.role, name: p.name, agency: p.agency })),
    ],
  }
  const f = formality(after, ra, input.completed ?? true)
  const reasons = [
    ...f.reasons,
    ...(input.diagnosis ? [] : ['未引用已签名的诊断签名包']),
    ...(panelOpen ? ['专家组尚有未裁定事项'] : []),
  ]
  const formal = reasons.length === 0
  const files = input.files ?? [assessmentAttachment(after)]
  return finalizeReport(
    model,
    {
      format: REPORT_FORMAT_V1,
      kind: 'acceptance',
      formal,
      issuedOn: input.issuedOn,
      assessedOn: after.assessedOn ?? null,
      enterprise: { name: after.enterprise.name, uscc: after.enterprise.uscc ?? null },
      catalogue: { id: pinned.catalogue.id, hash: pinned.hash },
      ruleProfile: { id: profile.id, sha256: ruleProfileHash(profile) },
      total: formatPoints(ra.total),
      level: ra.level,
      levelName: ra.levelName,
      verdict: formal ? (passed ? 'passed' : 'not_passed') : null,
      subsidyTotalFen: estimate.totalFen,
      diagnosis: input.diagnosis
        ? {
            manifestSha256: input.diagnosis.manifestSha256,
            reportNumber: input.diagnosis.reportNumber,
          }
        : null,
      original: null,
      attachments: attachmentMeta(files),
    },
    reasons,
    { reportNumber: input.reportNumber, verifyBaseUrl: input.verifyBaseUrl },
  )
}
