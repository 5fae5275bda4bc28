/**
 * 'reports.render': builds the report model of a stored assessment (shared/domain/report) and
 * prints it (electron/backend/pdf), signed when the caller passes a .p12. Reads only; nothing
 * stored changes. The PDF printer stays warm in this process between calls.
 */
import type { Input, Output } from '../../../shared/contract/api'
import { AppException, fail } from '../../../shared/contract/errors'
import { ReportInputError } from '../../../shared/domain/report/errors'
import { localDate } from '../../../shared/domain/dates'
import { PILOT_INDUSTRIES } from '../../../shared/contract/schemas/enterprise'
import type { AssessmentDetail } from '../../../shared/contract/schemas/assessment'
import type { AssessmentFileV1 } from '../../../shared/domain/assessment-file'
import {
  buildAcceptanceReport,
  buildDiagnosisReport,
  type DiagnosisReportInput,
} from '../../../shared/domain/report'
import type { ReportModel } from '../../../shared/domain/report/types'
import type { SceneLevel } from '../../../shared/domain/scoring/types'
import { ledgerTotals } from '../../../shared/domain/dossier'
import { formatYuan, HEBI_2024 } from '../../../shared/domain/subsidy'
import { loadAdvice } from '../db/repos/advice.repo'
import { latestCurrentOfKind } from '../db/repos/assessments.repo'
import {
  CredentialError,
  describeCertificate,
  loadP12,
  type SigningCredential,
} from '../pdf/certificates'

/**
 * pdfmake, pdfkit and echarts take about a second to import; they are loaded on the first report,
 * not at backend start (the crash test and every app start wait on that import otherwise).
 */
export const loadReportPdf = () => import('../pdf/report-pdf')
import { loadDetail, pinnedFor, profileFor, requireAssessment } from './assessments.service'
import type { ServiceContext } from './context'
import { DOSSIER_TEMPLATE, loadDossierData } from './dossier.service'

/** A stored assessment in the exchange shape the report builders take. */
export function detailToFile(d: AssessmentDetail): AssessmentFileV1 {
  const a = d.assessment
  const e = d.enterprise
  const industry = PILOT_INDUSTRIES.find((i) => i.id === e.industry)?.name ?? e.industry
  const answers: AssessmentFileV1['answers'] = {}
  for (const [id, r] of Object.entries(d.answers)) if (r.selected !== null) answers[id] = r.selected
  const scenes: AssessmentFileV1['scenes'] = {}
  for (const [id, r] of Object.entries(d.scenes))
    if (r.level !== null) scenes[id] = r.level as SceneLevel
  const s = a.survey
  const hasSurvey = s.date !== null || s.people.length > 0 || s.observations.trim() !== ''
  return {
    format: 'sme-dl-assessment/v1',
    catalogue: a.catalogueId,
    catalogueHash: a.catalogueHash,
    ruleProfile: a.ruleProfileId,
    kind: a.kind,
    enterprise: {
      name: e.name,
      uscc: e.uscc,
      county: e.county,
      industry,
      subIndustry: e.subIndustry || undefined,
      size: e.size,
      batch: (e.batch ?? undefined) as 1 | 2 | 3 | undefined,
      zjtx: e.zjtx,
    },
    assessor: { name: a.assessorName, agency: a.assessorAgency || undefined },
    assessedOn: a.assessedOn ?? undefined,
    answers,
    scenes,
    survey: hasSurvey
      ? {
          date: s.date ?? '（未记录）',
          people: s.people.map((p) => ({
            name: p.name,
            agency: p.agency || '—',
            role: p.role || '—',
          })),
          observations: s.observations,
        }
      : undefined,
  }
}

export function safeName(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60)
}

/** Opens the caller's .p12 (VALIDATION 'sign.password' when it cannot be opened). */
export function credentialOf(
  sign: { p12Base64: string; password: string } | undefined,
): SigningCredential | undefined {
  if (!sign) return undefined
  try {
    return loadP12(Buffer.from(sign.p12Base64, 'base64'), sign.password)
  } catch (e) {
    if (e instanceof CredentialError)
      throw fail.validation(`证书无法打开：密码错误或文件损坏（${e.message}）`, 'sign.password')
    throw e
  }
}

/** Prints a report model (signed when a credential is given) into the 'reports.render' output. */
export async function printedReport(
  model: ReportModel,
  fileName: string,
  credential: SigningCredential | undefined,
): Promise<Output<'reports.render'>> {
  const { renderReportPdf, pageCount } = await loadReportPdf()
  const pdf = await renderReportPdf(model, { credential })
  return {
    model,
    pdfBase64: pdf.toString('base64'),
    fileName,
    pages: pageCount(pdf),
    bytes: pdf.length,
    reportNumber: model.header.reportNumber,
    reportHash: model.header.reportHash,
    signed: credential !== undefined,
    signer: credential ? describeCertificate(credential.certificate).subject : null,
  }
}

export { localDate }

/**
 * A report builder's error as VALIDATION naming the request field at fault. The builders
 * (shared/domain/report) throw ReportInputError with the input path as data (issuedOn,
 * before.catalogue, evidence, …); `fields` maps that path (or its first segment) to the request
 * field, anything else is `fallback` (the id of the record the report is built from).
 * AppExceptions pass through unchanged.
 */
export function reportBuildError(
  e: unknown,
  fields: Readonly<Record<string, string>>,
  fallback: string,
): AppException {
  if (e instanceof AppException) return e
  // The builder's input path is data (ReportInputError.field), never parsed from the message;
  // any other error of a builder names the record the report is built from.
  if (!(e instanceof ReportInputError))
    return fail.validation(e instanceof Error ? e.message : String(e), fallback)
  const path = e.field
  const key = [path, path.split('.')[0] ?? ''].find((k) => Object.hasOwn(fields, k))
  return fail.validation(e.message, key === undefined ? fallback : fields[key])
}

