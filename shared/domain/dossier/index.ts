export type * from './types'
export { LEDGER_CATEGORIES } from './types'
export { HEBI_2024_DOSSIER_TEMPLATE, DOSSIER_TEMPLATES, getDossierTemplate } from './template'
export { checklistStatus, acceptanceVerdict, isSha256Hex } from './checklist'
export {
  validateLedger,
  ledgerTotals,
  ledgerSummaryLines,
  ledgerRowsFromRecords,
  yuanToFen,
  parseCategory,
  isIsoDate,
  invoiceKey,
  LEDGER_HEADERS,
} from './ledger'
export {
  dossierSubsidy,
  batchBudgetView,
  HEBI_2024_BUDGET,
  type DossierSubsidyInput,
  type DossierSubsidyStep,
  type DossierSubsidy,
  type BatchBudget,
  type EnterpriseEstimate,
  type BudgetLineView,
  type BatchTotals,
  type BatchBudgetView,
} from './subsidy'
export {
  dossierManifest,
  verifyDossierManifest,
  dossierEvidence,
  DossierManifestSchema,
  DOSSIER_MANIFEST_FORMAT_V1,
  type DossierManifest,
} from './manifest'
