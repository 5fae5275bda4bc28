import type { Selectable } from 'kysely'

/**
 * A signed measures library or product catalogue published by the central service (migration
 * 0007); never updated.
 */
export interface ReferenceDocumentTable {
  kind: 'measures' | 'products'
  id: string
  catalogueId: string
  title: string
  /** measuresHash(library) / productsHash(products), as signed */
  sha256: string
  publishedAt: string
  /** The signed body (JSON), exactly as verified */
  bodyJson: string
  /** The SignatureEnvelope (JSON) */
  signatureJson: string
  receivedAt: string
  /** 'central' = pulled over the network, 'file' = imported from a file (USB stick) */
  source: 'central' | 'file'
}
export type ReferenceDocumentRow = Selectable<ReferenceDocumentTable>
