/**
 * 'reports.render': builds the report model of a stored assessment (shared/domain/report) and
 * prints it (electron/backend/pdf) as PDF/A-3b with report.json and the assessment embedded,
 * signed when the caller passes a .p12 (never a draft). A formal report printed is recorded in
 * the report registry ('reports.list'); nothing else stored changes. The PDF printer stays warm
 * in this process between calls.
 */
import type { Input, Output } from '../../../shared/contract/api'
import { AppException, fail } from '../../../shared/contract/errors'
import { ReportInputError } from '../../../shared/domain/report/errors'
import { localDate } from '../../../shared/domain/dates'
import { PILOT_INDUSTRIES } from '../../../shared/contract/schemas/enterprise'
import type { AssessmentDetail } from '../../../shared/contract/schemas/assessment'
import type { AssessmentFileV1 } from '../../../shared/domain/assessment-file'
import {
  assessmentAttachment,
  buildAcceptanceReport,
  buildDiagnosisReport,
  type DiagnosisReportInput,
  type ReportFile,
} from '../../../shared/domain/report'
import { join } from 'node:path'
import {
  readSignedDiagnosis,
  SignedDiagnosisError,
  type SignedDiagnosis,
} from '../bundle/signed-diagnosis'
import { listReports, recordReport } from '../db/repos/report-registry.repo'
import { BundleStore, BundleStoreError } from '../sync/bundle-store'
import { readSyncConfig } from '../sync/sync-config'
import type { ReportModel } from '../../../shared/domain/report/types'
import type { SceneLevel } from '../../../shared/domain/scoring/types'
import { ledgerTotals } from '../../../shared/domain/dossier'
import { formatYuan, HEBI_2024 } from '../../../shared/domain/subsidy'
import { loadAdvice } from '../db/repos/advice.repo'
import { latestCurrentOfKind } from '../db/repos/assessments.repo'
import { describeCertificate, type SigningCredential } from '../pdf/certificates'

/**
 * pdfmake, pdfkit and echarts take about a second to import; they are loaded on the first report,
 * not at backend start (the crash test and every app start wait on that import otherwise).
 */
export const loadReportPdf = () => import('../pdf/report-pdf')
import { loadDetail, pinnedFor, profileFor, requireAssessment } from './assessments.service'
import type { ServiceContext } from './context'
import { DOSSIER_TEMPLATE, loadDossierData } from './dossier.service'
import { reportIdentityChanges } from './enterprises.service'
import { signingCredential } from './signing-credential'

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
  // the assessor's notes travel with the signed result (a recheck shows them beside its own)
  const notes: Record<string, string> = {}
  for (const [id, r] of Object.entries(d.answers)) if (r.note.trim()) notes[id] = r.note
  for (const [id, r] of Object.entries(d.scenes)) if (r.note.trim()) notes[id] = r.note
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
    ...(Object.keys(notes).length ? { notes } : {}),
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

/** The central service's address for the QR code, when sync is configured here. */
export function verifyBaseUrl(ctx: ServiceContext): string | undefined {
  try {
    return readSyncConfig(ctx.dataDir)?.serverUrl
  } catch {
    return undefined
  }
}

/** A draft asked to be signed: VALIDATION 'sign' naming why it is a draft. */
export function refuseDraftSigning(model: ReportModel, sign: unknown): void {
  if (sign !== undefined && !model.header.formal)
    throw fail.validation(`草稿不能签名：${model.header.draftReasons.join('；')}`, 'sign')
}

/**
 * Prints a report model (signed when a credential is given) into the 'reports.render' output and
 * records a formal report in the report registry.
 */
