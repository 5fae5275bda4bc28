/**
 * The acceptance dossier (一企一档, issue 8): the materials checklist a city requires, the
 * enterprise's investment ledger, and what they support. Pure data. Money is integer fen.
 */
import type { OverallLevel } from '../scoring/types'

/** Ledger categories (pilot plan §17). Which are eligible is data in the template. */
export type LedgerCategory = 'software' | 'cloud' | 'data_equipment' | 'consulting' | 'other'

export const LEDGER_CATEGORIES: readonly LedgerCategory[] = [
  'software',
  'cloud',
  'data_equipment',
  'consulting',
  'other',
]

export interface LedgerCategoryRule {
  id: LedgerCategory
  /** 软件 / 云服务 / … */
  label: string
  /** Counts towards the actual eligible investment (实际投入) that the subsidy is a share of. */
  eligible: boolean
  /** Why, citing the policy clause. */
  basis: string
}

export interface DossierItemTemplate {
  /** Stable id, e.g. 'retrofit_contract'. */
  id: string
  /** 企业数字化改造合同 */
  title: string
  /** A missing mandatory item blocks a 'passed' verdict; it cannot be waived. */
  mandatory: boolean
  description: string
  /** Where the requirement comes from (reference §6.2 sources). */
  source: string
}

/** A versioned checklist template; a city changes it by issuing a new version. */
export interface DossierTemplate {
  id: string
  version: string
  title: string
  /** The subsidy policy this dossier feeds, e.g. 'Hebi-2024'. */
  policyId: string
  /** The acceptance level a 'passed' verdict needs (二级及以上 → 2). */
  passLevel: Exclude<OverallLevel, 0>
  items: DossierItemTemplate[]
  ledgerCategories: LedgerCategoryRule[]
  note: string
}

export type ChecklistState = 'attached' | 'missing' | 'waived'

/** What the assessor recorded for one checklist item. */
export interface ChecklistEntry {
  itemId: string
  state: ChecklistState
  /** 'attached': the SHA-256 (lowercase hex) of each evidence file, at least one. */
  evidenceSha256?: string[]
  /** Mandatory for 'missing' and 'waived'; an optional note for 'attached'. */
  reason?: string
}

export interface ChecklistItemStatus {
  id: string
  title: string
  mandatory: boolean
  state: ChecklistState
  evidenceSha256?: string[]
  reason?: string
  /** true when no entry was recorded for the item (it counts as missing). */
  unrecorded: boolean
}

export interface ChecklistStatus {
  templateId: string
  templateVersion: string
  items: ChecklistItemStatus[]
  /** Ids of mandatory items that are not attached, in template order. */
  missingMandatory: string[]
  /** true when every mandatory item is attached. */
  complete: boolean
  /** Chinese, one per missing mandatory item, e.g. 「缺少必备材料“企业数字化改造合同”（原因：…）」 */
  messages: string[]
}

export type AcceptanceVerdict = 'passed' | 'not_passed' | 'blocked'

export interface VerdictDecision {
  verdict: AcceptanceVerdict
  passed: boolean
  /** Chinese, the first line is the conclusion. */
  messages: string[]
}

/** One invoice of the investment ledger (投入清单). */
export interface LedgerRow {
  invoiceNo: string
  /** Invoice date, YYYY-MM-DD. */
  date: string
  supplier: string
  /** Integer fen, > 0. */
  amountFen: number
  category: LedgerCategory
  /** SHA-256 of the invoice evidence file. */
  invoiceEvidence?: string
  /** SHA-256 of the payment proof (付款凭证). */
  paymentEvidence?: string
  note?: string
}

export interface LedgerError {
  /** 1-based row number. */
  row: number
  field:
    | 'invoiceNo'
    | 'date'
    | 'supplier'
    | 'amountFen'
    | 'category'
    | 'invoiceEvidence'
    | 'paymentEvidence'
    | 'row'
  /** Chinese, names row and field, e.g. 「第 3 行 金额：必须是大于 0 的整数（分），实际为 12.5」 */
  message: string
}

export interface CategoryTotal {
  label: string
  eligible: boolean
  count: number
  amountFen: number
}

export interface LedgerTotals {
  /** Sum of rows in eligible categories: the actual eligible investment. */
  eligibleFen: number
  ineligibleFen: number
  totalFen: number
  byCategory: Record<LedgerCategory, CategoryTotal>
  rowCount: number
  /** Eligible rows lacking invoice or payment evidence (1-based) and their amount. */
  unevidenced: { rows: number[]; amountFen: number }
}
