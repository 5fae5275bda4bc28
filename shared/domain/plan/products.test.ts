import { describe, expect, it } from 'vitest'
import { MIIT_2024, getCatalogue } from '../catalogue'
import {
  checkProductCatalogue,
  formatRowError,
  productsForStep,
  productsFromTable,
  productsHash,
  type ProductCatalogue,
} from './products'

const C = MIIT_2024.catalogue
const HEAD = [
  '产品编号',
  '产品名称',
  '服务商',
  '适用场景',
  '适用题项',
  '价格下限（元）',
  '价格上限（元）',
  '联系方式',
  '备注',
]
const table = (rows: string[][], headers = HEAD) => ({ headers, rows, firstRow: 2 })

const good = [
  [
    'P001',
    '轻量MES（云版）',
    '鹤壁某软件有限公司（虚构）',
    'SC06:2-3；质量管理:二级',
    '',
    '30,000',
    '120000',
    '张工 0392-0000000',
    '按年订阅',
  ],
  [
    'P002',
    '设备联网采集盒',
    '某物联网公司（虚构）',
    'SC08:3',
    'Q03；Q04:I,K',
    '8000',
    '50000.00',
    '李工 13800000000',
    '',
  ],
  ['P003', '下一代防火墙', '某安全公司（虚构）', '', 'Q06:C,E', '30000', '90000', '王工', ''],
]

describe('productsFromTable', () => {
  it('reads scenes by id or name, levels as digits, words or ranges, questions with options', () => {
    const r = productsFromTable(table(good), C)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.products).toEqual([
      {
        code: 'P001',
        name: '轻量MES（云版）',
        provider: '鹤壁某软件有限公司（虚构）',
        scenes: [
          { scene: 'SC06', levels: [2, 3] },
          { scene: 'SC07', levels: [2] },
        ],
        questions: [],
        priceYuan: { min: 30000, max: 120000 },
        contact: '张工 0392-0000000',
        note: '按年订阅',
      },
      {
        code: 'P002',
        name: '设备联网采集盒',
        provider: '某物联网公司（虚构）',
        scenes: [{ scene: 'SC08', levels: [3] }],
        questions: [
          { question: 'Q03', options: [] },
          { question: 'Q04', options: ['I', 'K'] },
        ],
        priceYuan: { min: 8000, max: 50000 },
        contact: '李工 13800000000',
      },
      {
        code: 'P003',
        name: '下一代防火墙',
        provider: '某安全公司（虚构）',
        scenes: [],
        questions: [{ question: 'Q06', options: ['C', 'E'] }],
        priceYuan: { min: 30000, max: 90000 },
        contact: '王工',
      },
    ])
  })

  it('level forms: 二级~三级, 1,3, 四级, nothing = all', () => {
    const rows = [
      ['A', 'n', 'p', 'SC01:二级~三级', '', '1', '2', 'c', ''],
      ['B', 'n', 'p', 'sc02:1,3', '', '1', '2', 'c', ''],
      ['C', 'n', 'p', '决策支持：四级', '', '1', '2', 'c', ''],
      ['D', 'n', 'p', '协同办公', '', '1', '2', 'c', ''],
    ]
    const r = productsFromTable(table(rows), C)
    expect(r.ok && r.products.map((p) => p.scenes)).toEqual([
      [{ scene: 'SC01', levels: [2, 3] }],
      [{ scene: 'SC02', levels: [1, 3] }],
      [{ scene: 'SC16', levels: [4] }],
      [{ scene: 'SC15', levels: [1, 2, 3, 4] }],
    ])
  })

  it('header names may use ASCII brackets and spaces; optional columns may be absent', () => {
    const headers = [
      '产品编号',
      '产品名称',
      '服务商',
      '适用场景',
      '价格下限 (元)',
      '价格上限(元)',
      '联系方式',
    ]
    const r = productsFromTable(table([['X', 'n', 'p', 'SC01', '0', '0', 'c']], headers), C)
    expect(r.ok).toBe(true)
  })

  it('every bad cell is reported with its row and column', () => {
    const rows = [
      ['P1', '', 'p', 'SC99:2', '', 'abc', '10', 'c', ''],
      [],
      ['P1', 'n', 'p', '生产管控:五级', 'Q04:A', '10', '5', '', ''],
      ['P3', 'n', 'p', '', '', '1', '2', 'c', ''],
      ['P4', 'n', 'p', 'SC01:3-2；SC01:1', '', '1', '2', 'c', ''],
    ]
    const r = productsFromTable(table(rows), C)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map(formatRowError)).toEqual([
      '第 2 行「产品名称」：不能为空',
      '第 2 行「适用场景」：未知场景「SC99」（写场景编号如 SC06 或名称如 生产管控）',
      '第 2 行「价格下限（元）」：「abc」不是整数金额（元）',
      '第 4 行「产品编号」：与第 2 行重复',
      '第 4 行「联系方式」：不能为空',
      '第 4 行「适用场景」：生产管控：等级「五级」无法识别（写 1–4 或 一级–四级，范围如 2-3）',
      '第 4 行「适用题项」：Q04 没有选项「A」',
      '第 4 行「价格上限（元）」：不能低于价格下限 10',
      '第 5 行「适用场景」：至少写一个适用场景（或在「适用题项」写题号）',
      '第 6 行「适用场景」：产品设计：等级范围「3-2」由高到低',
    ])
  })

  it('missing columns and empty tables', () => {
    const r = productsFromTable(table([], ['产品编号', '名称']), C)
    expect(r.ok || r.errors.map(formatRowError)).toEqual([
      '「服务商」：表头缺少此列',
      '「适用场景」：表头缺少此列',
      '「价格下限（元）」：表头缺少此列',
      '「价格上限（元）」：表头缺少此列',
      '「联系方式」：表头缺少此列',
    ])
    const e = productsFromTable(table([[], ['', '']]), C)
    expect(e.ok || e.errors.map(formatRowError)).toEqual(['「产品编号」：表中没有产品'])
  })
})