export async function printedReport(
  ctx: ServiceContext,
  model: ReportModel,
  fileName: string,
  credential: SigningCredential | undefined,
  files: ReportFile[],
  assessmentId: string,
  /** An acceptance: the signed diagnosis it cites (recorded with the report, issue 11 item 1). */
  diagnosis?: { bundleId: string; manifestSha256: string; reportNumber: string | null },
): Promise<Output<'reports.render'>> {
  const { renderReportPdf, pageCount } = await loadReportPdf()
  const signedAt = ctx.now()
  const pdf = await renderReportPdf(model, {
    credential,
    files,
    signOptions: { signingTime: signedAt },
  })
  const signer = credential ? describeCertificate(credential.certificate).subject : null
  const h = model.header
  if (h.formal)
    await recordReport(ctx.db, {
      number: h.reportNumber,
      kind: model.kind,
      sha256: h.reportHash,
      assessmentId,
      issuedOn: h.issuedOn,
      signer,
      signedAt: credential ? signedAt.toISOString() : null,
      createdAt: ctx.nowIso(),
      diagnosisBundleId: diagnosis?.bundleId ?? null,
      diagnosisManifestSha256: diagnosis?.manifestSha256 ?? null,
      diagnosisReportNumber: diagnosis?.reportNumber ?? null,
    })
  return {
    model,
    pdfBase64: pdf.toString('base64'),
    fileName,
    pages: pageCount(pdf),
    bytes: pdf.length,
    reportNumber: model.header.reportNumber,
    reportHash: model.header.reportHash,
    signed: credential !== undefined,
    signer,
    formal: h.formal,
    draftReasons: h.draftReasons,
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
  assessedOn: 'assessedOn',
  kind: 'kind',
  reportNumber: 'reportNumber',
  investmentFen: 'investmentFen',
  diagnosisCostFen: 'diagnosisCostFen',
  before: 'beforeBundleId',
  beforeBundleId: 'beforeBundleId',
  enterprise: 'enterprise.batch',
  batch: 'enterprise.batch',
}

/** The signed diagnosis in this device's bundle store (made here or imported). */
export function storedDiagnosis(ctx: ServiceContext, bundleId: string) {
  let bytes: Buffer
  try {
    bytes = new BundleStore(join(ctx.dataDir, 'bundles'), ctx.registry).read(bundleId)
  } catch (e) {
    if (e instanceof BundleStoreError)
      throw fail.validation(`本机没有该签名包（${bundleId}），请先导入`, 'beforeBundleId')
    throw e
  }
  try {
    return readSignedDiagnosis(bytes, 'beforeBundleId', ctx.registry())
  } catch (e) {
    if (e instanceof SignedDiagnosisError)
      throw fail.validation(e.message.replace(/^beforeBundleId: /, ''), 'beforeBundleId')
    throw e
  }
}

export function reportServices(ctx: ServiceContext) {
  return {
    'reports.render': async (input: Input<'reports.render'>): Promise<Output<'reports.render'>> => {
      const row = await requireAssessment(ctx.db, input.assessmentId, 'assessmentId')
      const detail = await loadDetail(ctx.db, row.id, ctx.registry())
      const file = detailToFile(detail)
      const pinned = pinnedFor(row, ctx.registry())
      const profile = profileFor(row.ruleProfileId, ctx.registry())
      if (row.kind === 'recheck')
        throw fail.validation('复核的报告请在「复核」页出具（recheck.report）', 'kind')
      const kind = input.kind ?? row.kind
      const today = localDate(ctx.now())
      const issuedOn = input.issuedOn ?? today
      const evidence = detail.evidence.map((e) => ({
        itemId: e.itemId,
        name: e.originalName,
        sha256: e.sha256,
        size: e.size,
      }))
      const common = {
        pinned,
        profile,
        evidence,
        issuedOn,
        today,
        completed: row.status !== 'draft',
        reportNumber: input.reportNumber,
        verifyBaseUrl: verifyBaseUrl(ctx),
      }

      const credential = await signingCredential(ctx.db, input.sign)
      const identityChanges = await reportIdentityChanges(ctx.db, row.enterpriseId)

      let model: ReportModel
      let files: ReportFile[]
      let diagnosis: SignedDiagnosis['citation'] | undefined
      try {
        if (kind === 'diagnosis') {
          files = [assessmentAttachment(file)]
          model = buildDiagnosisReport({
            ...common,
            file,
            files,
            identityChanges,
            ...(row.kind === 'diagnosis'
              ? { advice: await diagnosisAdvice(ctx, row.id, detail) }
              : {}),
          })
        } else {
          const dossier = await acceptanceDossier(ctx, row.enterpriseId, input.investmentFen)
          let before: AssessmentFileV1
          if (input.beforeBundleId) {
            const signed = storedDiagnosis(ctx, input.beforeBundleId)
            before = signed.file
            diagnosis = signed.citation
            files = [assessmentAttachment(file), ...signed.files]
          } else {
            // No signed diagnosis picked: a draft against the local diagnosis (never formal).
            const beforeRow = input.beforeAssessmentId
              ? await requireAssessment(ctx.db, input.beforeAssessmentId, 'beforeAssessmentId')
              : await latestCurrentOfKind(ctx.db, row.enterpriseId, 'diagnosis')
            if (!beforeRow)
              throw fail.validation('请选择改造前的已签名诊断（签名包）', 'beforeBundleId')
            if (beforeRow.enterpriseId !== row.enterpriseId)
              throw fail.validation('改造前的诊断评测属于另一家企业', 'beforeAssessmentId')
            before = detailToFile(await loadDetail(ctx.db, beforeRow.id, ctx.registry()))
            files = [assessmentAttachment(file)]
          }
          if (detail.enterprise.batch === null) {
            throw fail.validation('企业尚未确定试点批次，无法测算补助', 'enterprise.batch')
          }
          model = buildAcceptanceReport({
            ...common,
            identityChanges,
            before,
            after: file,
            diagnosis,
            files,
            policy: HEBI_2024,
            investmentFen: input.investmentFen,
            diagnosisCostFen: input.diagnosisCostFen,
            dossier,
          })
        }
      } catch (e) {
        throw reportBuildError(e, RENDER_FIELDS, 'assessmentId')
      }
      refuseDraftSigning(model, input.sign)

      const h = model.header
      const fileName = `${h.formal ? '' : '草稿-'}${kind === 'diagnosis' ? '诊断报告' : '验收评价'}-${safeName(h.enterpriseName)}-${safeName(h.reportNumber)}.pdf`
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
          formal: h.formal,
          draftReasons: h.draftReasons,
        }
      }
      return printedReport(ctx, model, fileName, credential, files, row.id, diagnosis)
    },

    'reports.list': async (input: Input<'reports.list'>): Promise<Output<'reports.list'>> => {
      const rows = await listReports(ctx.db, input)
      const names = new Map<string, string>()
      for (const r of rows) {
        if (names.has(r.assessmentId)) continue
        const a = await ctx.db
          .selectFrom('assessments')
          .innerJoin('enterprises', 'enterprises.id', 'assessments.enterpriseId')
          .select('enterprises.name')
          .where('assessments.id', '=', r.assessmentId)
          .executeTakeFirst()
        names.set(r.assessmentId, a?.name ?? '')
      }
      return { items: rows.map((r) => ({ ...r, enterpriseName: names.get(r.assessmentId) ?? '' })) }
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
