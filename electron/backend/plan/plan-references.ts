/**
 * Measures libraries and product catalogues from the city's central service on this device
 * (issue 13 items 2–3): checked against the server key pinned in sync.json before they are stored
 * (pulled or imported from a file), stored in reference_documents (migration 0007), and read back
 * for offline planning. Also the reading of such files for the CLI (`plan --measures/--products`).
 *
 * Published documents are immutable: the same id with the same hash again is a no-op, the same
 * id with other content is refused.
 */
import type { Kysely } from 'kysely'
import { fromBase64 } from '../../../shared/domain/bundle/codec'
import { canonicalBytes } from '../../../shared/domain/bundle/manifest'
import type { PublicKeyInfo, SignatureEnvelope } from '../../../shared/domain/bundle/types'
import {
  builtInMeasuresFor,
  checkMeasuresLibrary,
  checkProductCatalogue,
  checkSignedMeasures,
  checkSignedProducts,
  getBuiltInMeasures,
  type Checked,
  type PinnedMeasures,
  type ProductCatalogue,
  type SignedMeasures,
  type SignedProducts,
} from '../../../shared/domain/plan'
import { BUILT_IN } from '../../../shared/domain/reference'
import { verifySignature } from '../crypto/node-crypto'
import type { DB } from '../db/schema'
import type { ReferenceDocumentRow } from '../db/tables/reference-documents'
import type { Executor } from '../db/tx'

export type DocumentKind = 'measures' | 'products'

function verifier(serverKey: PublicKeyInfo) {
  return (body: object, signature: SignatureEnvelope): boolean => {
    if (signature.algorithm !== serverKey.algorithm) return false
    const sig = fromBase64(signature.signature)
    return !!sig && verifySignature(serverKey, canonicalBytes(body), sig)
  }
}

/** A signed measures library checked against the pinned server key; built-in ids are refused. */
export function verifySignedMeasures(
  raw: unknown,
  serverKey: PublicKeyInfo,
): Checked<SignedMeasures> {
  const c = checkSignedMeasures(raw, {
    serverKeyId: serverKey.keyId,
    verify: verifier(serverKey),
    catalogueOf: BUILT_IN.catalogue,
  })
  if (c.ok && getBuiltInMeasures(c.value.body.library.id))
    return {
      ok: false,
      field: 'body.library.id',
      message: `'${c.value.body.library.id}' is a built-in measures library of this app`,
    }
  return c
}

export function verifySignedProducts(
  raw: unknown,
  serverKey: PublicKeyInfo,
): Checked<SignedProducts> {
  return checkSignedProducts(raw, {
    serverKeyId: serverKey.keyId,
    verify: verifier(serverKey),
    catalogueOf: BUILT_IN.catalogue,
  })
}

/** The id a refusal names: the document's id when it can be read. */
export function documentIdOf(raw: unknown, kind: DocumentKind, fallback: string): string {
  const body = (raw as { body?: Record<string, { id?: unknown } | undefined> } | null)?.body
  const id = body?.[kind === 'measures' ? 'library' : 'products']?.id
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : fallback
}

export type StoreOutcome =
  | { status: 'stored' | 'present'; id: string; sha256: string }
  | { status: 'refused'; id: string; field: string; message: string }

/** Stores a verified document (inside the caller's transaction). */
export async function storeDocument(
  db: Executor,
  doc: { kind: 'measures'; signed: SignedMeasures } | { kind: 'products'; signed: SignedProducts },
  source: 'central' | 'file',
  receivedAt: string,
): Promise<StoreOutcome> {
  const body = doc.signed.body
  const [id, catalogueId, sha256, title] =
    doc.kind === 'measures'
      ? [
          doc.signed.body.library.id,
          doc.signed.body.library.catalogueId,
          doc.signed.body.librarySha256,
          doc.signed.body.library.title,
        ]
      : [
          doc.signed.body.products.id,
          doc.signed.body.products.catalogueId,
          doc.signed.body.productsSha256,
          doc.signed.body.products.title,
        ]
  const have = await db
    .selectFrom('referenceDocuments')
    .select(['sha256', 'publishedAt'])
    .where('kind', '=', doc.kind)
    .where('id', '=', id)
    .executeTakeFirst()
  if (have) {
    if (have.sha256 === sha256) return { status: 'present', id, sha256 }
    return {
      status: 'refused',
      id,
      field: `body.${doc.kind === 'measures' ? 'library' : 'products'}.id`,
      message: `'${id}' is already stored with other content (${have.sha256.slice(0, 12)}…, published ${have.publishedAt}); published ${doc.kind === 'measures' ? 'measures libraries' : 'product catalogues'} are immutable, a changed one needs a new id`,
    }
  }
  await db
    .insertInto('referenceDocuments')
    .values({
      kind: doc.kind,
      id,
      catalogueId,
      title,
      sha256,
      publishedAt: body.publishedAt,
      bodyJson: JSON.stringify(body),
      signatureJson: JSON.stringify(doc.signed.signature),
      receivedAt,
      source,
    })
    .execute()
  return { status: 'stored', id, sha256 }
}

export async function storedDocuments(
  db: Executor,
  kind: DocumentKind,
): Promise<ReferenceDocumentRow[]> {
  return db
    .selectFrom('referenceDocuments')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('publishedAt', 'desc')
    .orderBy('id')
    .execute()
}

export interface MeasuresChoice {
  pinned: PinnedMeasures
  source: 'built-in' | 'central' | 'file'
  publishedAt: string | null
}

