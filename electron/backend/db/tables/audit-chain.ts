import type { Selectable } from 'kysely'

/**
 * One hash-chain link per audit_log row (migration 0002). Append-only; a new link must extend
 * the chain tip (triggers). Written only by audit/chain.ts.
 */
export interface AuditChainTable {
  auditId: number
  /** hash of the previous link; 64 zeros for the first row */
  prevHash: string
  /** SHA-256 hex of canonical JSON { prevHash, id, at, actor, action, entity, entityId, detail } */
  hash: string
}
export type AuditChainRow = Selectable<AuditChainTable>
