/**
 * 小快轻准 products (issue 13 item 3): the city's product catalogue as the central administrator
 * publishes it (product, provider, scenes and levels served, price range, contact), read from a
 * table (CSV / .xlsx rows as strings) with one error per bad cell naming its row and column, its
 * check and content hash, and the products that match a plan step. Pure.
 */
import { z } from 'zod'
import { canonicalJson } from '../canonical-json'
import { sha256Hex } from '../hash'
import type { Catalogue, PinnedCatalogue } from '../catalogue/types'
import type { IntRange, PlanStep } from './types'

export interface ProductScene {
  scene: string
  /** Scene levels (1–4) the product helps reach, ascending. */
  levels: (1 | 2 | 3 | 4)[]
}
export interface ProductQuestion {
  question: string
  /** Options the product helps to reach; empty = any option of the question. */
  options: string[]
}

export interface Product {
  /** 产品编号, unique in the catalogue */
  code: string
  name: string
  provider: string
  scenes: ProductScene[]
  questions: ProductQuestion[]
  /** Indicative price range in 元 (参考). */
  priceYuan: IntRange
  contact: string
  note?: string
}

export interface ProductCatalogue {
  id: string
  catalogueId: string
  title: string
  /** Prices are indicative (参考值); always true. */
  indicative: true
  products: Product[]
}

export const PRODUCTS_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
export const MAX_PRODUCTS = 5000
const MAX_PRICE_YUAN = 100_000_000

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)
const productShape = z.strictObject({
  code: text(64),
  name: text(200),
  provider: text(200),
  scenes: z.array(
    z.strictObject({
      scene: z.string(),
      levels: z
        .array(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]))
        .min(1)
        .max(4),
    }),
  ),
  questions: z.array(z.strictObject({ question: z.string(), options: z.array(z.string()) })),
  priceYuan: z
    .strictObject({
      min: z.number().int().min(0).max(MAX_PRICE_YUAN),
      max: z.number().int().min(0).max(MAX_PRICE_YUAN),
    })
    .refine((r) => r.min <= r.max, { message: 'max must not be below min', path: ['max'] }),
  contact: text(200),
  note: z.string().trim().max(1000).optional(),
})
export const productCatalogueShape = z.strictObject({
  id: z.string().regex(PRODUCTS_ID, 'letters, digits, . _ - only, at most 64'),
  catalogueId: z.string().min(1),
  title: text(200),
  indicative: z.literal(true),
  products: z.array(productShape).max(MAX_PRODUCTS),
})

export type ProductsCheck =
  | { ok: true; products: ProductCatalogue; hash: string }
  | { ok: false; field: string; message: string }

/** hex SHA-256 of the RFC 8785 canonical JSON of the product catalogue. */
export function productsHash(p: ProductCatalogue): string {
  return sha256Hex(canonicalJson(p))
}

/** Checks a product catalogue from outside against the indicator catalogue it names. */
export function checkProductCatalogue(
  raw: unknown,
  catalogueOf: (id: string) => PinnedCatalogue | undefined,
): ProductsCheck {
  const bad = (field: string, message: string): ProductsCheck => ({ ok: false, field, message })
  const r = productCatalogueShape.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]
    const path = i?.path.map(String).join('.') ?? ''
    if (i?.code === 'unrecognized_keys') {
      const key = i.keys[0] ?? ''
      return bad(path ? `${path}.${key}` : key, 'unknown field')
    }
    return bad(path || 'products', i?.message ?? 'invalid')
  }
  const pinned = catalogueOf(r.data.catalogueId)
  if (!pinned) return bad('catalogueId', `unknown catalogue '${r.data.catalogueId}'`)
  const c = pinned.catalogue
  const codes = new Set<string>()
  for (const [i, p] of r.data.products.entries()) {
    const f = `products.${i}`
    if (codes.has(p.code)) return bad(`${f}.code`, `'${p.code}' is given twice`)
    codes.add(p.code)
    if (!p.scenes.length && !p.questions.length)
      return bad(`${f}.scenes`, 'a product serves at least one scene or question')
    for (const [j, s] of p.scenes.entries()) {
      if (!c.scenes.some((x) => x.id === s.scene))
        return bad(`${f}.scenes.${j}.scene`, `'${s.scene}' is not a scene of ${c.id}`)
      if (
        new Set(s.levels).size !== s.levels.length ||
        s.levels.some((l, k) => k && l <= s.levels[k - 1]!)
      )
        return bad(`${f}.scenes.${j}.levels`, 'levels ascending, each once')
    }
    for (const [j, q] of p.questions.entries()) {
      const cq = c.questions.find((x) => x.id === q.question)
      if (!cq)
        return bad(`${f}.questions.${j}.question`, `'${q.question}' is not a question of ${c.id}`)
      for (const [k, o] of q.options.entries())
        if (!cq.options.some((x) => x.key === o && !x.exclusive))
          return bad(`${f}.questions.${j}.options.${k}`, `'${o}' is not an option of ${cq.id}`)
    }
  }
  const products: ProductCatalogue = {
    id: r.data.id,
    catalogueId: r.data.catalogueId,
    title: r.data.title,
    indicative: true,
    products: r.data.products.map((p) => ({
      ...p,
      scenes: p.scenes.map((s) => ({ scene: s.scene, levels: [...s.levels] })),
      questions: p.questions.map((q) => ({ question: q.question, options: [...q.options] })),
      priceYuan: { ...p.priceYuan },
    })),
  }
  return { ok: true, products, hash: productsHash(products) }
}

