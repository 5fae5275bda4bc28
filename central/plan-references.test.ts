/**
 * Issue 13 items 2–3, the central side: the administrator publishes a city measures library and
 * the city's 小快轻准 product table (CSV in UTF-8 or GBK, or .xlsx); the server signs them and
 * serves them to assessors; immutability and per-cell errors. SQLite and (when set up)
 * PostgreSQL; the admin command is run once as a real process.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bundledScript } from '../test/support/node-script'
import { fromBase64 } from '../shared/domain/bundle/codec'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import type { PublicKeyInfo } from '../shared/domain/bundle/types'
import { getCatalogue } from '../shared/domain/catalogue'
import {
  MIIT_2024_MEASURES,
  checkSignedMeasures,
  checkSignedProducts,
  measuresHash,
  type MeasuresLibrary,
  type SignedProducts,
} from '../shared/domain/plan'
import { AdminError } from './admin'
import { verifySignature } from './crypto'
import { runPlanReferenceCommand } from './plan-references-cli'
import {
  decodeCsv,
  exportDocument,
  listDocuments,
  PlanReferenceError,
  publishMeasures,
  publishMeasuresFile,
  publishProductsFile,
} from './plan-references'
import {
  ROOT,
  TEST_DATABASES,
  registeredClient,
  refused,
  runCentral,
  type RunningCentral,
} from './testing/fixtures'

/** A city library: the built-in one with its own id and a higher effort for 5G (Q01 D). */
function cityLibrary(over: Partial<MeasuresLibrary> = {}): MeasuresLibrary {
  const l = structuredClone(MIIT_2024_MEASURES.library)
  l.entries.find((e) => e.item === 'Q01' && e.option === 'D')!.effort = 60
  return { ...l, id: 'Hebi-2024-measures', title: '鹤壁市数字化改造措施库（测试）', ...over }
}

const HEAD =
  '产品编号,产品名称,服务商,适用场景,适用题项,价格下限（元）,价格上限（元）,联系方式,备注'
const CSV = [
  HEAD,
  'P001,轻量MES（云版）,鹤壁某软件有限公司（虚构）,SC06:2-3；质量管理:二级,,"30,000",120000,张工 0392-0000000,按年订阅',
  'P002,设备联网采集盒,某物联网公司（虚构）,SC08:3,Q03；Q04:I,8000,50000,李工 13800000000,',
].join('\r\n')

/** '产品编号,…\r\nG01,设备点检小程序,…,设备管理:一级-二级,3000,12000,赵工 0392-1234567\r\n' in GB18030. */
const GBK_CSV = Buffer.from(
  'b2fac6b7b1e0bac52cb2fac6b7c3fbb3c62cb7fecef1c9cc2ccacad3c3b3a1beb02cbcdbb8f1cfc2cfdea3a8d4aaa3a92cbcdbb8f1c9cfcfdea3a8d4aaa3a92cc1aacfb5b7bdcabd0d0a4730312cc9e8b1b8b5e3bcecd0a1b3ccd0f22cbad7b1dac4b3c8edbcfeb9abcbbea3a8d0e9b9b9a3a92cc9e8b1b8b9dcc0ed3ad2bbbcb62db6febcb62c333030302c31323030302cd5d4b9a420303339322d313233343536370d0a',
  'hex',
)

function verifier(serverKey: PublicKeyInfo) {
  return (body: object, sig: { signature: string }) => {
    const bytes = fromBase64(sig.signature)
    return !!bytes && verifySignature(serverKey, canonicalBytes(body), bytes)
  }
}

async function adminError(p: Promise<unknown>): Promise<PlanReferenceError> {
  try {
    await p
  } catch (e) {
    if (e instanceof PlanReferenceError) return e
    throw e
  }
  throw new Error('expected a PlanReferenceError')
}

describe('decodeCsv', () => {
  it('UTF-8 with or without BOM, else GB18030 (Excel on Chinese Windows)', () => {
    expect(decodeCsv(Buffer.from('\uFEFF产品编号', 'utf8')).replace(/^\uFEFF/, '')).toBe('产品编号')
    expect(decodeCsv(GBK_CSV).split('\r\n')[1]).toBe(
      'G01,设备点检小程序,鹤壁某软件公司（虚构）,设备管理:一级-二级,3000,12000,赵工 0392-1234567',
    )
  })
})

