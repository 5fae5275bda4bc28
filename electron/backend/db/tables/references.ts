import type { Generated, Selectable } from 'kysely'

/** A signed rule profile published by the central service (migration 0004); never updated. */
export interface ReferenceRuleProfileTable {
  id: string
  catalogueId: string
  /** ruleProfileHash(profile), as signed */
  profileSha256: string
  publishedAt: string
  /** The signed body (JSON), exactly as verified */
  bodyJson: string
  /** The SignatureEnvelope (JSON) */
  signatureJson: string
  receivedAt: string
  /** 'central' = pulled over the network, 'file' = imported from a file (USB stick) */
  source: 'central' | 'file'
}
export type ReferenceRuleProfileRow = Selectable<ReferenceRuleProfileTable>

/** An enterprise assigned to this assessor, as last pulled from the central service. */
export interface SyncAssignmentTable {
  enterpriseId: string
  enterpriseName: string
  uscc: string | null
  county: string | null
  industry: string | null
  batch: number | null
  kind: string | null
  fetchedAt: string
}
export type SyncAssignmentRow = Selectable<SyncAssignmentTable>

/** One successful sync.pull. */
export interface SyncPullTable {
  id: Generated<number>
  pulledAt: string
  serverUrl: string
  assignments: number
  profilesStored: number
  /** JSON array of { id, field, message } */
  refusedJson: Generated<string>
}
