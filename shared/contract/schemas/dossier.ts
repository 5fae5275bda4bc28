/**
 * The acceptance dossier (一企一档, issue 8): checklist, investment ledger (integer fen), subsidy
 * from the ledger, verdict, and the batch budget view. The domain is shared/domain/dossier.
 */
import { z } from 'zod'
import { Base64, Id, IsoTime } from './common'

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, '须为 64 位小写十六进制 SHA-256')
const Fen = z.int()

export const LedgerCategoryId = z.enum(
  ['software', 'cloud', 'data_equipment', 'consulting', 'other'],
  { error: '类别须为 software、cloud、data_equipment、consulting、other 之一' },
)

export const DossierFileMeta = z.object({
  id: Id,
  enterpriseId: Id,
  sha256: Sha256,
  size: z.int(),
  mimeType: z.string(),
  originalName: z.string(),
  createdAt: IsoTime,
})
export type DossierFileMeta = z.infer<typeof DossierFileMeta>

export const DossierChecklistItem = z.object({
  id: z.string(),
  title: z.string(),
  mandatory: z.boolean(),
  description: z.string(),
  state: z.enum(['attached', 'missing', 'waived']),
  reason: z.string().optional(),
  unrecorded: z.boolean(),
  files: z.array(DossierFileMeta),
})

export const LedgerRowView = z.object({
  id: Id,
  /** 1-based row number, as in messages */
  row: z.int(),
  invoiceNo: z.string(),
  date: z.string(),
  supplier: z.string(),
  amountFen: Fen,
  category: LedgerCategoryId,
  eligible: z.boolean(),
  invoiceFile: DossierFileMeta.nullable(),
  paymentFile: DossierFileMeta.nullable(),
  note: z.string(),
})
export type LedgerRowView = z.infer<typeof LedgerRowView>

const CategoryTotal = z.object({
  label: z.string(),
  eligible: z.boolean(),
  count: z.int(),
  amountFen: Fen,
})

export const LedgerTotalsView = z.object({
  eligibleFen: Fen,
  ineligibleFen: Fen,
  totalFen: Fen,
  byCategory: z.record(LedgerCategoryId, CategoryTotal),
  rowCount: z.int(),
  unevidenced: z.object({ rows: z.array(z.int()), amountFen: Fen }),
  /** 「软件 2 张 120,000 元（计入实际投入）」 */
  summary: z.array(z.string()),
})

export const SubsidyStepView = z.object({
  kind: z.enum(['investment', 'subsidy']),
  ruleId: z.string(),
  text: z.string(),
  amountFen: Fen,
  capHit: z.boolean(),
})

export const DossierSubsidyView = z.object({
  policyId: z.string(),
  policyTitle: z.string(),
  batch: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  level: z.int(),
  investmentFen: Fen,
  diagnosisFen: Fen,
  /** No actual diagnosis cost given: the diagnosis subsidy is 待核定, not in totalFen. */
  diagnosisPending: z.boolean(),
  retrofitFen: Fen,
  totalFen: Fen,
  steps: z.array(SubsidyStepView),
  capsHit: z.array(z.string()),
  warnings: z.array(z.string()),
})
export type DossierSubsidyView = z.infer<typeof DossierSubsidyView>

export const DossierView = z.object({
  enterprise: z.object({
    id: Id,
    name: z.string(),
    batch: z.int().nullable(),
  }),
  template: z.object({
    id: z.string(),
    version: z.string(),
    title: z.string(),
    passLevel: z.int(),
    categories: z.array(
      z.object({
        id: LedgerCategoryId,
        label: z.string(),
        eligible: z.boolean(),
        basis: z.string(),
      }),
    ),
  }),
  checklist: z.object({
    items: z.array(DossierChecklistItem),
    missingMandatory: z.array(z.string()),
    complete: z.boolean(),
    messages: z.array(z.string()),
  }),
  files: z.array(DossierFileMeta),
  ledger: z.array(LedgerRowView),
  totals: LedgerTotalsView,
  /** The latest current acceptance assessment the level is taken from; null when none. */
  acceptance: z
    .object({
      assessmentId: Id,
      status: z.enum(['draft', 'completed', 'signed']),
      level: z.int(),
      levelName: z.string(),
      total: z.number(),
      provisional: z.boolean(),
    })
    .nullable(),
  /** null when the subsidy cannot be computed; `subsidyProblem` says why. */
  subsidy: DossierSubsidyView.nullable(),
  subsidyProblem: z.string().nullable(),
  verdict: z.object({
    verdict: z.enum(['passed', 'not_passed', 'blocked']),
    passed: z.boolean(),
    messages: z.array(z.string()),
  }),
})
export type DossierView = z.infer<typeof DossierView>

