/**
 * The one UI↔backend contract (style.md §8.3): method → zod input/output schemas.
 * A flat map: others add methods with small edits ('reports.*', 'keys.*', 'bundles.*', 'sync.*').
 * Every method may fail with VALIDATION (bad input, message names the field) and INTERNAL.
 * Writes to a completed or signed assessment fail with READ_ONLY.
 */
import type { z } from 'zod'
import type { AppError } from './errors'
import { AppInfo, CatalogueInfo } from './schemas/app'
import {
  AssessmentDetail,
  AssessmentList,
  ById,
  CompareInput,
  CompareResult,
  CorrectInput,
  CreateAssessmentInput,
  ListAssessmentsInput,
  SetAnswerInput,
  SetAnswerResult,
  SetNoteInput,
  SetNoteResult,
  SetSceneInput,
  SetSceneResult,
  UpdateAssessmentInfoInput,
  UpdateSurveyInput,
  UpdateSurveyResult,
} from './schemas/assessment'
import {
  AcceptPlanInput,
  AddMeasureInput,
  AdviceInput,
  AdviceView,
  HomogeneityView,
  MeasureRefInput,
  SetFindingInput,
  SetProductsInput,
  StepRefInput,
  UpdateMeasureInput,
} from './schemas/advice'
import { AuditList, ListAuditInput } from './schemas/audit'
import { ProfileResult, SetProfileInput } from './schemas/profile'
import {
  ExportKeyCardResult,
  ImportKeyFileInput,
  ImportKeyFileResult,
  KnownKeyList,
  PullRegistryResult,
} from './schemas/key-registry'
import { BackupInfo, CreateBackupInput, RestoreBackupInput, RestoreResult } from './schemas/backup'
import {
  ListReportsInput,
  RecheckReportInput,
  RenderReportInput,
  RenderReportResult,
  ReportRegistryList,
} from './schemas/reports'
import {
  ImportRuleProfileInput,
  ImportRuleProfileResult,
  RuleProfileEntryList,
  StoredAssignmentList,
  SyncPullResult,
} from './schemas/references'
import {
  ComputePlanInput,
  ImportDocumentInput,
  ImportDocumentResult,
  PlanDocumentList,
  PlanView,
} from './schemas/plan'
import {
  ClearDecisionInput,
  ConsolidateResult,
  CreatePanelInput,
  DecideInput,
  ImportScoringInput,
  ImportScoringResult,
  PanelIdInput,
  PanelList,
  PanelReportInput,
  PanelReportResult,
  PanelSignResult,
  PanelVerifyResult,
  PanelView,
  RecheckDiffInput,
  RecheckDiffResult,
  RecheckEvidenceContent,
  RecheckEvidenceInput,
  RecheckIdInput,
  RecheckImportInput,
  RecheckImportResult,
  RecheckList,
  RecheckOriginal,
} from './schemas/panel'
import { Empty } from './schemas/common'
import {
  Enterprise,
  EnterpriseFields,
  EnterpriseList,
  IdentityChangeList,
  ListEnterprisesInput,
  LocateEnterpriseInput,
  LocateEnterpriseResult,
  UpdateEnterpriseInput,
} from './schemas/enterprise'
import {
  ExportedFile,
  ImportCommitInput,
  ImportCommitResult,
  ImportFileInput,
  ImportPreview,
} from './schemas/enterprise-import'
import {
  BundleIdInput,
  BundleList,
  BundleSummary,
  CreateBundleInput,
  ChangeKeyProtectionInput,
  CreateKeyInput,
  ExportBundleResult,
  ImportBundleInput,
  ImportBundleResult,
  KeysStatus,
  SyncConfigureInput,
  SyncRegisterInput,
  SyncRunInput,
  SyncRunResult,
  SyncStatus,
  UnlockKeyInput,
} from './schemas/sync'
import {
  BatchView,
  BatchViewInput,
  DossierAddFileInput,
  DossierFileMeta,
  DossierGetInput,
  DossierSetItemInput,
  DossierView,
  LedgerAddInput,
  LedgerImportInput,
  LedgerImportPreview,
  LedgerImportResult,
  LedgerRemoveInput,
  LedgerUpdateInput,
} from './schemas/dossier'
import {
  AddEvidenceInput,
  EvidenceContent,
  EvidenceList,
  EvidenceMeta,
  ListEvidenceInput,
  RemoveEvidenceResult,
} from './schemas/evidence'