// ── Reading a table (CSV / .xlsx as strings) ──────────────────────────────────────────────────

/** The columns of a product table; the first name is the one shown in messages. */
export const PRODUCT_COLUMNS = {
  code: ['产品编号', '编号'],
  name: ['产品名称', '名称'],
  provider: ['服务商', '提供商', '供应商'],
  scenes: ['适用场景', '场景'],
  questions: ['适用题项', '题项'],
  priceMin: ['价格下限（元）', '价格下限'],
  priceMax: ['价格上限（元）', '价格上限'],
  contact: ['联系方式', '联系人及电话'],
  note: ['备注', '说明'],
} as const
type Column = keyof typeof PRODUCT_COLUMNS
const REQUIRED: Column[] = ['code', 'name', 'provider', 'scenes', 'priceMin', 'priceMax', 'contact']

export interface TableRowError {
  /** Row number in the file (1-based, header included); 0 = the header / the file */
  row: number
  column: string
  message: string
}

export function formatRowError(e: TableRowError): string {
  return e.row > 0 ? `第 ${e.row} 行「${e.column}」：${e.message}` : `「${e.column}」：${e.message}`
}

const norm = (h: string) =>
  h.normalize('NFKC').replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）')

const LEVEL_WORDS: Record<string, 1 | 2 | 3 | 4> = {
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  一级: 1,
  二级: 2,
  三级: 3,
  四级: 4,
}

/** '2-3' / '二级~三级' / '2,3' / '' (all) → ascending levels, or an error message. */
function parseLevels(s: string): (1 | 2 | 3 | 4)[] | string {
  if (!s.trim()) return [1, 2, 3, 4]
  const out = new Set<1 | 2 | 3 | 4>()
  for (const part of s.split(/[,，、]/)) {
    const t = part.trim()
    if (!t) continue
    const range = t.split(/\s*[-~～—–至到]\s*/)
    const ends = range.map((x) => LEVEL_WORDS[x.trim()])
    if (range.length > 2 || ends.some((x) => x === undefined))
      return `等级「${t}」无法识别（写 1–4 或 一级–四级，范围如 2-3）`
    const [a, b = a] = ends as (1 | 2 | 3 | 4)[]
    if (b! < a!) return `等级范围「${t}」由高到低`
    for (let l = a!; l <= b!; l++) out.add(l as 1 | 2 | 3 | 4)
  }
  if (!out.size) return '没有等级'
  return [...out].sort((a, b) => a - b)
}

/** 'SC06:2-3；质量管理:三级' → scenes, or an error message. */
function parseScenes(s: string, c: Catalogue): ProductScene[] | string {
  const out: ProductScene[] = []
  for (const part of s.split(/[;；\n|]/)) {
    const t = part.trim()
    if (!t) continue
    const m = /^([^:：]+)(?:[:：](.*))?$/.exec(t)
    const name = m?.[1]?.trim() ?? ''
    const scene = c.scenes.find((x) => x.id === name.toUpperCase() || x.name === name)
    if (!scene) return `未知场景「${name}」（写场景编号如 SC06 或名称如 生产管控）`
    const levels = parseLevels(m?.[2] ?? '')
    if (typeof levels === 'string') return `${scene.name}：${levels}`
    if (out.some((x) => x.scene === scene.id)) return `场景「${scene.name}」写了两次`
    out.push({ scene: scene.id, levels })
  }
  return out
}

/** 'Q06:C,E；Q07' → questions, or an error message. */
function parseQuestions(s: string, c: Catalogue): ProductQuestion[] | string {
  const out: ProductQuestion[] = []
  for (const part of s.split(/[;；\n|]/)) {
    const t = part.trim()
    if (!t) continue
    const m = /^([^:：]+)(?:[:：](.*))?$/.exec(t)
    const id = m?.[1]?.trim().toUpperCase() ?? ''
    const q = c.questions.find((x) => x.id === id)
    if (!q) return `未知题目「${id}」（写题号如 Q06）`
    const options: string[] = []
    for (const o of (m?.[2] ?? '').split(/[,，、\s]+/)) {
      const k = o.trim().toUpperCase()
      if (!k) continue
      if (!q.options.some((x) => x.key === k && !x.exclusive)) return `${q.id} 没有选项「${k}」`
      if (!options.includes(k)) options.push(k)
    }
    if (out.some((x) => x.question === q.id)) return `题目 ${q.id} 写了两次`
    out.push({ question: q.id, options })
  }
  return out
}