describe.each(TEST_DATABASES)('measures libraries and product catalogues on $name', (database) => {
  let c: RunningCentral
  let dir: string
  beforeEach(async () => {
    c = await runCentral(database)
    dir = mkdtempSync(join(tmpdir(), 'dl-planref-'))
  })
  afterEach(async () => {
    await c.dispose()
  })

  it('a city measures library: published signed, served, exported; immutable; bad files named', async () => {
    const r = await publishMeasures(c.ctx, cityLibrary(), 'hebi-measures.json')
    expect(r.status).toBe('published')
    expect(r.signed.body).toEqual({
      format: 'sme-dl-measures/v1',
      library: cityLibrary(),
      librarySha256: measuresHash(cityLibrary()),
      publishedAt: expect.stringMatching(/Z$/),
      serverKeyId: c.ctx.serverKey.info.keyId,
    })
    expect(await publishMeasures(c.ctx, cityLibrary(), 'again.json')).toEqual({
      status: 'unchanged',
      signed: r.signed,
    })
    const changed = cityLibrary({ version: '2' })
    const e = await adminError(publishMeasures(c.ctx, changed, 'v2.json'))
    expect(e).toBeInstanceOf(AdminError)
    expect(e.message).toMatch(
      /^v2\.json: id: 'Hebi-2024-measures' was published on .* with other content .*; published measures libraries are immutable: publish a new id, e\.g\. Hebi-2024-measures-v2$/,
    )
    expect(
      (await adminError(publishMeasures(c.ctx, MIIT_2024_MEASURES.library, 'b.json'))).message,
    ).toMatch(/^b\.json: id: 'MIIT-2024-measures-v1' is the built-in measures library/)
    const bad = join(dir, 'bad.json')
    const broken = cityLibrary({ id: 'Hebi-x' })
    broken.entries[3]!.effort = 0
    writeFileSync(bad, JSON.stringify(broken))
    expect((await adminError(publishMeasuresFile(c.ctx, bad))).message).toBe(
      `${bad}: entries.3.effort: Too small: expected number to be >=1`,
    )
    writeFileSync(bad, '{')
    expect((await adminError(publishMeasuresFile(c.ctx, bad))).message).toMatch(
      /bad\.json: not valid JSON/,
    )

    expect((await listDocuments(c.ctx, 'measures')).map((d) => [d.id, d.source, d.count])).toEqual([
      ['MIIT-2024-measures-v1', 'built-in', 128],
      ['Hebi-2024-measures', 'published', 128],
    ])
    const { client } = await registeredClient(c)
    const served = await client.publishedDocuments('measures')
    expect(served).toEqual([r.signed])
    const serverKey = await client.serverKey()
    const check = (raw: unknown) =>
      checkSignedMeasures(raw, {
        serverKeyId: serverKey.keyId,
        verify: verifier(serverKey),
        catalogueOf: getCatalogue,
      })
    expect(check(served[0]).ok).toBe(true)
    // One changed effort: the signature no longer holds.
    const text = JSON.stringify(served[0])
    expect(check(JSON.parse(text.replace('"effort":60', '"effort":6')))).toMatchObject({
      ok: false,
      field: 'signature',
    })
    expect(await exportDocument(c.ctx, 'measures', 'Hebi-2024-measures')).toEqual(r.signed)
    expect(await client.raw('GET', '/v1/measures/Hebi-2024-measures')).toEqual(r.signed)
    const e404 = await refused(client.raw('GET', '/v1/measures/nope'))
    expect([e404.status, e404.code]).toEqual([404, 'not-found'])
  })

  it('export-measures writes through the durable helper: 0600, replaced whole, no temp file left on failure', async () => {
    const r = await publishMeasures(c.ctx, cityLibrary(), 'hebi-measures.json')
    const io = { stdout: { write: () => true }, stderr: { write: () => true } }
    const exportTo = (out: string) =>
      runPlanReferenceCommand(c.ctx, 'export-measures', ['Hebi-2024-measures', '-o', out], io)
    const out = join(dir, 'measures.signed.json')
    writeFileSync(out, 'an older export')
    expect(await exportTo(out)).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(r.signed)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    // the target is a directory: the rename fails, the error names the file, no temp file stays
    const taken = join(dir, 'taken')
    mkdirSync(taken)
    expect((await adminError(exportTo(taken))).message).toMatch(/^.*taken: cannot write \(/)
    expect(readdirSync(dir).sort()).toEqual(['measures.signed.json', 'taken'])
    expect(readdirSync(taken)).toEqual([])
  })

  it('a product table from CSV (UTF-8, GBK) and .xlsx: published signed and served; bad cells named', async () => {
    const utf8 = join(dir, '产品目录.csv')
    writeFileSync(utf8, CSV)
    const a = await publishProductsFile(c.ctx, utf8, { title: '鹤壁市小快轻准产品目录（测试）' })
    expect(a.status).toBe('published')
    const p = a.signed.body.products
    expect(p.id).toMatch(/^products-\d{8}-[0-9a-f]{8}$/)
    expect(p.products.map((x) => [x.code, x.scenes, x.questions, x.priceYuan])).toEqual([
      [
        'P001',
        [
          { scene: 'SC06', levels: [2, 3] },
          { scene: 'SC07', levels: [2] },
        ],
        [],
        { min: 30000, max: 120000 },
      ],
      [
        'P002',
        [{ scene: 'SC08', levels: [3] }],
        [
          { question: 'Q03', options: [] },
          { question: 'Q04', options: ['I'] },
        ],
        { min: 8000, max: 50000 },
      ],
    ])
    // The same table again: the same id, nothing done.
    expect(
      (await publishProductsFile(c.ctx, utf8, { title: '鹤壁市小快轻准产品目录（测试）' })).status,
    ).toBe('unchanged')

    const gbk = join(dir, 'gbk.csv')
    writeFileSync(gbk, GBK_CSV)
    const g = await publishProductsFile(c.ctx, gbk, { id: 'Hebi-products-gbk' })
    expect(g.signed.body.products.products).toEqual([
      {
        code: 'G01',
        name: '设备点检小程序',
        provider: '鹤壁某软件公司（虚构）',
        scenes: [{ scene: 'SC08', levels: [1, 2] }],
        questions: [],
        priceYuan: { min: 3000, max: 12000 },
        contact: '赵工 0392-1234567',
      },
    ])

    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('产品')
    ws.addRow(HEAD.split(','))
    ws.addRow([
      'X01',
      '能耗监测平台',
      '某能源公司（虚构）',
      '能耗管理:2-4',
      '',
      50000,
      300000,
      '孙工',
      '',
    ])
    const xlsx = join(dir, '产品.xlsx')
    writeFileSync(xlsx, Buffer.from(await wb.xlsx.writeBuffer()))
    const x = await publishProductsFile(c.ctx, xlsx, { id: 'Hebi-products-xlsx' })
    expect(x.signed.body.products.products[0]).toMatchObject({
      code: 'X01',
      scenes: [{ scene: 'SC10', levels: [2, 3, 4] }],
      priceYuan: { min: 50000, max: 300000 },
    })

    const { client } = await registeredClient(c)
    const served = (await client.publishedDocuments('products')) as SignedProducts[]
    expect(served.map((s) => s.body.products.id).sort()).toEqual(
      [p.id, 'Hebi-products-gbk', 'Hebi-products-xlsx'].sort(),
    )
    const serverKey = await client.serverKey()
    for (const s of served)
      expect(
        checkSignedProducts(s, {
          serverKeyId: serverKey.keyId,
          verify: verifier(serverKey),
          catalogueOf: getCatalogue,
        }).ok,
      ).toBe(true)
    expect(await exportDocument(c.ctx, 'products', 'Hebi-products-gbk')).toEqual(g.signed)
    expect(
      (await listDocuments(c.ctx, 'products')).map((d) => [d.id, d.source, d.count]).sort(),
    ).toEqual(
      [
        [p.id, 'published', 2],
        ['Hebi-products-gbk', 'published', 1],
        ['Hebi-products-xlsx', 'published', 1],
      ].sort(),
    )

    // A bad table: every bad cell, none published.
    const bad = join(dir, 'bad.csv')
    writeFileSync(
      bad,
      [HEAD, 'B1,,某公司,SC06:5,,10,5,王工,', 'B2,名称,某公司,生产管控,,x,10,,'].join('\n'),
    )
    const e = await adminError(publishProductsFile(c.ctx, bad, { id: 'Hebi-bad' }))
    expect(e.rows.map((r) => [r.row, r.column])).toEqual([
      [2, '产品名称'],
      [2, '适用场景'],
      [2, '价格上限（元）'],
      [3, '联系方式'],
      [3, '价格下限（元）'],
    ])
    expect(e.message).toMatch(/^.*bad\.csv: 5 处错误，未发布；第 2 行「产品名称」：不能为空 …$/)
    expect(await exportDocument(c.ctx, 'products', 'Hebi-bad').catch((x: Error) => x.message)).toBe(
      "ID: no 产品目录 'Hebi-bad' is published here",
    )
    const txt = join(dir, 'p.txt')
    writeFileSync(txt, 'x')
    expect((await adminError(publishProductsFile(c.ctx, txt))).message).toMatch(/只支持 \.csv/)
  })
})

describe('npm run central -- publish-products (real process)', () => {
  // Two real processes (a bad and a good table); listing and export are tested in-process above.
  it('prints one line per bad cell and exits 2; publishes a good table', async () => {
    // central/main.ts bundled once (test/support/node-script.ts): no tsx compile per process
    const main = await bundledScript('central/main.ts')
    const dir = mkdtempSync(join(tmpdir(), 'dl-planref-cli-'))
    const bad = join(dir, 'bad.csv')
    writeFileSync(
      bad,
      [HEAD, 'B1,,某公司,SC06,,1,2,王工,', 'B2,名称,某公司,SC99,,1,2,王工,'].join('\n'),
    )
    const env: NodeJS.ProcessEnv = { ...process.env, CENTRAL_DATA_DIR: join(dir, 'data') }
    delete env['DATABASE_URL']
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [main, ...args], { cwd: ROOT, env, encoding: 'utf8' })
    const r = run('publish-products', bad)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `error: ${bad}: 2 处错误，未发布`,
      'error: 第 2 行「产品名称」：不能为空',
      'error: 第 3 行「适用场景」：未知场景「SC99」（写场景编号如 SC06 或名称如 生产管控）',
    ])
    const good = join(dir, 'good.csv')
    writeFileSync(good, CSV)
    const ok = run('publish-products', good, '--id', 'Hebi-products-1')
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(
      /^已发布 \/ published: Hebi-products-1 \(小快轻准产品目录（\d{4}-\d\d-\d\d）, 2 products\)/,
    )
  }, 180_000)
})
