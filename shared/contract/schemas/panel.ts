/**
 * Contract schemas for expert panels of acceptance reviews ('panel.*') and rechecks
 * ('recheck.*', 复核), issue 6. The rules live in shared/domain/panel.
 */
import { z } from 'zod'
import type { AssessmentDiff } from '../../domain/panel/diff'
import type { Divergence } from '../../domain/panel/types'
import type { PanelRecord } from '../../domain/panel/record'
import { Base64, Id } from './common'

const KeyId = z.string().regex(/^[0-9a-f]{64}$/, '密钥编号须为 64 位十六进制（SHA-256）')

export const PanelMemberInput = z.object({
  name: z.string().trim().min(1, '姓名不能为空').max(40),
  agency: z.string().trim().min(1, '所属机构不能为空').max(80),
  keyId: KeyId,
})

export const CreatePanelInput = z.object({
  enterpriseId: Id,
  lead: PanelMemberInput,
  experts: z.array(PanelMemberInput).min(1, '专家组至少需要一位专家').max(15),
})

export const PanelIdInput = z.object({ panelId: Id })

export const ImportScoringInput = z.object({
  panelId: Id,
  fileName: z.string().min(1),
  contentBase64: Base64,
})

const ItemValue = z.union([z.string(), z.array(z.string()), z.number().int(), z.null()])

export const DecideInput = z.object({
  panelId: Id,
  itemId: z.string().regex(/^(Q\d{2}|SC\d{2})$/, '项目编号应为 Q01… 或 SC01…'),
  value: ItemValue,
  reason: z.string().trim().min(1, '组长裁定须填写理由').max(500),
})

export const ClearDecisionInput = z.object({
  panelId: Id,
  itemId: z.string().regex(/^(Q\d{2}|SC\d{2})$/, '项目编号应为 Q01… 或 SC01…'),
})

export const PanelMemberView = z.object({
  keyId: z.string(),
  name: z.string(),
  agency: z.string(),
  /** The expert's bundle, once imported and verified. */
  scoring: z
    .object({
      bundleId: z.string(),
      manifestSha256: z.string(),
      importedAt: z.string(),
      total: z.number(),
      level: z.int(),
    })
    .nullable(),
})

export const PanelItemView = z.object({
  itemId: z.string(),
  kind: z.enum(['question', 'scene']),
  title: z.string(),
  /** Each expert's value, in panel order; null = not answered / not judged. */
  values: z.array(z.object({ expertKeyId: z.string(), value: ItemValue, text: z.string() })),
  severity: z.enum(['major', 'minor']).nullable(),
  rule: z.enum(['majority', 'median', 'lead']),
  consolidated: ItemValue,
  consolidatedText: z.string(),
  resolved: z.boolean(),
  explanation: z.string(),
  reason: z.string().nullable(),
})

export const PanelView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  lead: PanelMemberInput,
  experts: z.array(PanelMemberView),
  createdAt: z.string(),
  /** All experts' scorings have arrived. */
  complete: z.boolean(),
  /** Per item who chose what (empty until every scoring arrived). */
  items: z.array(PanelItemView),
  divergences: z.array(z.custom<Divergence>((v) => typeof v === 'object' && v !== null)),
  status: z.enum(['waiting', 'unresolved', 'consolidated']),
  unresolved: z.array(z.string()),
  result: z
    .object({ total: z.number(), level: z.int(), levelName: z.string(), provisional: z.boolean() })
    .nullable(),
  /** The lead's signed bundle, once signed. */
  signed: z
    .object({ bundleId: z.string(), manifestSha256: z.string(), keyId: z.string() })
    .nullable(),
})

export const ImportScoringResult = z.object({ expertKeyId: z.string(), panel: PanelView })

export const ConsolidateResult = z.object({
  status: z.enum(['unresolved', 'consolidated']),
  unresolved: z.array(z.string()),
  result: PanelView.shape.result,
  record: z.custom<PanelRecord>((v) => typeof v === 'object' && v !== null).nullable(),
})

