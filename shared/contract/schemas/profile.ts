/**
 * The assessor profile of this device ('profile.*', issue 14): name and agency (the defaults of
 * new assessments and reports) and an optional default PDF signing certificate (.p12/.pfx). Kept
 * in the backend's database, asked once at first start.
 */
import { z } from 'zod'
import { Base64, IsoTime } from './common'

export const CertificateInfo = z.object({
  fileName: z.string(),
  /** Subject of the signing certificate, e.g. CN=张三, O=鹤壁市某评测机构 */
  subject: z.string(),
  /** ISO time the certificate expires */
  validTo: z.string(),
  /** SHA-256 of the file */
  sha256: z.string(),
})
export type CertificateInfo = z.infer<typeof CertificateInfo>

export const AssessorProfile = z.object({
  name: z.string(),
  agency: z.string(),
  certificate: CertificateInfo.nullable(),
  updatedAt: IsoTime,
})
export type AssessorProfile = z.infer<typeof AssessorProfile>

/** null until the assessor has set it (first start). */
export const ProfileResult = z.object({ profile: AssessorProfile.nullable() })

export const SetProfileInput = z.object({
  name: z
    .string({ error: '评测人员姓名不能为空' })
    .trim()
    .min(1, '评测人员姓名不能为空')
    .max(50, '评测人员姓名过长（最多 50 字）'),
  agency: z
    .string({ error: '评测机构不能为空' })
    .trim()
    .min(1, '评测机构不能为空')
    .max(100, '评测机构名称过长（最多 100 字）'),
  /**
   * 'keep' (default) leaves the stored certificate as it is; null removes it; a file replaces it
   * (the password only proves that it opens and is never stored).
   */
  certificate: z
    .union([
      z.literal('keep'),
      z.null(),
      z.object({
        fileName: z.string().trim().min(1, '证书文件名不能为空').max(255),
        p12Base64: Base64.min(1, '请选择 .p12/.pfx 证书文件'),
        password: z.string(),
      }),
    ])
    .default('keep'),
})
