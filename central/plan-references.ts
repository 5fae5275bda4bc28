/**
 * Measures libraries (措施库) and 小快轻准 product catalogues published by the city administrator
 * (issue 13 items 2–3), as the central service keeps and serves them: checked, signed by the
 * server key (sme-dl-measures/v1, sme-dl-products/v1 in shared/domain/plan/published.ts), stored
 * in published_documents (central migration 0005), served on GET /v1/measures and
 * GET /v1/products for sync.pull (routes/plan-references.ts), and exported as files for laptops without network. Immutable once published: the
 * same id with the same content is a no-op, with other content refused (publish a new id).
 *
 * Product catalogues come from a table the administrator keeps in Excel: .csv (UTF-8, or GBK /
 * GB18030 as Excel on Chinese Windows writes it) or .xlsx, with every bad cell named by row and
 * column (shared/domain/plan/products.ts).
 */
import { readFileSync } from 'node:fs'
import { canonicalJson } from '../shared/domain/canonical-json'
import { getCatalogue } from '../shared/domain/catalogue'
import { sha256Hex } from '../shared/domain/hash'
import {
  BUILT_IN_MEASURES,
  MEASURES_FORMAT_V1,
  MEASURES_ID,
  PRODUCTS_FORMAT_V1,
  checkMeasuresLibrary,
  checkProductCatalogue,
  formatRowError,
  getBuiltInMeasures,
  productsFromTable,
  type ProductCatalogue,
  type PublishedMeasuresBody,
  type PublishedProductsBody,
  type SignedMeasures,
  type SignedProducts,
  type TableRowError,
} from '../shared/domain/plan'
import { sheetGrid } from '../shared/domain/table/sheet-grid'
import { parseCsvText, tableFromGrid, type TableFile } from '../shared/domain/table/table-text'
import { AdminError } from './admin'
import type { CentralDB, PublishedDocumentTable } from './db/schema'
import type { CentralContext } from './ingest'
import type { Kysely } from 'kysely'

export type DocumentKind = 'measures' | 'products'
const NOUN: Record<DocumentKind, string> = { measures: '措施库', products: '产品目录' }

/** A user error of a publish or export: one line, or one line per bad table cell. */
export class PlanReferenceError extends AdminError {
  constructor(
    message: string,
    readonly rows: TableRowError[] = [],
  ) {
    super(message)
    this.name = 'PlanReferenceError'
  }
}

type Signed<K extends DocumentKind> = K extends 'measures' ? SignedMeasures : SignedProducts

function signedFromRow<K extends DocumentKind>(row: PublishedDocumentTable): Signed<K> {
  return {
    body: JSON.parse(row.body_json),
    signature: JSON.parse(row.signature_json),
  } as Signed<K>
}

async function rows(db: Kysely<CentralDB>, kind: DocumentKind): Promise<PublishedDocumentTable[]> {
  return db
    .selectFrom('published_documents')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('published_at')
    .orderBy('id')
    .execute()
}

/** Every published document of a kind, signed, oldest first. */
export async function publishedDocuments<K extends DocumentKind>(
  db: Kysely<CentralDB>,
  kind: K,
): Promise<Signed<K>[]> {
  return (await rows(db, kind)).map((r) => signedFromRow<K>(r))
}

export async function publishedDocument<K extends DocumentKind>(
  db: Kysely<CentralDB>,
  kind: K,
  id: string,
): Promise<Signed<K> | undefined> {
  const row = await db
    .selectFrom('published_documents')
    .selectAll()
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? signedFromRow<K>(row) : undefined
}

export interface PublishResult<K extends DocumentKind> {
  status: 'published' | 'unchanged'
  signed: Signed<K>
}

function nextFreeId(id: string, taken: (id: string) => boolean): string {
  const m = /^(.*)-v(\d+)$/.exec(id)
  const base = m ? m[1]! : id
  for (let n = m ? Number(m[2]) + 1 : 2; ; n++) {
    const suffix = `-v${n}`
    const candidate = base.slice(0, 64 - suffix.length) + suffix
    if (!taken(candidate) && MEASURES_ID.test(candidate)) return candidate
  }
}

