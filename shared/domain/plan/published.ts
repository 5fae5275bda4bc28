/**
 * Measures libraries and product catalogues published by the city's central service (issue 13
 * items 2–3), in the same signed form as rule profiles (shared/domain/reference/published.ts):
 *
 *   { body: { format: 'sme-dl-measures/v1', library, librarySha256, publishedAt, serverKeyId },
 *     signature: SignatureEnvelope over canonicalBytes(body) }
 *   { body: { format: 'sme-dl-products/v1', products, productsSha256, publishedAt, serverKeyId },
 *     signature: … }
 *
 * Both are immutable once published (a changed library or product list is a new id); clients
 * check them against the server key pinned at set-up before they store or use them.
 * GET /v1/measures answers `{ protocolVersion, builtIn: [{ id, hash }], published: […] }`,
 * GET /v1/products `{ protocolVersion, published: […] }`.
 */
import { z } from 'zod'
import { signatureEnvelopeSchema, sha256HexSchema } from '../bundle/schema'
import type { SignatureEnvelope } from '../bundle/types'
import type { PinnedCatalogue } from '../catalogue/types'
import { checkMeasuresLibrary } from './measures-schema'
import { checkProductCatalogue, type ProductCatalogue } from './products'
import type { MeasuresLibrary } from './types'

export const MEASURES_FORMAT_V1 = 'sme-dl-measures/v1'
export const PRODUCTS_FORMAT_V1 = 'sme-dl-products/v1'

export interface PublishedMeasuresBody {
  format: typeof MEASURES_FORMAT_V1
  library: MeasuresLibrary
  /** measuresHash(library) */
  librarySha256: string
  publishedAt: string
  serverKeyId: string
}
export interface PublishedProductsBody {
  format: typeof PRODUCTS_FORMAT_V1
  products: ProductCatalogue
  /** productsHash(products) */
  productsSha256: string
  publishedAt: string
  serverKeyId: string
}
export interface SignedMeasures {
  body: PublishedMeasuresBody
  signature: SignatureEnvelope
}
export interface SignedProducts {
  body: PublishedProductsBody
  signature: SignatureEnvelope
}

const publishedAt = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/)

const signedMeasuresSchema = z.strictObject({
  body: z.strictObject({
    format: z.literal(MEASURES_FORMAT_V1),
    library: z.unknown(),
    librarySha256: sha256HexSchema,
    publishedAt,
    serverKeyId: sha256HexSchema,
  }),
  signature: signatureEnvelopeSchema,
})
const signedProductsSchema = z.strictObject({
  body: z.strictObject({
    format: z.literal(PRODUCTS_FORMAT_V1),
    products: z.unknown(),
    productsSha256: sha256HexSchema,
    publishedAt,
    serverKeyId: sha256HexSchema,
  }),
  signature: signatureEnvelopeSchema,
})

export const measuresResponseSchema = z.object({
  protocolVersion: z.number().int(),
  builtIn: z.array(z.object({ id: z.string(), hash: sha256HexSchema })),
  published: z.array(z.unknown()),
})
export const productsResponseSchema = z.object({
  protocolVersion: z.number().int(),
  published: z.array(z.unknown()),
})

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string }

export interface SignedCheckOptions<B> {
  /** The pinned server key; absent = content and hash only (a file read without a key). */
  serverKeyId?: string
  verify?: (body: B, signature: SignatureEnvelope) => boolean
  catalogueOf: (id: string) => PinnedCatalogue | undefined
}

function firstIssue(e: z.ZodError, fallback: string): { field: string; message: string } {
  const i = e.issues[0]
  const path = i?.path.map(String).join('.') || fallback
  if (i?.code === 'unrecognized_keys')
    return { field: `${path}.${i.keys[0] ?? ''}`.replace(/^\./, ''), message: 'unknown field' }
  return { field: path, message: i?.message ?? 'invalid' }
}

function checkKey<B extends { serverKeyId: string }>(
  body: B,
  signature: SignatureEnvelope,
  opts: SignedCheckOptions<B>,
): Checked<null> {
  if (opts.serverKeyId === undefined) return { ok: true, value: null }
  if (signature.keyId !== opts.serverKeyId || body.serverKeyId !== opts.serverKeyId)
    return { ok: false, field: 'signature.keyId', message: 'not signed by the pinned server key' }
  if (!opts.verify?.(body, signature))
    return { ok: false, field: 'signature', message: 'server signature does not verify' }
  return { ok: true, value: null }
}

/**
 * Checks a signed measures library received from anywhere: shape, the pinned server key and the
 * signature (when a key is given), the library against its catalogue, and that its hash is the
 * one signed.
 */
export function checkSignedMeasures(
  raw: unknown,
  opts: SignedCheckOptions<PublishedMeasuresBody>,
): Checked<SignedMeasures> {
  const s = signedMeasuresSchema.safeParse(raw)
  if (!s.success) return { ok: false, ...firstIssue(s.error, 'measures') }
  const { body, signature } = s.data
  const l = checkMeasuresLibrary(body.library, opts.catalogueOf)
  if (!l.ok) return { ok: false, field: `body.library.${l.field}`, message: l.message }
  const typed: PublishedMeasuresBody = { ...body, library: body.library as MeasuresLibrary }
  const k = checkKey(typed, signature, opts)
  if (!k.ok) return k
  if (l.hash !== body.librarySha256)
    return {
      ok: false,
      field: 'body.librarySha256',
      message: 'does not match the library (changed after signing?)',
    }
  return { ok: true, value: { body: { ...typed, library: l.library }, signature } }
}

/** The same for a signed product catalogue. */
export function checkSignedProducts(
  raw: unknown,
  opts: SignedCheckOptions<PublishedProductsBody>,
): Checked<SignedProducts> {
  const s = signedProductsSchema.safeParse(raw)
  if (!s.success) return { ok: false, ...firstIssue(s.error, 'products') }
  const { body, signature } = s.data
  const p = checkProductCatalogue(body.products, opts.catalogueOf)
  if (!p.ok) return { ok: false, field: `body.products.${p.field}`, message: p.message }
  const typed: PublishedProductsBody = { ...body, products: body.products as ProductCatalogue }
  const k = checkKey(typed, signature, opts)
  if (!k.ok) return k
  if (p.hash !== body.productsSha256)
    return {
      ok: false,
      field: 'body.productsSha256',
      message: 'does not match the products (changed after signing?)',
    }
  return { ok: true, value: { body: { ...typed, products: p.products }, signature } }
}