export const DossierGetInput = z.object({ enterpriseId: Id })

export const DossierSetItemInput = z.object({
  enterpriseId: Id,
  itemId: z.string().min(1, '材料编号不能为空'),
  state: z.enum(['attached', 'missing', 'waived'], {
    error: '状态须为 attached、missing 或 waived',
  }),
  /** Required for missing/waived. */
  reason: z.string().max(500, '原因过长（最多 500 字）').optional(),
  /** dossier files (dossier.addFile) for 'attached'. */
  fileIds: z.array(Id).max(50).optional(),
})

export const DossierAddFileInput = z.object({
  enterpriseId: Id,
  fileName: z.string().trim().min(1, '文件名不能为空').max(255, '文件名过长'),
  contentBase64: Base64,
})

export const LedgerRowFields = z.object({
  invoiceNo: z.string().trim().min(1, '发票号不能为空').max(64, '发票号过长'),
  date: z.iso.date({ error: '开票日期格式应为 YYYY-MM-DD' }),
  supplier: z.string().trim().min(1, '供应商不能为空').max(200, '供应商名称过长'),
  amountFen: z
    .int({ error: '金额须为整数（分）' })
    .positive('金额须大于 0')
    .max(Number.MAX_SAFE_INTEGER),
  category: LedgerCategoryId,
  invoiceFileId: Id.nullable().optional(),
  paymentFileId: Id.nullable().optional(),
  note: z.string().max(500, '备注过长').optional(),
})

export const LedgerAddInput = LedgerRowFields.extend({ enterpriseId: Id })
export const LedgerUpdateInput = LedgerRowFields.partial().extend({ id: Id })
export const LedgerRemoveInput = z.object({ id: Id })

export const LedgerImportInput = z.object({
  enterpriseId: Id,
  fileName: z.string().min(1, '文件名不能为空').max(255),
  contentBase64: z.string().min(1, '文件内容为空'),
})

export const LedgerImportPreview = z.object({
  fileName: z.string(),
  rows: z.array(
    z.object({
      /** 1-based row number in the file, header = row 1 */
      row: z.int(),
      value: z
        .object({
          invoiceNo: z.string(),
          date: z.string(),
          supplier: z.string(),
          amountFen: Fen,
          category: LedgerCategoryId,
        })
        .nullable(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  ),
  okCount: z.int(),
  errorCount: z.int(),
  canCommit: z.boolean(),
  fileErrors: z.array(z.string()),
})
export type LedgerImportPreview = z.infer<typeof LedgerImportPreview>

export const LedgerImportResult = z.object({ created: z.int(), dossier: DossierView })

export const BatchViewInput = z.object({
  batch: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
})

const Totals = z.object({
  count: z.int(),
  diagnosisFen: Fen,
  retrofitFen: Fen,
  totalFen: Fen,
})

export const BatchView = z.object({
  batch: z.int().nullable(),
  rows: z.array(
    z.object({
      enterpriseId: Id,
      name: z.string(),
      batch: z.int().nullable(),
      level: z.int().nullable(),
      investmentFen: Fen,
      diagnosisFen: Fen,
      retrofitFen: Fen,
      totalFen: Fen,
      verdict: z.enum(['passed', 'not_passed', 'blocked']),
      problem: z.string().nullable(),
    }),
  ),
  enterprises: z.int(),
  diagnosisFen: Fen,
  retrofitFen: Fen,
  totalFen: Fen,
  byBatch: z.record(z.enum(['1', '2', '3', 'unknown']), Totals),
  byLevel: z.record(z.enum(['0', '1', '2', '3', '4', 'unknown']), z.int()),
  lines: z.array(
    z.object({
      id: z.enum(['diagnosis', 'retrofit', 'total']),
      title: z.string(),
      estimatedFen: Fen,
      capFen: Fen,
      remainingFen: Fen,
      over: z.boolean(),
      overByFen: Fen,
      message: z.string(),
    }),
  ),
  anyOver: z.boolean(),
})
export type BatchView = z.infer<typeof BatchView>