/** The 诊断建议 of a stored diagnosis with its per-item notes, for the 诊断报告 (issue 13). */
export async function diagnosisAdvice(
  ctx: ServiceContext,
  assessmentId: string,
  detail: AssessmentDetail,
): Promise<NonNullable<DiagnosisReportInput['advice']>> {
  const notes: Record<string, string> = {}
  for (const [id, a] of Object.entries(detail.answers)) if (a.note.trim()) notes[id] = a.note
  for (const [id, s] of Object.entries(detail.scenes)) if (s.note.trim()) notes[id] = s.note
  return {
    advice: await loadAdvice(ctx.db, assessmentId),
    notes,
    batch: detail.enterprise.batch,
    policy: HEBI_2024,
  }
}

/** reports.render: builder input path → request field (fallback 'assessmentId'). */
const RENDER_FIELDS = {
  issuedOn: 'issuedOn',
  investmentFen: 'investmentFen',
  diagnosisCostFen: 'diagnosisCostFen',
  before: 'beforeAssessmentId',
  enterprise: 'enterprise.batch',
  batch: 'enterprise.batch',
}

export function reportServices(ctx: ServiceContext) {
  return {
    'reports.render': async (input: Input<'reports.render'>): Promise<Output<'reports.render'>> => {
      const row = await requireAssessment(ctx.db, input.assessmentId, 'assessmentId')
      const detail = await loadDetail(ctx.db, row.id, ctx.registry())
      const file = detailToFile(detail)
      const pinned = pinnedFor(row, ctx.registry())
      const profile = profileFor(row.ruleProfileId, ctx.registry())
      const kind = input.kind ?? (row.kind === 'acceptance' ? 'acceptance' : 'diagnosis')
      const issuedOn = input.issuedOn ?? localDate(ctx.now())
      const evidence = detail.evidence.map((e) => ({
        itemId: e.itemId,
        name: e.originalName,
        sha256: e.sha256,
        size: e.size,
      }))

      const credential = credentialOf(input.sign)

      let model: ReportModel
      try {
        if (kind === 'diagnosis') {
          model = buildDiagnosisReport({
            file,
            pinned,
            profile,
            evidence,
            issuedOn,
            reportNumber: input.reportNumber,
            ...(row.kind === 'diagnosis'
              ? { advice: await diagnosisAdvice(ctx, row.id, detail) }
              : {}),
          })
        } else {
          const dossier = await acceptanceDossier(ctx, row.enterpriseId, input.investmentFen)
          const beforeRow = input.beforeAssessmentId
            ? await requireAssessment(ctx.db, input.beforeAssessmentId, 'beforeAssessmentId')
            : await latestCurrentOfKind(ctx.db, row.enterpriseId, 'diagnosis')
          if (!beforeRow)
            throw fail.validation('该企业没有改造前的诊断评测，无法对比', 'beforeAssessmentId')
          if (beforeRow.enterpriseId !== row.enterpriseId) {
            throw fail.validation('改造前的诊断评测属于另一家企业', 'beforeAssessmentId')
          }
          if (detail.enterprise.batch === null) {
            throw fail.validation('企业尚未确定试点批次，无法测算补助', 'enterprise.batch')
          }
          const before = detailToFile(await loadDetail(ctx.db, beforeRow.id, ctx.registry()))
          model = buildAcceptanceReport({
            before,
            after: file,
            pinned,
            profile,
            policy: HEBI_2024,
            investmentFen: input.investmentFen,
            diagnosisCostFen: input.diagnosisCostFen,
            dossier,
            evidence,
            issuedOn,
            reportNumber: input.reportNumber,
          })
        }
      } catch (e) {
        throw reportBuildError(e, RENDER_FIELDS, 'assessmentId')
      }

      const h = model.header
      const fileName = `${kind === 'diagnosis' ? '诊断报告' : '验收评价'}-${safeName(h.enterpriseName)}-${safeName(h.reportNumber)}.pdf`
      if (!input.pdf) {
        return {
          model,
          pdfBase64: null,
          fileName,
          pages: 0,
          bytes: 0,
          reportNumber: h.reportNumber,
          reportHash: h.reportHash,
          signed: false,
          signer: null,
        }
      }
      return printedReport(model, fileName, credential)
    },
  }
}

/**
 * 一企一档 for an acceptance report: with a ledger or checklist kept, the investment is the
 * ledger's eligible total (a different `investmentFen` is refused); without one, `investmentFen`
 * is required. Shared by reports.render and panel.report.
 */
export async function acceptanceDossier(
  ctx: ServiceContext,
  enterpriseId: string,
  investmentFen: number | undefined,
) {
  const dd = await loadDossierData(ctx.db, enterpriseId, ctx.registry())
  const dossier =
    dd.ledger.length > 0 || dd.entries.length > 0
      ? { template: DOSSIER_TEMPLATE, entries: dd.entries, ledger: dd.ledger }
      : undefined
  if (dossier) {
    const eligible = ledgerTotals(dossier.ledger, DOSSIER_TEMPLATE).eligibleFen
    if (investmentFen !== undefined && investmentFen !== eligible)
      throw fail.validation(
        `实际投入资金 ${formatYuan(investmentFen)} 元与投入清单中可补助支出合计 ${formatYuan(eligible)} 元不符；有投入清单时可不填`,
        'investmentFen',
      )
  } else if (investmentFen === undefined)
    throw fail.validation('验收评价需要填写实际投入资金（分）', 'investmentFen')
  return dossier
}
