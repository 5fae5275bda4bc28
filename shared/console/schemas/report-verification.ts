/**
 * The public report verification (`GET /v1/reports/:number[?sha256=]`, issue 11) as documented in
 * docs/architecture.md on the i11 branch; the console renders it as a page and checks the answer
 * against this schema.
 */
import { z } from 'zod'

export const REPORT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/

export const ReportNumberInput = z.strictObject({
  number: z.string().trim().regex(REPORT_NUMBER, '报告编号格式不正确（如 YS-20251010-1A2B3C4D）'),
  sha256: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{64}$/, '报告哈希须为 64 位十六进制')
    .transform((s) => s.toLowerCase())
    .optional(),
})

export const ReportVerification = z.object({
  protocolVersion: z.number(),
  number: z.string(),
  status: z.enum(['valid', 'superseded', 'unknown']),
  reportSha256: z.string().nullable(),
  hashMatches: z.boolean().nullable(),
  kind: z.enum(['diagnosis', 'acceptance', 'recheck']).nullable(),
  issuedOn: z.string().nullable(),
  enterprise: z.object({ name: z.string(), uscc: z.string().nullable() }).nullable(),
  level: z.number().int().min(0).max(4).nullable(),
  total: z.string().nullable(),
  bundleId: z.string().nullable(),
  recordId: z.string().nullable(),
  recordVersion: z.number().int().nullable(),
  signerKeyId: z.string().nullable(),
  recordedAt: z.string().nullable(),
  supersededBy: z
    .object({ number: z.string(), reportSha256: z.string(), bundleId: z.string() })
    .nullable(),
})
export type ReportVerification = z.infer<typeof ReportVerification>
