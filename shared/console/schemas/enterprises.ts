import { z } from 'zod'

export const EnterpriseKey = z.string().trim().min(1, '企业标识不能为空').max(300, '企业标识过长')

export const ListEnterprisesInput = z.strictObject({
  query: z.string().trim().max(100).optional(),
  county: z.string().max(100).optional(),
  industry: z.string().max(100).optional(),
  batch: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  provider: z.string().max(200).optional(),
  /** Only enterprises with open integrity signals. */
  flagged: z.boolean().optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
})

export const EnterpriseRow = z.object({
  key: z.string(),
  name: z.string(),
  uscc: z.string().nullable(),
  county: z.string().nullable(),
  industry: z.string().nullable(),
  batch: z.number().int().nullable(),
  provider: z.string().nullable(),
  diagnosisLevel: z.number().int().nullable(),
  acceptanceLevel: z.number().int().nullable(),
  openSignals: z.number().int(),
})
export const EnterpriseList = z.object({
  total: z.number().int(),
  items: z.array(EnterpriseRow),
  counties: z.array(z.string()),
  industries: z.array(z.string()),
  providers: z.array(z.string()),
})
export type EnterpriseList = z.infer<typeof EnterpriseList>

export const ReceiptView = z.object({
  acceptedAt: z.string(),
  serverKeyId: z.string(),
  manifestSha256: z.string(),
  signature: z.string(),
})

export const ReportRef = z.object({
  number: z.string(),
  kind: z.string().nullable(),
  sha256: z.string().nullable(),
  issuedOn: z.string().nullable(),
})

export const ChainBundle = z.object({
  bundleId: z.string(),
  recordId: z.string(),
  version: z.number().int(),
  current: z.boolean(),
  supersedes: z.object({ bundleId: z.string(), reason: z.string() }).nullable(),
  kind: z.enum(['diagnosis', 'acceptance', 'recheck']),
  level: z.number().int(),
  total: z.string(),
  assessedOn: z.string().nullable(),
  surveyDate: z.string().nullable(),
  assessor: z.string(),
  provider: z.string().nullable(),
  assessorKeyId: z.string(),
  evidence: z.number().int(),
  status: z.string(),
  receivedAt: z.string(),
  manifestSha256: z.string(),
  receipt: ReceiptView.nullable(),
  reports: z.array(ReportRef),
  /** The diagnosis this acceptance cites, by manifest SHA-256, when the bundle names one. */
  citesDiagnosis: z.string().nullable(),
  dossier: z
    .object({ eligibleFen: z.number().int().nullable(), complete: z.boolean().nullable() })
    .nullable(),
  openSignals: z.number().int(),
})
export type ChainBundle = z.infer<typeof ChainBundle>

export const ChainStep = z.object({
  kind: z.enum(['diagnosis', 'acceptance', 'recheck']),
  bundleId: z.string(),
  level: z.number().int(),
  date: z.string().nullable(),
})

export const EnterpriseChain = z.object({
  key: z.string(),
  name: z.string(),
  uscc: z.string().nullable(),
  county: z.string().nullable(),
  industry: z.string().nullable(),
  batch: z.number().int().nullable(),
  zjtx: z.string().nullable(),
  provider: z.string().nullable(),
  /** Current versions in order: diagnosis → acceptance → recheck. */
  steps: z.array(ChainStep),
  bundles: z.array(ChainBundle),
  signals: z.array(
    z.object({ id: z.string(), type: z.string(), summary: z.string(), status: z.string() }),
  ),
})
export type EnterpriseChain = z.infer<typeof EnterpriseChain>