export const PanelSignResult = z.object({
  bundleId: z.string(),
  manifestSha256: z.string(),
  keyId: z.string(),
  fileName: z.string(),
  contentBase64: Base64,
})

export const PanelVerifyResult = z.object({ ok: z.boolean(), problems: z.array(z.string()) })

export const PanelReportInput = z.object({
  panelId: Id,
  /** 实际投入资金, fen. */
  investmentFen: z.int().min(0).optional(),
  /** The signed diagnosis before the retrofit (a bundle in this device's store); without it a draft. */
  beforeBundleId: z.string().min(1).max(80).optional(),
  beforeAssessmentId: Id.optional(),
  issuedOn: z.iso.date({ error: '日期格式应为 YYYY-MM-DD' }).optional(),
})

export const PanelReportResult = z.object({
  fileName: z.string(),
  pdfBase64: Base64,
  pages: z.int(),
  level: z.int(),
  levelName: z.string(),
})

export const PanelList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      enterpriseId: z.string(),
      enterpriseName: z.string(),
      experts: z.int(),
      arrived: z.int(),
      signed: z.boolean(),
      createdAt: z.string(),
    }),
  ),
})

export const RecheckImportInput = z.object({ fileName: z.string().min(1), contentBase64: Base64 })
export const RecheckImportResult = z.object({
  recheckAssessmentId: z.string(),
  enterpriseId: z.string(),
  bundleId: z.string(),
  signerKeyId: z.string(),
  /** true: this bundle was imported before; its recheck is returned, nothing new was made. */
  existing: z.boolean(),
})

/** One recheck on this device (recheck.list), newest import first. */
export const RecheckListItem = z.object({
  recheckAssessmentId: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  bundleId: z.string(),
  importedAt: z.string(),
  /** The recheck assessment's status now. */
  status: z.enum(['draft', 'completed', 'signed']),
  original: z.object({
    kind: z.string(),
    assessorName: z.string(),
    assessorAgency: z.string(),
    assessedOn: z.string().nullable(),
    signedAt: z.string(),
    /** Who holds the signing key, when the key is known here (key registry). */
    signerName: z.string().nullable(),
  }),
})
export const RecheckList = z.object({ items: z.array(RecheckListItem) })

export const RecheckIdInput = z.object({ recheckAssessmentId: Id })

/** The signed original as carried in the bundle, read-only beside the recheck. */
export const RecheckOriginal = z.object({
  bundleId: z.string(),
  assessorName: z.string(),
  assessorAgency: z.string(),
  assessedOn: z.string().nullable(),
  signedAt: z.string(),
  /** Per question/scene: the original answer (text), note and evidence; only items with any. */
  items: z.array(
    z.object({
      itemId: z.string(),
      /** 'A'、'A、B'、'二级'、未作答 … */
      value: z.string(),
      note: z.string(),
      evidence: z.array(
        z.object({ sha256: z.string(), name: z.string(), size: z.int(), mime: z.string() }),
      ),
    }),
  ),
  /** Evidence of the survey or not tied to an item. */
  otherEvidence: z.array(
    z.object({ sha256: z.string(), name: z.string(), size: z.int(), mime: z.string() }),
  ),
})
export const RecheckEvidenceInput = z.object({
  recheckAssessmentId: Id,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '佐证文件编号应为 64 位十六进制'),
})
export const RecheckEvidenceContent = z.object({
  name: z.string(),
  mime: z.string(),
  contentBase64: z.string(),
})
export const RecheckDiffInput = z.object({ recheckAssessmentId: Id })
export const RecheckDiffResult = z.object({
  bundleId: z.string(),
  diff: z.custom<AssessmentDiff>((v) => typeof v === 'object' && v !== null),
  lines: z.array(z.string()),
})