describe('checkProductCatalogue', () => {
  const r = productsFromTable(table(good), C)
  if (!r.ok) throw new Error('fixture')
  const cat: ProductCatalogue = {
    id: 'Hebi-products-2026-12',
    catalogueId: 'MIIT-2024',
    title: '鹤壁市小快轻准产品目录（2026年12月）',
    indicative: true,
    products: r.products,
  }
  it('accepts a catalogue read from a table and hashes it canonically', () => {
    const c = checkProductCatalogue(structuredClone(cat), getCatalogue)
    expect(c.ok).toBe(true)
    if (c.ok) expect(c.hash).toBe(productsHash(cat))
  })
  it.each([
    ['id', (p: ProductCatalogue) => void (p.id = '../x')],
    ['catalogueId', (p: ProductCatalogue) => void (p.catalogueId = 'Y')],
    ['products.1.code', (p: ProductCatalogue) => void (p.products[1]!.code = 'P001')],
    [
      'products.0.scenes.0.scene',
      (p: ProductCatalogue) => void (p.products[0]!.scenes[0]!.scene = 'SC17'),
    ],
    [
      'products.0.scenes.0.levels',
      (p: ProductCatalogue) => void (p.products[0]!.scenes[0]!.levels = [3, 2]),
    ],
    [
      'products.1.questions.1.options.0',
      (p: ProductCatalogue) => void (p.products[1]!.questions[1]!.options = ['A']),
    ],
    [
      'products.2.questions.0.question',
      (p: ProductCatalogue) => void (p.products[2]!.questions[0]!.question = 'Q16'),
    ],
    ['products.2.scenes', (p: ProductCatalogue) => void (p.products[2]!.questions = [])],
    ['products.0.priceYuan.max', (p: ProductCatalogue) => void (p.products[0]!.priceYuan.max = 1)],
    ['products.0.extra', (p: ProductCatalogue) => void Object.assign(p.products[0]!, { extra: 1 })],
  ])('names the field %s', (field, patch) => {
    const p = structuredClone(cat)
    patch(p)
    const c = checkProductCatalogue(p, getCatalogue)
    expect(c.ok || c.field).toBe(field)
  })

  it('products match plan steps by the levels a step passes and the options it adds', () => {
    const scene = (item: string, before: 0 | 1 | 2 | null, level: 1 | 2 | 3 | 4) =>
      productsForStep({ item, kind: 'scene', before, level }, cat).map((p) => p.code)
    expect(scene('SC06', 1, 2)).toEqual(['P001'])
    expect(scene('SC06', 2, 3)).toEqual(['P001'])
    expect(scene('SC06', null, 1)).toEqual([])
    expect(scene('SC08', 2, 3)).toEqual(['P002'])
    expect(scene('SC08', 1, 2)).toEqual([])
    const q = (item: string, options: string[]) =>
      productsForStep({ item, kind: 'question', before: null, options }, cat).map((p) => p.code)
    expect(q('Q04', ['G', 'K'])).toEqual(['P002'])
    expect(q('Q04', ['G'])).toEqual([])
    expect(q('Q03', ['B', 'C'])).toEqual(['P002'])
    expect(q('Q06', ['B'])).toEqual([])
    expect(q('Q06', ['B', 'C'])).toEqual(['P003'])
    // cheapest first
    const both: ProductCatalogue = {
      ...cat,
      products: [
        ...cat.products,
        { ...cat.products[0]!, code: 'P000', priceYuan: { min: 100, max: 200 } },
      ],
    }
    expect(
      productsForStep({ item: 'SC06', kind: 'scene', before: 1, level: 3 }, both).map(
        (p) => p.code,
      ),
    ).toEqual(['P000', 'P001'])
  })
})
