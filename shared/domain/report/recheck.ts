/**
 * buildRecheckReport: the 数字化水平复核报告 model (issue 6, item 4): the signed original (from a
 * verified bundle) against the reviewer's on-site re-score — which questions (option texts
 * verbatim) and scenes changed, the score and level delta and the conclusion line. The diff is
 * shared/domain/panel `diffAssessments` (integer milli-points). Pure.
 */
import { ReportInputError } from './errors'
import type { AssessmentFileV1 } from '../assessment-file'
import type { PinnedCatalogue } from '../catalogue/types'
import { levelName } from '../levels/rule-profiles'
import { diffAssessments } from '../panel'
import { formatMilli, formatPoints, toMilli } from '../scoring/points'
import type { RuleProfile, SceneLevel } from '../scoring/types'
import {
  CONFIDENTIALITY,
  type EvidenceInput,
  dimensionScores,
  enterpriseRows,
  type IdentityChangeInput,
  evidenceRows,
  assessmentAttachment,
  finalizeReport,
  levelSummary,
  sceneLevelName,
} from './common'
import { checkDates, checkKind, formality, sameUscc } from './gates'
import { REPORT_FORMAT_V1, attachmentMeta, type ReportFile } from './report-data'
import { ruleProfileHash } from '../reference/rule-profile-schema'
import type { ComparisonRow, RecheckQuestionChange, RecheckReportModel, SceneMove } from './types'

export interface RecheckReportInput {
  /** The assessment carried in the signed bundle (verified by the caller). */
  original: AssessmentFileV1
  /** The on-site re-score (the 'recheck' assessment). */
  recheck: AssessmentFileV1
  /** What identifies the signed original. */
  signed: { bundleId: string; signerKeyId: string; createdAt: string; manifestSha256: string }
  pinned: PinnedCatalogue
  profile: RuleProfile
  evidence?: EvidenceInput[]
  /** 出具日期: between the recheck's assessment date and `today`. */
  issuedOn: string
  today: string
  /** The app: status completed or signed. Default true. */
  completed?: boolean
  /** Embedded next to report.json; default assessment.json of `recheck`. */
  files?: ReportFile[]
  verifyBaseUrl?: string
  reportNumber?: string
  /** Recorded changes of USCC, name or batch, printed in the enterprise section (common.ts). */
  identityChanges?: readonly IdentityChangeInput[]
}

function signed(milli: number): string {
  return milli > 0 ? `+${formatMilli(milli)}` : milli === 0 ? '±0' : formatMilli(milli)
}

function assessorText(f: AssessmentFileV1): string {
  const a = f.assessor
  if (!a?.name) return '—'
  return `${a.name}${a.agency ? `（${a.agency}）` : ''}`
}

