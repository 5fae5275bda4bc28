import type { Selectable } from 'kysely'

/** A public key of another assessor or expert known here (migration 0012). */
export interface KnownKeyTable {
  /** SHA-256 of the public key, checked before insert */
  keyId: string
  algorithm: 'Ed25519' | 'SM2-SM3'
  publicKeyPem: string
  name: string
  agency: string
  /** 'central' = the central service's key registry; 'file' = an imported public-key file */
  source: 'central' | 'file'
  addedAt: string
  updatedAt: string
}
export type KnownKeyRow = Selectable<KnownKeyTable>