/**
 * The measures library to plan with: `id` when given (built-in or stored), else the newest
 * published one for the catalogue, else the built-in one. A stored library is checked again
 * (it must still fit this build); undefined when `id` is unknown.
 */
export async function chooseMeasures(
  db: Kysely<DB>,
  catalogueId: string,
  id?: string,
): Promise<MeasuresChoice | undefined> {
  const builtIn = id ? getBuiltInMeasures(id) : undefined
  if (builtIn) return { pinned: builtIn, source: 'built-in', publishedAt: null }
  for (const row of await storedDocuments(db, 'measures')) {
    if (row.catalogueId !== catalogueId || (id && row.id !== id)) continue
    const body = JSON.parse(row.bodyJson) as { library?: unknown }
    const c = checkMeasuresLibrary(body.library, BUILT_IN.catalogue)
    if (!c.ok) continue
    return {
      pinned: { library: c.library, hash: c.hash },
      source: row.source,
      publishedAt: row.publishedAt,
    }
  }
  if (id) return undefined
  const fallback = builtInMeasuresFor(catalogueId)
  return fallback ? { pinned: fallback, source: 'built-in', publishedAt: null } : undefined
}

/** The newest stored product catalogue for the indicator catalogue, or null. */
export async function latestProducts(
  db: Kysely<DB>,
  catalogueId: string,
): Promise<{ products: ProductCatalogue; sha256: string; publishedAt: string } | null> {
  for (const row of await storedDocuments(db, 'products')) {
    if (row.catalogueId !== catalogueId) continue
    const body = JSON.parse(row.bodyJson) as { products?: unknown }
    const c = checkProductCatalogue(body.products, BUILT_IN.catalogue)
    if (c.ok) return { products: c.products, sha256: c.hash, publishedAt: row.publishedAt }
  }
  return null
}

/**
 * A measures or products file outside the database (the CLI): a signed export of the central
 * service (checked with the server key when given, else content and hash only) or the plain
 * library / catalogue JSON. Throws naming the file and the field.
 */
export function documentFromFile<K extends DocumentKind>(
  kind: K,
  name: string,
  text: string,
  serverKey?: PublicKeyInfo,
): K extends 'measures' ? PinnedMeasures : { products: ProductCatalogue; sha256: string } {
  type R = K extends 'measures' ? PinnedMeasures : { products: ProductCatalogue; sha256: string }
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new Error(`${name}: not valid JSON`)
  }
  const signed = typeof raw === 'object' && raw !== null && 'body' in raw
  if (!signed && serverKey)
    throw new Error(`${name}: not a signed file (a --server-key needs the signed export)`)
  const opts = {
    catalogueOf: BUILT_IN.catalogue,
    ...(serverKey ? { serverKeyId: serverKey.keyId, verify: verifier(serverKey) } : {}),
  }
  if (kind === 'measures') {
    if (signed) {
      const c = checkSignedMeasures(raw, opts)
      if (!c.ok) throw new Error(`${name}: ${c.field}: ${c.message}`)
      return { library: c.value.body.library, hash: c.value.body.librarySha256 } as R
    }
    const c = checkMeasuresLibrary(raw, BUILT_IN.catalogue)
    if (!c.ok) throw new Error(`${name}: ${c.field}: ${c.message}`)
    return { library: c.library, hash: c.hash } as R
  }
  if (signed) {
    const c = checkSignedProducts(raw, opts)
    if (!c.ok) throw new Error(`${name}: ${c.field}: ${c.message}`)
    return { products: c.value.body.products, sha256: c.value.body.productsSha256 } as R
  }
  const c = checkProductCatalogue(raw, BUILT_IN.catalogue)
  if (!c.ok) throw new Error(`${name}: ${c.field}: ${c.message}`)
  return { products: c.products, sha256: c.hash } as R
}

/** What a pull or import did with the documents of one kind. */
export interface DocumentOutcomes {
  stored: string[]
  present: string[]
  refused: { id: string; field: string; message: string }[]
}

export type VerifiedDocument =
  { kind: 'measures'; signed: SignedMeasures } | { kind: 'products'; signed: SignedProducts }

/** Checks every raw document of a kind against the pinned key; refusals are named. */
export function verifyDocuments(
  kind: DocumentKind,
  raws: readonly unknown[],
  serverKey: PublicKeyInfo,
): { verified: VerifiedDocument[]; refused: DocumentOutcomes['refused'] } {
  const verified: VerifiedDocument[] = []
  const refused: DocumentOutcomes['refused'] = []
  for (const [i, raw] of raws.entries()) {
    const c =
      kind === 'measures'
        ? verifySignedMeasures(raw, serverKey)
        : verifySignedProducts(raw, serverKey)
    if (c.ok) verified.push({ kind, signed: c.value } as VerifiedDocument)
    else
      refused.push({
        id: documentIdOf(raw, kind, `published.${i}`),
        field: c.field,
        message: c.message,
      })
  }
  return { verified, refused }
}

/** Stores verified documents (inside the caller's transaction) and says what happened to each. */
export async function storeDocuments(
  db: Executor,
  docs: readonly VerifiedDocument[],
  refusedBefore: DocumentOutcomes['refused'],
  source: 'central' | 'file',
  receivedAt: string,
): Promise<DocumentOutcomes> {
  const out: DocumentOutcomes = { stored: [], present: [], refused: [...refusedBefore] }
  for (const d of docs) {
    const r = await storeDocument(db, d, source, receivedAt)
    if (r.status === 'refused') out.refused.push({ id: r.id, field: r.field, message: r.message })
    else out[r.status].push(r.id)
  }
  return out
}