async function publishDocument<K extends DocumentKind>(
  ctx: CentralContext,
  kind: K,
  doc: { id: string; catalogueId: string; title: string; sha256: string },
  makeBody: (publishedAt: string) => Signed<K>['body'],
  source: string,
): Promise<PublishResult<K>> {
  const existing = await rows(ctx.db, kind)
  const taken = (x: string) =>
    existing.some((r) => r.id === x) || (kind === 'measures' && !!getBuiltInMeasures(x))
  const immutable = `published ${kind === 'measures' ? 'measures libraries' : 'product catalogues'} are immutable: publish a new id, e.g. ${nextFreeId(doc.id, taken)}`
  if (kind === 'measures' && getBuiltInMeasures(doc.id))
    throw new PlanReferenceError(
      `${source}: id: '${doc.id}' is the built-in measures library of this version; ${immutable}`,
    )
  const check = async (): Promise<PublishResult<K> | null> => {
    const row = await ctx.db
      .selectFrom('published_documents')
      .selectAll()
      .where('kind', '=', kind)
      .where('id', '=', doc.id)
      .executeTakeFirst()
    if (!row) return null
    if (row.sha256 === doc.sha256) return { status: 'unchanged', signed: signedFromRow<K>(row) }
    throw new PlanReferenceError(
      `${source}: id: '${doc.id}' was published on ${row.published_at} with other content (SHA-256 ${row.sha256.slice(0, 12)}…, this file ${doc.sha256.slice(0, 12)}…); ${immutable}`,
    )
  }
  const before = await check()
  if (before) return before
  const body = makeBody(ctx.now().toISOString())
  const signed = { body, signature: ctx.serverKey.signCanonical(body) } as Signed<K>
  const ins = await ctx.db
    .insertInto('published_documents')
    .values({
      kind,
      id: doc.id,
      catalogue_id: doc.catalogueId,
      title: doc.title,
      sha256: doc.sha256,
      published_at: body.publishedAt,
      body_json: canonicalJson(body),
      signature_json: JSON.stringify(signed.signature),
    })
    .onConflict((oc) => oc.columns(['kind', 'id']).doNothing())
    .executeTakeFirst()
  if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 1) return { status: 'published', signed }
  const raced = await check()
  if (!raced) throw new Error(`${kind} '${doc.id}': insert neither stored nor found`)
  return raced
}

/** Publishes a measures library (a city's own, e.g. with its effort weights and costs). */
export async function publishMeasures(
  ctx: CentralContext,
  raw: unknown,
  source = 'library',
): Promise<PublishResult<'measures'>> {
  const c = checkMeasuresLibrary(raw, getCatalogue)
  if (!c.ok) throw new PlanReferenceError(`${source}: ${c.field}: ${c.message}`)
  const l = c.library
  return publishDocument(
    ctx,
    'measures',
    { id: l.id, catalogueId: l.catalogueId, title: l.title, sha256: c.hash },
    (publishedAt): PublishedMeasuresBody => ({
      format: MEASURES_FORMAT_V1,
      library: l,
      librarySha256: c.hash,
      publishedAt,
      serverKeyId: ctx.serverKey.info.keyId,
    }),
    source,
  )
}

/** Publishes a product catalogue (already read from its table). */
export async function publishProducts(
  ctx: CentralContext,
  raw: unknown,
  source = 'products',
): Promise<PublishResult<'products'>> {
  const c = checkProductCatalogue(raw, getCatalogue)
  if (!c.ok) throw new PlanReferenceError(`${source}: ${c.field}: ${c.message}`)
  const p = c.products
  return publishDocument(
    ctx,
    'products',
    { id: p.id, catalogueId: p.catalogueId, title: p.title, sha256: c.hash },
    (publishedAt): PublishedProductsBody => ({
      format: PRODUCTS_FORMAT_V1,
      products: p,
      productsSha256: c.hash,
      publishedAt,
      serverKeyId: ctx.serverKey.info.keyId,
    }),
    source,
  )
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (e) {
    throw new PlanReferenceError(
      `${file}: cannot read (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    )
  }
}

/** Reads FILE (a measures library as JSON, e.g. an edited copy of the built-in one) and publishes it. */
export async function publishMeasuresFile(
  ctx: CentralContext,
  file: string,
): Promise<PublishResult<'measures'>> {
  let raw: unknown
  try {
    raw = JSON.parse(
      readBytes(file)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    )
  } catch (e) {
    if (e instanceof PlanReferenceError) throw e
    throw new PlanReferenceError(
      `${file}: not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    )
  }
  return publishMeasures(ctx, raw, file)
}

