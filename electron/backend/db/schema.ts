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
import type { SceneJudgementTable } from './tables/scene-judgements'

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
  assessorProfile: AssessorProfileTable
  enterpriseIdentityChanges: IdentityChangeTable
  knownKeys: KnownKeyTable
}
