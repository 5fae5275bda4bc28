/**
 * The "before" of an acceptance (issue 11 item 1): a signed diagnosis bundle, verified, read as
 * what the 验收评价 cites (manifest SHA-256, the diagnosis report number the bundle carries) and
 * embeds (its manifest.json and signature.json, byte for byte). Anything else — a plain JSON
 * file, a changed bundle, an acceptance or recheck bundle — is refused with a one-line reason
 * that begins with `field:` (the CLI passes '--before', the service 'before').
 */
import { parseAssessmentFile, type AssessmentFileV1 } from '../../../shared/domain/assessment-file'
import { unpackBundle } from '../../../shared/domain/bundle/container'
import { MANIFEST_ENTRY, SIGNATURE_ENTRY } from '../../../shared/domain/bundle/types'
import type { BundleManifest } from '../../../shared/domain/bundle/types'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import {
  DIAGNOSIS_MANIFEST_ATTACHMENT,
  DIAGNOSIS_SIGNATURE_ATTACHMENT,
  type ReportFile,
} from '../../../shared/domain/report/report-data'
import { verifyBundleBytes } from './build'

export class SignedDiagnosisError extends Error {}

export interface SignedDiagnosis {
  file: AssessmentFileV1
  manifest: BundleManifest
  manifestSha256: string
  /** What the acceptance cites: the diagnosis report number the bundle carries, if any. */
  reportNumber: string | null
  /** diagnosis-manifest.json and diagnosis-signature.json, for the PDF. */
  files: ReportFile[]
  citation: {
    bundleId: string
    manifestSha256: string
    reportNumber: string | null
    signerKeyId: string
    createdAt: string
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]

export function readSignedDiagnosis(
  bytes: Uint8Array,
  field: string,
  registry: ReferenceRegistry,
): SignedDiagnosis {
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b))
    throw new SignedDiagnosisError(
      `${field}: 须为已签名的诊断签名包（.dlbundle）；${bytes[0] === 0x7b ? '给出的是未签名的 JSON 文件' : '给出的文件不是签名包'}`,
    )
  const v = verifyBundleBytes(bytes, { registry })
  if (!v.ok) throw new SignedDiagnosisError(`${field}: 签名包验证失败：${v.problems[0]}`)
  const parsed = parseAssessmentFile(JSON.stringify(v.manifest.assessment), registry)
  if (!parsed.ok) throw new SignedDiagnosisError(`${field}: ${parsed.error}`)
  if (parsed.value.kind !== 'diagnosis')
    throw new SignedDiagnosisError(
      `${field}: 签名包中是${parsed.value.kind === 'acceptance' ? '验收评测' : '复核'}（kind ${parsed.value.kind}），须为诊断评测`,
    )
  if (v.manifest.panel !== undefined)
    throw new SignedDiagnosisError(`${field}: 专家组合议签名包不能作为改造前的诊断`)
  const un = unpackBundle(bytes)
  const signatureBytes = un.ok ? un.files.get(SIGNATURE_ENTRY) : undefined
  if (!signatureBytes) throw new SignedDiagnosisError(`${field}: ${SIGNATURE_ENTRY} missing`)
  const reportNumber = v.manifest.reports?.find((r) => r.kind === 'diagnosis')?.number ?? null
  return {
    file: parsed.value,
    manifest: v.manifest,
    manifestSha256: v.manifestSha256,
    reportNumber,
    files: [
      {
        name: DIAGNOSIS_MANIFEST_ATTACHMENT,
        bytes: v.canonical,
        mime: 'application/json',
        description: `所引用的已签名诊断的 ${MANIFEST_ENTRY}（SHA-256 ${v.manifestSha256}）`,
      },
      {
        name: DIAGNOSIS_SIGNATURE_ATTACHMENT,
        bytes: signatureBytes,
        mime: 'application/json',
        description: `所引用的已签名诊断的 ${SIGNATURE_ENTRY}`,
      },
    ],
    citation: {
      bundleId: v.manifest.bundleId,
      manifestSha256: v.manifestSha256,
      reportNumber,
      signerKeyId: v.manifest.assessorKey.keyId,
      createdAt: v.manifest.createdAt,
    },
  }
}

/**
 * The acceptance `file` may cite `signed` (issue 11 item 1): a diagnosis of the same USCC (given
 * on both), assessed before the acceptance. Returns what manifest.diagnosis holds; else throws
 * SignedDiagnosisError beginning with `field:`.
 */
export function citationFor(
  signed: SignedDiagnosis,
  file: AssessmentFileV1,
  field: string,
): { bundleId: string; manifestSha256: string; reportNumber: string | null } {
  if (file.kind !== 'acceptance')
    throw new SignedDiagnosisError(`${field}: 只有验收评测对照诊断（本评测为 kind ${file.kind}）`)
  const x = signed.file.enterprise.uscc
  const y = file.enterprise.uscc
  if (!x || !y)
    throw new SignedDiagnosisError(
      `${field}: 验收评测与所对照的诊断须载明统一社会信用代码（enterprise.uscc）才能确认是同一企业`,
    )
  if (x !== y)
    throw new SignedDiagnosisError(
      `${field}: 所对照的诊断属于另一家企业（${signed.file.enterprise.name} ${x}），本次验收是 ${file.enterprise.name} ${y}`,
    )
  if (!signed.file.assessedOn || !file.assessedOn || signed.file.assessedOn >= file.assessedOn)
    throw new SignedDiagnosisError(
      `${field}: 所对照的诊断评测日期 ${signed.file.assessedOn ?? '—'} 须早于验收评测日期 ${file.assessedOn ?? '—'}`,
    )
  return {
    bundleId: signed.citation.bundleId,
    manifestSha256: signed.citation.manifestSha256,
    reportNumber: signed.citation.reportNumber,
  }
}