/** '12,000' / '12000' / '12000.00' → 12000 (whole 元), or null. */
function parseYuan(s: string): number | null {
  const t = s.trim().replace(/元$/, '')
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.0+)?$/.test(t)) return null
  const n = Number(t.replace(/,/g, '').replace(/\.0+$/, ''))
  return Number.isSafeInteger(n) && n <= MAX_PRICE_YUAN ? n : null
}

/**
 * Reads the rows of a product table. `firstRow` is the file row number of rows[0]. Returns the
 * products, or every error found (row and column named), never both.
 */
export function productsFromTable(
  table: { headers: string[]; rows: string[][]; firstRow: number },
  c: Catalogue,
): { ok: true; products: Product[] } | { ok: false; errors: TableRowError[] } {
  const errors: TableRowError[] = []
  const at = new Map<Column, number>()
  for (const [col, names] of Object.entries(PRODUCT_COLUMNS) as [Column, readonly string[]][]) {
    const idx = table.headers.findIndex((h) => names.some((n) => norm(n) === norm(h)))
    if (idx >= 0) at.set(col, idx)
    else if (REQUIRED.includes(col))
      errors.push({ row: 0, column: names[0] ?? col, message: '表头缺少此列' })
  }
  if (errors.length) return { ok: false, errors }
  const products: Product[] = []
  const codes = new Map<string, number>()
  for (const [i, r] of table.rows.entries()) {
    if (!r.length || r.every((x) => !x.trim())) continue
    const row = table.firstRow + i
    const cell = (col: Column) => {
      const idx = at.get(col)
      return idx === undefined ? '' : (r[idx] ?? '').trim()
    }
    const err = (col: Column, message: string) =>
      errors.push({ row, column: PRODUCT_COLUMNS[col][0], message })
    const before = errors.length
    const code = cell('code')
    if (!code) err('code', '不能为空')
    else if (code.length > 64) err('code', '不能超过 64 个字符')
    else if (codes.has(code)) err('code', `与第 ${codes.get(code)} 行重复`)
    else codes.set(code, row)
    for (const col of ['name', 'provider', 'contact'] as const) {
      const v = cell(col)
      if (!v) err(col, '不能为空')
      else if (v.length > 200) err(col, '不能超过 200 个字符')
    }
    const scenes = parseScenes(cell('scenes'), c)
    if (typeof scenes === 'string') err('scenes', scenes)
    const questions = parseQuestions(cell('questions'), c)
    if (typeof questions === 'string') err('questions', questions)
    if (Array.isArray(scenes) && Array.isArray(questions) && !scenes.length && !questions.length)
      err('scenes', '至少写一个适用场景（或在「适用题项」写题号）')
    const min = parseYuan(cell('priceMin'))
    const max = parseYuan(cell('priceMax'))
    if (min === null) err('priceMin', `「${cell('priceMin')}」不是整数金额（元）`)
    if (max === null) err('priceMax', `「${cell('priceMax')}」不是整数金额（元）`)
    if (min !== null && max !== null && max < min) err('priceMax', `不能低于价格下限 ${min}`)
    const note = cell('note')
    if (note.length > 1000) err('note', '不能超过 1000 个字符')
    if (errors.length > before) continue
    const p: Product = {
      code,
      name: cell('name'),
      provider: cell('provider'),
      scenes: scenes as ProductScene[],
      questions: questions as ProductQuestion[],
      priceYuan: { min: min!, max: max! },
      contact: cell('contact'),
    }
    if (note) p.note = note
    products.push(p)
  }
  if (!errors.length && !products.length)
    errors.push({ row: 0, column: PRODUCT_COLUMNS.code[0], message: '表中没有产品' })
  if (products.length > MAX_PRODUCTS)
    errors.push({ row: 0, column: PRODUCT_COLUMNS.code[0], message: `产品超过 ${MAX_PRODUCTS} 个` })
  return errors.length ? { ok: false, errors } : { ok: true, products }
}

// ── Matching ──────────────────────────────────────────────────────────────────────────────────

/**
 * The products that serve a plan step: for a scene step, a product listing that scene at a level
 * the step passes (above the level before, up to the level after); for a question step, one
 * listing that question with an option the step adds (or any option). Cheapest first.
 */
export function productsForStep(
  step: Pick<PlanStep, 'item' | 'kind' | 'before' | 'level' | 'options'>,
  catalogue: ProductCatalogue,
): Product[] {
  const matches = catalogue.products.filter((p) => {
    if (step.kind === 'scene') {
      const from = typeof step.before === 'number' ? step.before : 0
      const to = step.level ?? 0
      return p.scenes.some(
        (s) => s.scene === step.item && s.levels.some((l) => l > from && l <= to),
      )
    }
    const added = step.options ?? []
    return p.questions.some(
      (q) =>
        q.question === step.item && (!q.options.length || q.options.some((o) => added.includes(o))),
    )
  })
  return matches.sort((a, b) => a.priceYuan.min - b.priceYuan.min || a.code.localeCompare(b.code))
}
