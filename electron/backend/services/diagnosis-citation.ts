/**
 * The signed diagnosis an acceptance bundle cites (issue 11 item 1, manifest.diagnosis): the one
 * the caller names (`beforeBundleId`), else the one the assessment's latest formal acceptance
 * report was printed against (report registry, migration 0013), else — for a correction — the one
 * the bundle it replaces cites. The diagnosis bundle must be in this device's bundle store (made
 * here or imported), verified, a diagnosis of the same USCC, assessed before the acceptance.
 * Anything else is VALIDATION naming `beforeBundleId`: an acceptance is never signed uncited.
 */
import { fail } from '../../../shared/contract/errors'
import type { AssessmentFileV1 } from '../../../shared/domain/assessment-file'
import type { BundleManifest, DiagnosisCitation } from '../../../shared/domain/bundle/types'
import { citationFor, SignedDiagnosisError } from '../bundle/signed-diagnosis'
import { listReports } from '../db/repos/report-registry.repo'
import type { ServiceContext } from './context'
import { storedDiagnosis } from './reports.service'

const FIELD = 'beforeBundleId'

export async function diagnosisCitationFor(
  ctx: ServiceContext,
  assessmentId: string,
  file: AssessmentFileV1,
  opts: { beforeBundleId?: string | undefined; supersedes?: BundleManifest | undefined },
): Promise<DiagnosisCitation> {
  const fromReport = (await listReports(ctx.db, { assessmentId })).find(
    (r) => r.kind === 'acceptance' && r.diagnosisBundleId !== null,
  )?.diagnosisBundleId
  const bundleId =
    opts.beforeBundleId ?? fromReport ?? opts.supersedes?.diagnosis?.bundleId ?? undefined
  if (!bundleId)
    throw fail.validation(
      '验收评测须对照已签名的诊断才能签名打包：请先以已签名的诊断签名包出具正式验收评价报告，或选择改造前的诊断签名包',
      FIELD,
    )
  try {
    return citationFor(storedDiagnosis(ctx, bundleId), file, FIELD)
  } catch (e) {
    if (e instanceof SignedDiagnosisError)
      throw fail.validation(e.message.replace(/^beforeBundleId: /, ''), FIELD)
    throw e
  }
}
