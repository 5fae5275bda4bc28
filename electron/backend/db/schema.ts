import type {
  AdviceFindingTable,
  AdviceMeasureTable,
  AdvicePlanTable,
  AdviceStepTable,
} from './tables/advice'
import type { AnswerTable } from './tables/answers'
import type { AssessorProfileTable } from './tables/assessor-profile'
import type { AssessmentTable } from './tables/assessments'
import type { AuditChainTable } from './tables/audit-chain'
import type { AuditLogTable } from './tables/audit-log'
import type { DossierFileTable, DossierItemTable, LedgerRowTable } from './tables/dossier'
import type { EnterpriseTable } from './tables/enterprises'
import type { EvidenceTable } from './tables/evidence'
import type { IdentityChangeTable } from './tables/identity-changes'
import type { KnownKeyTable } from './tables/known-keys'
import type {
  ReferenceRuleProfileTable,
  SyncAssignmentTable,
  SyncPullTable,
} from './tables/references'
import type { ReportRegistryTable } from './tables/report-registry'
import type {
  PanelDecisionTable,
  PanelReviewTable,
  PanelScoringTable,
  RecheckBaseTable,
} from './tables/panel'
import type { ReferenceDocumentTable } from './tables/reference-documents'
import type { SceneJudgementTable } from './tables/scene-judgements'
import type { SyncBundleTable, SyncOutboxTable } from './tables/sync'

/** The local database. Table names are the SQL names; columns camelCase (CamelCasePlugin). */
export interface DB {
  enterprises: EnterpriseTable
  assessments: AssessmentTable
  answers: AnswerTable
  sceneJudgements: SceneJudgementTable
  evidence: EvidenceTable
  auditLog: AuditLogTable
  auditChain: AuditChainTable
  dossierFiles: DossierFileTable
  dossierItems: DossierItemTable
  ledgerRows: LedgerRowTable
  referenceRuleProfiles: ReferenceRuleProfileTable
  syncAssignments: SyncAssignmentTable
  syncPulls: SyncPullTable
  syncOutbox: SyncOutboxTable
  syncBundles: SyncBundleTable
  panelReviews: PanelReviewTable
  panelScorings: PanelScoringTable
  panelDecisions: PanelDecisionTable
  recheckBases: RecheckBaseTable
  referenceDocuments: ReferenceDocumentTable
  reportRegistry: ReportRegistryTable
  assessorProfile: AssessorProfileTable
  enterpriseIdentityChanges: IdentityChangeTable
  knownKeys: KnownKeyTable
  adviceFindings: AdviceFindingTable
  advicePlans: AdvicePlanTable
  adviceSteps: AdviceStepTable
  adviceMeasures: AdviceMeasureTable
}