export const api = {
  /** App name, version, data directory, schema version, pinned catalogue. Never fails. */
  'app.info': { input: Empty, output: AppInfo },
  /** The MIIT-2024 catalogue with its content hash and the available rule profiles. */
  'catalogue.get': { input: Empty, output: CatalogueInfo },

  /** One page of the register: search (text or pinyin), filters, order (拼音 by default). */
  'enterprises.list': { input: ListEnterprisesInput, output: EnterpriseList },
  /** The 0-based position of one enterprise under the same filters and order (null = filtered out). */
  'enterprises.locate': { input: LocateEnterpriseInput, output: LocateEnterpriseResult },
  /** One enterprise. NOT_FOUND. */
  'enterprises.get': { input: ById, output: Enterprise },
  /** Create; USCC check character verified (VALIDATION), duplicate USCC → CONFLICT. */
  'enterprises.create': { input: EnterpriseFields, output: Enterprise },
  /** Partial update; same checks as create. NOT_FOUND, CONFLICT. A change of USCC, name or batch is recorded; once the enterprise has a completed or signed assessment it needs a `reason` (VALIDATION 'reason' naming the field). */
  'enterprises.update': { input: UpdateEnterpriseInput, output: Enterprise },
  /** The recorded USCC/name/batch changes of an enterprise, oldest first, and whether a reason is required now. NOT_FOUND. */
  'enterprises.identityChanges': { input: ById, output: IdentityChangeList },
  /** Parse a .csv (UTF-8 or GB18030/GBK) or .xlsx city list: per row new / update (with its changes) / unchanged / error naming the column. Writes nothing. */
  'enterprises.importPreview': { input: ImportFileInput, output: ImportPreview },
  /** Writes the new rows and the confirmed updates in one transaction; rows with errors refuse the file (VALIDATION) unless skipInvalid; a confirmed update changed since the preview → CONFLICT. */
  'enterprises.importCommit': { input: ImportCommitInput, output: ImportCommitResult },
  /** The rows of a file that cannot be imported, as .xlsx: row number, column, reason, the original values. */
  'enterprises.importErrors': { input: ImportFileInput, output: ExportedFile },
  /** The import template (.xlsx): the header row, one example row, the allowed values. */
  'enterprises.importTemplate': { input: Empty, output: ExportedFile },

  /** Assessment summaries with live total/level; superseded versions hidden unless asked. */
  'assessments.list': { input: ListAssessmentsInput, output: AssessmentList },
  /** New draft pinned to MIIT-2024 id + hash and a rule profile. NOT_FOUND (enterprise). */
  'assessments.create': { input: CreateAssessmentInput, output: AssessmentDetail },
  /** Everything about one assessment plus the live result. NOT_FOUND. */
  'assessments.get': { input: ById, output: AssessmentDetail },
  /** Assessor name/agency/date. READ_ONLY unless draft. */
  'assessments.updateInfo': { input: UpdateAssessmentInfoInput, output: AssessmentDetail },
  /** Save one answer (validated against the catalogue); resolves only after commit. Idempotent. */
  'assessments.setAnswer': { input: SetAnswerInput, output: SetAnswerResult },
  /** Save one scene level 0–4 (null clears); resolves after commit. Idempotent. */
  'assessments.setScene': { input: SetSceneInput, output: SetSceneResult },
  /** Note and/or data-entry field values of a question or scene (fields: questions only). */
  'assessments.setNote': { input: SetNoteInput, output: SetNoteResult },
  /** Replace the site-survey record (date, people, observations). */
  'assessments.updateSurvey': { input: UpdateSurveyInput, output: UpdateSurveyResult },
  /** draft → completed; VALIDATION listing unanswered items if incomplete; READ_ONLY otherwise. */
  'assessments.complete': { input: ById, output: AssessmentDetail },
  /** New draft version of a completed/signed one, copying answers/scenes/survey/evidence; names `supersedes` + reason. CONFLICT if already corrected or still draft. */
  'assessments.correct': { input: CorrectInput, output: AssessmentDetail },
  /** Latest diagnosis vs latest acceptance of an enterprise: score/level deltas, scenes that moved. */
  'assessments.compare': { input: CompareInput, output: CompareResult },

  /** Attach a file (≤ limit, TOO_LARGE names it) to Qxx/SCxx/'survey'; stored by SHA-256. READ_ONLY. */
  'evidence.add': { input: AddEvidenceInput, output: EvidenceMeta },
  /** Evidence of an assessment, optionally of one item. */
  'evidence.list': { input: ListEvidenceInput, output: EvidenceList },
  /** Detach one evidence row (the stored file is kept). READ_ONLY, NOT_FOUND. */
  'evidence.remove': { input: ById, output: RemoveEvidenceResult },
  /** Bytes (base64) + sniffed mime type; images are shown scaled by the UI as thumbnails. */
  'evidence.content': { input: ById, output: EvidenceContent },

  /** 一企一档: checklist, ledger, totals, subsidy (batch + latest acceptance level), verdict. NOT_FOUND. */
  'dossier.get': { input: DossierGetInput, output: DossierView },
  /** Records one checklist item: attached (fileIds) / missing or waived (reason; mandatory items cannot be waived). */
  'dossier.setItem': { input: DossierSetItemInput, output: DossierView },
  /** Stores a dossier file by SHA-256 (TOO_LARGE names it); attach it with setItem or a ledger row. */
  'dossier.addFile': { input: DossierAddFileInput, output: DossierFileMeta },
  /** Estimates of all (or one batch's) enterprises vs the plan's budget lines. */
  'dossier.batchView': { input: BatchViewInput, output: BatchView },
  /** Adds an invoice row; a duplicate invoice number → CONFLICT naming the existing row. */
  'ledger.add': { input: LedgerAddInput, output: DossierView },
  /** Partial update of a row; same checks. NOT_FOUND, CONFLICT. */
  'ledger.update': { input: LedgerUpdateInput, output: DossierView },
  'ledger.remove': { input: LedgerRemoveInput, output: DossierView },
  /** Parse a .xlsx/.csv ledger; per-row errors name row and field. Writes nothing. */
  'ledger.importPreview': { input: LedgerImportInput, output: LedgerImportPreview },
  /** All-or-nothing import of the same file (VALIDATION/CONFLICT if any row is bad). */
  'ledger.importCommit': { input: LedgerImportInput, output: LedgerImportResult },

  /** The assessor profile of this device (name, agency, default certificate); null before the first start asked for it. */
  'profile.get': { input: Empty, output: ProfileResult },
  /** Sets it; a new certificate is opened with its password first (VALIDATION 'certificate.password'); the password is not stored. */
  'profile.set': { input: SetProfileInput, output: ProfileResult },

  /** Public keys of other assessors/experts known here (by name and agency). */
  'keyRegistry.list': { input: Empty, output: KnownKeyList },
  /** Adds a key from a public-key file: the card exported by keys.exportCard (names its holder), the CLI's export-public JSON or a bare PEM (then `name` is required). VALIDATION names the problem. */
  'keyRegistry.importFile': { input: ImportKeyFileInput, output: ImportKeyFileResult },
  /** Pulls the approved keys of the central service's registry (GET /v1/registry). VALIDATION 'serverUrl' without a server; CONFLICT when unreachable. */
  'keyRegistry.pull': { input: Empty, output: PullRegistryResult },
  /** This device's public key with the profile's name and agency, as a file for a panel lead. */
  'keys.exportCard': { input: Empty, output: ExportKeyCardResult },

  /** Append-only audit log, newest first. */
  'audit.list': { input: ListAuditInput, output: AuditList },

  /** One encrypted backup file (database + evidence, manifest with checksums). DISK_FULL, READ_ONLY_STORAGE. */
  'backup.create': { input: CreateBackupInput, output: BackupInfo },
  /** Verifies the whole backup (decrypt, every checksum, integrity_check) BEFORE replacing anything; WRONG_KEY for another key's backup, VALIDATION 'path' when damaged. */
  'backup.restore': { input: RestoreBackupInput, output: RestoreResult },

  /** 诊断报告 / 验收评价: model (preview) + PDF (base64), PAdES-signed with a .p12 if given. VALIDATION names the field (investmentFen, beforeBundleId, kind, issuedOn, sign, sign.password, enterprise.batch). A formal report is recorded in the report registry. NOT_FOUND. */
  'reports.render': { input: RenderReportInput, output: RenderReportResult },
  /** The report registry: every formal report printed here (number, kind, hash, assessment, signer, time). */
  'reports.list': { input: ListReportsInput, output: ReportRegistryList },

  /** The device signing key: public part and whether it is unlocked this session. */
  'keys.status': { input: Empty, output: KeysStatus },
  /** Creates the device key (Ed25519 default, SM2-SM3 option), protected by the passphrase or the OS key store (Electron). CONFLICT when one exists; VALIDATION 'protection' when the OS key store is unavailable. */
  'keys.create': { input: CreateKeyInput, output: KeysStatus },
  /** Unlocks the key for this session (an OS-key-store key needs no passphrase). VALIDATION 'passphrase' when wrong. */
  'keys.unlock': { input: UnlockKeyInput, output: KeysStatus },
  /** Forgets the unlocked key. */
  'keys.lock': { input: Empty, output: KeysStatus },
  /** Moves the key between passphrase and OS key store, or changes the passphrase; key id unchanged. VALIDATION names currentPassphrase/newPassphrase/protection. */
  'keys.changeProtection': { input: ChangeKeyProtectionInput, output: KeysStatus },

  /** Signs a completed assessment + evidence into a .dlbundle (marks it signed); idempotent per assessment; a correction names the replaced bundle. VALIDATION (draft, key locked). */
  'bundles.create': { input: CreateBundleInput, output: BundleSummary },
  /** Signed bundles held on this device, with outbox state, reason and receipt. */
  'bundles.list': { input: Empty, output: BundleList },
  'bundles.get': { input: BundleIdInput, output: BundleSummary },
  /** Imports a .dlbundle file (USB) after full verification; VALIDATION names what changed. */
  'bundles.import': { input: ImportBundleInput, output: ImportBundleResult },
  /** A bundle as a file to carry (USB). */
  'bundles.export': { input: BundleIdInput, output: ExportBundleResult },

  /** Sets the central service URL and pins its receipt key. CONFLICT when unreachable. */
  'sync.configure': { input: SyncConfigureInput, output: SyncStatus },
  /** Registers the device key at the central service (pending until approved). */
  'sync.register': { input: SyncRegisterInput, output: SyncStatus },
  /** Server, key status at the server, outbox counts per state. */
  'sync.status': { input: Empty, output: SyncStatus },
  /** Sends every due bundle once (evidence first, resumable), keeps receipts; retries with backoff. */
  'sync.run': { input: SyncRunInput, output: SyncRunResult },
  /** Puts a rejected bundle back in the queue. */
  'sync.requeue': { input: BundleIdInput, output: BundleSummary },
  /** Queues a bundle held here (e.g. an imported one) for sending. */
  'sync.enqueue': { input: BundleIdInput, output: BundleSummary },
  /** Fetches this assessor's assignments and the published rule profiles (each verified against the pinned server key; new ones stored, same id with other content refused and listed). Key must be unlocked. CONFLICT when unreachable. */
  'sync.pull': { input: Empty, output: SyncPullResult },
  /** The assignments as last pulled, with when (stored here; works offline). */
  'sync.assignments': { input: Empty, output: StoredAssignmentList },
  /** Built-in rule profiles and those published by the central service, with source, hash, dates. */
  'references.ruleProfiles': { input: Empty, output: RuleProfileEntryList },
  /** A signed rule-profile file (USB stick): the same checks as sync.pull; VALIDATION names the field. */
  'references.importRuleProfile': {
    input: ImportRuleProfileInput,
    output: ImportRuleProfileResult,
  },

  /** 一企一策: the least-effort item changes that reach the target level (二级 by default), re-scored and irreducible, with measures (参考), matching products, score/level after and the projected subsidy for the enterprise's batch; unreachable targets say why. NOT_FOUND; VALIDATION names measuresId / exclude. */
  'plan.compute': { input: ComputePlanInput, output: PlanView },
  /** 诊断建议 of a diagnosis: findings per scene, the accepted plan, its live projection (score/level after, investment, projected subsidy), timeline, findings still missing for a formal report. NOT_FOUND. */
  'advice.get': { input: AdviceInput, output: AdviceView },
  /** 现状 / 痛点问题 / 需求 of one scene (the fields given; the others kept). READ_ONLY. */
  'advice.setFinding': { input: SetFindingInput, output: AdviceView },
  /** Computes the least-effort plan for the target (as plan.compute) and stores it as the editable plan, replacing any earlier one. READ_ONLY; VALIDATION names target / measuresId / exclude. */
  'advice.acceptPlan': { input: AcceptPlanInput, output: AdviceView },
  /** Removes the accepted plan (findings stay). READ_ONLY. */
  'advice.clearPlan': { input: AdviceInput, output: AdviceView },
  /** Edits one measure: title, text, investment estimate (fen), duration. READ_ONLY, NOT_FOUND measureId. */
  'advice.updateMeasure': { input: UpdateMeasureInput, output: AdviceView },
  /** Adds the assessor's own measure to a plan step. READ_ONLY; VALIDATION item (not a step of the plan). */
  'advice.addMeasure': { input: AddMeasureInput, output: AdviceView },
  'advice.removeMeasure': { input: MeasureRefInput, output: AdviceView },
  /** Removes a step (and its measures) from the plan; the projection then says whether the target is still met. */
  'advice.removeStep': { input: StepRefInput, output: AdviceView },
  /** Replaces a step's products (suggested ones kept or removed, the assessor's own added). */
  'advice.setProducts': { input: SetProductsInput, output: AdviceView },
  /** Findings and plan text compared with other enterprises' diagnoses on this device (character trigrams, HOMOGENEITY_POLICY): the near-identical ones, named. */
  'advice.homogeneity': { input: AdviceInput, output: HomogeneityView },
  /** Measures libraries (built-in + published) and product catalogues held on this device. */
  'references.planDocuments': { input: Empty, output: PlanDocumentList },
  /** A signed measures library or product catalogue file (export-measures / export-products, USB stick): checked against the pinned server key like a pulled one; VALIDATION names the field, CONFLICT when the id is stored with other content. */
  'references.importDocument': { input: ImportDocumentInput, output: ImportDocumentResult },

  /** An acceptance review with its expert panel (lead + experts with their key ids). NOT_FOUND enterprise. */
  'panel.create': { input: CreatePanelInput, output: PanelView },
  'panel.list': { input: Empty, output: PanelList },
  /** Members, which scorings arrived, per item who chose what, divergences, the consolidation so far. */
  'panel.get': { input: PanelIdInput, output: PanelView },
  /** An expert's signed .dlbundle: verified (signature, evidence, catalogue), signer must be a member. VALIDATION names what failed. */
  'panel.importScoring': { input: ImportScoringInput, output: ImportScoringResult },
  /** The lead's decision on an item, with its mandatory reason. */
  'panel.decide': { input: DecideInput, output: PanelView },
  'panel.clearDecision': { input: ClearDecisionInput, output: PanelView },
  /** The consolidated result and the record to sign, or the unresolved items. */
  'panel.consolidate': { input: PanelIdInput, output: ConsolidateResult },
  /** The lead's key signs the consolidated bundle carrying the panel record and every expert's bundle. */
  'panel.sign': { input: PanelIdInput, output: PanelSignResult },
  /** Re-verifies every stored expert bundle and the signed panel record. */
  'panel.verify': { input: PanelIdInput, output: PanelVerifyResult },
  /** The panel's 验收评价 PDF. */
  'panel.report': { input: PanelReportInput, output: PanelReportResult },
  /** 复核: a signed bundle becomes the base of a new 'recheck' assessment seeded with its answers; a bundle imported before returns its existing recheck (`existing: true`), nothing new is made. */
  'recheck.import': { input: RecheckImportInput, output: RecheckImportResult },
  /** The rechecks on this device with their enterprise, status and signed original, newest first. */
  'recheck.list': { input: Empty, output: RecheckList },
  /** The signed original's answers, notes and evidence list (read-only, from the stored bundle). NOT_FOUND. */
  'recheck.original': { input: RecheckIdInput, output: RecheckOriginal },
  /** One evidence file of the signed original, from the stored bundle. NOT_FOUND. */
  'recheck.originalEvidence': { input: RecheckEvidenceInput, output: RecheckEvidenceContent },
  /** Items and scenes changed, score and level delta between the bundle and the recheck. */
  'recheck.diff': { input: RecheckDiffInput, output: RecheckDiffResult },
  /** The 数字化水平复核报告 (signed original vs re-score, changes, conclusion) as model + PDF, PAdES-signed with a .p12 if given. NOT_FOUND when not a recheck from a bundle. */
  'recheck.report': { input: RecheckReportInput, output: RenderReportResult },
} as const

export type Api = typeof api
export type Method = keyof Api
/** What a service receives (after parsing: defaults applied). */
export type Input<M extends Method> = z.output<Api[M]['input']>
/** What a caller may send (before parsing: defaulted fields optional). */
export type CallInput<M extends Method> = z.input<Api[M]['input']>
export type Output<M extends Method> = z.output<Api[M]['output']>
export type ApiImpl = { [M in Method]: (input: Input<M>) => Promise<Output<M>> }
export type Wire<T> = { ok: true; value: T } | { ok: false; error: AppError }

export const methods = Object.keys(api) as Method[]
export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(api, name)
}