export function buildRecheckReport(input: RecheckReportInput): RecheckReportModel {
  const { original, recheck, pinned, profile } = input
  checkKind('recheck', recheck)
  checkDates(recheck, input.issuedOn, input.today)
  sameUscc('recheck', original, recheck, '已签名的原评测')
  for (const [name, f] of [
    ['original', original],
    ['recheck', recheck],
  ] as const) {
    if (f.catalogue !== pinned.catalogue.id)
      throw new ReportInputError(
        `${name}.catalogue`,
        `${name}.catalogue: '${f.catalogue}' is not '${pinned.catalogue.id}'`,
      )
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(input.signed.createdAt))
    throw new ReportInputError(
      'signed.createdAt',
      `signed.createdAt: must be an ISO date-time, got '${input.signed.createdAt}'`,
    )

  const c = pinned.catalogue
  const d = diffAssessments(pinned, profile, original, recheck)
  const rb = d.before
  const ra = d.after

  const row = (label: string, b: number, a: number): ComparisonRow => {
    const m = toMilli(a) - toMilli(b)
    return {
      label,
      before: formatPoints(b),
      after: formatPoints(a),
      delta: signed(m),
      improved: m === 0 ? null : m > 0,
    }
  }
  const dim = (id: 'D1' | 'D3' | 'D4'): ComparisonRow =>
    row(
      `${ra.dimensions[id].name}（满分 ${formatPoints(ra.dimensions[id].max)}）`,
      rb.dimensions[id].score,
      ra.dimensions[id].score,
    )
  const comparison: ComparisonRow[] = [
    row('总分（满分 100）', rb.total, ra.total),
    dim('D1'),
    dim('D3'),
    dim('D4'),
    {
      label: '数字化水平等级',
      before: rb.levelName,
      after: ra.levelName,
      delta:
        d.levelDelta === 0
          ? '不变'
          : d.levelDelta > 0
            ? `提高 ${d.levelDelta} 级`
            : `降低 ${-d.levelDelta} 级`,
      improved: d.levelDelta === 0 ? null : d.levelDelta > 0,
    },
  ]

  const optionTexts = (qid: string, v: string | string[] | null): string[] => {
    if (v === null) return ['未作答']
    const q = c.questions.find((x) => x.id === qid)
    const keys = Array.isArray(v) ? v : [v]
    if (keys.length === 0) return ['（未选择任何选项）']
    return keys.map((k) => {
      const t = q?.options.find((o) => o.key === k)?.text
      return t === undefined ? k : `${k}. ${t}`
    })
  }
  const questionChanges: RecheckQuestionChange[] = d.questionsChanged.map((q) => ({
    id: q.id,
    name: c.questions.find((x) => x.id === q.id)?.tertiary.name ?? '',
    before: optionTexts(q.id, q.before),
    after: optionTexts(q.id, q.after),
    scoreDelta: signed(toMilli(q.scoreDelta)),
    delta: q.scoreDelta,
  }))
  const sceneChanges: SceneMove[] = d.scenesChanged.map((s) => {
    const b = (s.before ?? 0) as SceneLevel
    const a = (s.after ?? 0) as SceneLevel
    return {
      sceneId: s.id,
      name: c.scenes.find((x) => x.id === s.id)?.name ?? '',
      constrained: profile.constrainedScenes.includes(s.id),
      before: b,
      after: a,
      beforeName: sceneLevelName(s.before ?? undefined),
      afterName: sceneLevelName(s.after ?? undefined),
      delta: a - b,
    }
  })

  const tolerance = profile.recheckTolerance?.maxTotalDeviation ?? 0
  const toleranceMilli = toMilli(tolerance)
  const deviations: string[] = []
  if (d.levelDelta !== 0)
    deviations.push(`等级由${levelName(d.levelBefore)}变为${levelName(d.levelAfter)}`)
  for (const m of sceneChanges)
    if (m.constrained && m.after < m.before)
      deviations.push(`约束性场景 ${m.sceneId} ${m.name} 由${m.beforeName}降为${m.afterName}`)
  if (Math.abs(toMilli(d.totalDelta)) > toleranceMilli)
    deviations.push(
      `总分偏差 ${formatMilli(Math.abs(toMilli(d.totalDelta)))} 分，超过允许偏差 ${formatPoints(tolerance)} 分`,
    )
  const consistent = deviations.length === 0 && !ra.provisional
  const totals = `总分 ${formatPoints(rb.total)} → ${formatPoints(ra.total)}（${signed(toMilli(d.totalDelta))} 分）`
  const changes = `${questionChanges.length} 项指标、${sceneChanges.length} 个场景有调整`
  const conclusion = ra.provisional
    ? `复核尚有未作答项（${[...ra.unanswered.questions, ...ra.unanswered.scenes].join('、')}），不能出具复核结论。`
    : !consistent
      ? `复核结果与原评测不一致：${deviations.join('；')}；${totals}，${changes}。`
      : questionChanges.length === 0 && sceneChanges.length === 0
        ? `复核一致：复核结果与原评测完全一致，等级为${levelName(d.levelAfter)}，总分 ${formatPoints(ra.total)}。`
        : `复核一致：等级仍为${levelName(d.levelAfter)}，无约束性场景降级，总分偏差在允许范围（±${formatPoints(tolerance)} 分）内；${totals}，${changes}。`

  const model: RecheckReportModel = {
    kind: 'recheck',
    header: {
      reportNumber: '',
      title: '数字化水平复核报告',
      subtitle: `依据《${c.title}》（${c.issuedWith}）对已签名评测结果的现场复核`,
      enterpriseName: recheck.enterprise.name,
      issuedOn: input.issuedOn,
      confidentiality: CONFIDENTIALITY,
      catalogue: { id: c.id, title: c.title, hash: pinned.hash },
      ruleProfile: { id: profile.id, title: profile.title },
      reportHash: '',
      qrText: '',
      formal: false,
      draftReasons: [],
      data: undefined as never,
    },
    enterprise: enterpriseRows(recheck, input.identityChanges).filter(
      (r) => !['评测类型', '评测日期', '评测人员'].includes(r.label),
    ),
    signed: {
      bundleId: input.signed.bundleId,
      signerKeyId: input.signed.signerKeyId,
      signerKeyShort: input.signed.signerKeyId.slice(0, 16),
      signedOn: input.signed.createdAt.slice(0, 10),
      manifestSha256: input.signed.manifestSha256,
    },
    original: {
      label: '原评测（已签名）',
      assessor: assessorText(original),
      assessedOn: original.assessedOn ?? '—',
      level: levelSummary(rb),
      dimensions: dimensionScores(pinned, rb, original.scenes),
    },
    recheck: {
      label: '复核',
      assessor: assessorText(recheck),
      assessedOn: recheck.assessedOn ?? '—',
      level: levelSummary(ra),
      dimensions: dimensionScores(pinned, ra, recheck.scenes),
    },
    comparison,
    questionChanges,
    sceneChanges,
    consistent,
    deviations,
    tolerance: `等级不变、约束性场景不降级、总分偏差不超过 ${formatPoints(tolerance)} 分（等级规则配置 ${profile.id}）`,
    conclusion,
    evidence: evidenceRows(input.evidence),
    signatories: [
      {
        role: '复核人员',
        name: recheck.assessor?.name ?? '',
        agency: recheck.assessor?.agency ?? '',
      },
      ...(recheck.survey?.people ?? [])
        .filter((p) => p.name !== recheck.assessor?.name)
        .map((p) => ({ role: p.role, name: p.name, agency: p.agency })),
    ],
  }
  const f = formality(recheck, ra, input.completed ?? true)
  const files = input.files ?? [assessmentAttachment(recheck)]
  return finalizeReport(
    model,
    {
      format: REPORT_FORMAT_V1,
      kind: 'recheck',
      formal: f.formal,
      issuedOn: input.issuedOn,
      assessedOn: recheck.assessedOn ?? null,
      enterprise: { name: recheck.enterprise.name, uscc: recheck.enterprise.uscc ?? null },
      catalogue: { id: c.id, hash: pinned.hash },
      ruleProfile: { id: profile.id, sha256: ruleProfileHash(profile) },
      total: formatPoints(ra.total),
      level: ra.level,
      levelName: ra.levelName,
      verdict: f.formal ? (consistent ? 'consistent' : 'inconsistent') : null,
      subsidyTotalFen: null,
      diagnosis: null,
      original: { manifestSha256: input.signed.manifestSha256 },
      attachments: attachmentMeta(files),
    },
    f.reasons,
    { reportNumber: input.reportNumber, verifyBaseUrl: input.verifyBaseUrl },
  )
}