/** CSV text: UTF-8 (with or without BOM), else GB18030 (which includes GBK) as Excel writes it. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** A product table file: .csv (UTF-8 or GBK/GB18030) or .xlsx (first worksheet). */
export async function readProductTable(name: string, bytes: Uint8Array): Promise<TableFile> {
  const lower = name.toLowerCase()
  const bad = (m: string) => new PlanReferenceError(`${name}: ${m}`)
  if (lower.endsWith('.csv')) {
    const t = parseCsvText(decodeCsv(bytes))
    if (!t.ok) throw bad(t.error)
    return t.table
  }
  if (lower.endsWith('.xlsx')) {
    const { default: Excel } = await import('exceljs')
    const wb = new Excel.Workbook()
    try {
      await wb.xlsx.load(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      )
    } catch {
      throw bad('无法读取 .xlsx 文件（文件损坏或不是 Excel 2007 及以上格式）')
    }
    const ws = wb.worksheets[0]
    if (!ws) throw bad('Excel 文件中没有工作表')
    const g = sheetGrid(ws)
    if (!g.ok) throw bad(g.error)
    const t = tableFromGrid(g.grid)
    if (!t.ok) throw bad(t.error)
    return t.table
  }
  throw bad('只支持 .csv（UTF-8 或 GBK）和 .xlsx 文件')
}

/**
 * Reads a product table and publishes it as a catalogue. Without `id` the id is
 * `products-YYYYMMDD-<first 8 hex of the SHA-256 of title + products>`, so publishing the same
 * table twice is a no-op and a changed table is a new catalogue.
 */
export async function publishProductsFile(
  ctx: CentralContext,
  file: string,
  opts: { id?: string; title?: string; catalogueId?: string } = {},
): Promise<PublishResult<'products'>> {
  const catalogueId = opts.catalogueId ?? 'MIIT-2024'
  const pinned = getCatalogue(catalogueId)
  if (!pinned) throw new PlanReferenceError(`--catalogue: unknown catalogue '${catalogueId}'`)
  const table = await readProductTable(file, readBytes(file))
  const r = productsFromTable(table, pinned.catalogue)
  if (!r.ok) {
    const n = r.errors.length
    throw new PlanReferenceError(
      `${file}: ${n} 处错误，未发布；${formatRowError(r.errors[0]!)}${n > 1 ? ' …' : ''}`,
      r.errors,
    )
  }
  const day = ctx.now().toISOString().slice(0, 10)
  const title = opts.title ?? `小快轻准产品目录（${day}）`
  const id =
    opts.id ??
    `products-${day.replace(/-/g, '')}-${sha256Hex(canonicalJson({ title, products: r.products })).slice(0, 8)}`
  const catalogue: ProductCatalogue = {
    id,
    catalogueId,
    title,
    indicative: true,
    products: r.products,
  }
  return publishProducts(ctx, catalogue, file)
}

export interface DocumentListing {
  kind: DocumentKind
  id: string
  source: 'built-in' | 'published'
  catalogueId: string
  title: string
  sha256: string
  publishedAt: string | null
  /** entries (measures) or products */
  count: number
}

export async function listDocuments(
  ctx: CentralContext,
  kind: DocumentKind,
): Promise<DocumentListing[]> {
  const builtIn: DocumentListing[] =
    kind === 'measures'
      ? BUILT_IN_MEASURES.map((m) => ({
          kind,
          id: m.library.id,
          source: 'built-in',
          catalogueId: m.library.catalogueId,
          title: m.library.title,
          sha256: m.hash,
          publishedAt: null,
          count: m.library.entries.length,
        }))
      : []
  const published = (await rows(ctx.db, kind)).map((r): DocumentListing => {
    const body = JSON.parse(r.body_json) as PublishedMeasuresBody | PublishedProductsBody
    return {
      kind,
      id: r.id,
      source: 'published',
      catalogueId: r.catalogue_id,
      title: r.title,
      sha256: r.sha256,
      publishedAt: r.published_at,
      count: 'library' in body ? body.library.entries.length : body.products.products.length,
    }
  })
  return [...builtIn, ...published]
}

/** The signed document as published (the file an offline laptop is given). */
export async function exportDocument<K extends DocumentKind>(
  ctx: CentralContext,
  kind: K,
  id: string,
): Promise<Signed<K>> {
  const signed = await publishedDocument(ctx.db, kind, id)
  if (signed) return signed
  if (kind === 'measures' && getBuiltInMeasures(id))
    throw new PlanReferenceError(`ID: '${id}' is built into the app; it is not published`)
  throw new PlanReferenceError(`ID: no ${NOUN[kind]} '${id}' is published here`)
}
