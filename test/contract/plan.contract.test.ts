/**
 * 'plan.compute', 'references.planDocuments', 'references.importDocument' and the measures /
 * products part of 'sync.pull' (issue 13) through dispatch, in-process and through the HTTP host,
 * against a real central service (SQLite): the 一级 example's plan for 二级 with the built-in
 * library; a city library and product catalogue published at the central service, pulled, used
 * offline; a signed file from a USB stick; the subsidy projection for the enterprise's batch.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { setKeyStatus } from '../../central/admin'
import { exportDocument, publishMeasures, publishProducts } from '../../central/plan-references'
import { runCentral, sqliteDb, ROOT, type RunningCentral } from '../../central/testing/fixtures'
import { methods, type api, type Output } from '../../shared/contract/api'
import { enterpriseInput } from '../../electron/backend/test-helpers'
import { MIIT_2024_MEASURES, measuresHash, type MeasuresLibrary } from '../../shared/domain/plan'
import { HEBI_2024, estimateSubsidy } from '../../shared/domain/subsidy'
import { describeTransports, okOutput, type Call } from './transports'

const example = JSON.parse(
  readFileSync(join(ROOT, 'examples', 'diagnosis-level1-qixian-shipin.json'), 'utf8'),
) as { answers: Record<string, string | string[]>; scenes: Record<string, number> }

function cityLibrary(id: string): MeasuresLibrary {
  const l = structuredClone(MIIT_2024_MEASURES.library)
  // The city makes 人才建设 (Q10) dear: its plan for 二级 goes another way.
  for (const e of l.entries) if (e.item === 'Q10') e.effort = 80
  return { ...l, id, title: '鹤壁市数字化改造措施库（测试）' }
}

const PRODUCTS = {
  id: 'Hebi-products-2026-12',
  catalogueId: 'MIIT-2024',
  title: '鹤壁市小快轻准产品目录（测试）',
  indicative: true,
  products: [
    {
      code: 'P001',
      name: '轻量CRM（虚构）',
      provider: '鹤壁某软件有限公司（虚构）',
      scenes: [{ scene: 'SC03', levels: [2, 3] }],
      questions: [],
      priceYuan: { min: 20000, max: 60000 },
      contact: '张工 0392-0000000',
    },
  ],
}

const called = new Set<string>()

describeTransports('plan.* and plan references through dispatch (%s)', (call, transport) => {
  // One central service per transport, so that what one publishes the other does not pull.
  let central: RunningCentral
  let running = false
  beforeAll(async () => {
    central = await runCentral(sqliteDb)
    running = true
    await publishMeasures(central.ctx, cityLibrary('Hebi-2024-measures'), 'hebi.json')
    await publishProducts(central.ctx, PRODUCTS, 'products.csv')
  })
  afterAll(async () => {
    if (running) await central.dispose()
  })

  async function ok<M extends keyof typeof api>(
    method: M,
    input: unknown = {},
    via: Call = call,
  ): Promise<Output<M>> {
    called.add(method)
    return okOutput(via, method, input)
  }
  async function err(method: string, input: unknown = {}) {
    called.add(method)
    const w = await call(method, input)
    if (w.ok) throw new Error(`${method} should have failed`)
    return w.error
  }

  async function assessment(n: number, batch: number | null): Promise<string> {
    const ent = await ok('enterprises.create', {
      ...enterpriseInput(n, { name: `鹤壁方案测试${n}有限公司` }),
      ...(batch ? { batch } : {}),
    })
    const a = await ok('assessments.create', {
      enterpriseId: ent.id,
      kind: 'diagnosis',
      assessorName: '赵评估',
      assessedOn: '2026-11-20',
    })
    const id = a.assessment.id
    for (const [q, sel] of Object.entries(example.answers))
      await ok('assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
    for (const [sc, level] of Object.entries(example.scenes))
      await ok('assessments.setScene', { assessmentId: id, sceneId: sc, level })
    return id
  }

  it('the 一级 example: the built-in plan for 二级 with the subsidy for its batch; bad input named', async () => {
    const id = await assessment(transport === 'http' ? 31 : 32, 2)
    const p = await ok('plan.compute', { assessmentId: id })
    expect(p).toMatchObject({
      assessmentId: id,
      target: 2,
      reachable: true,
      before: { total: 27.8, level: 1 },
      after: { level: 2 },
      obstacles: [],
      provisional: false,
      ruleProfileId: 'MIIT-2024-default',
      measures: {
        id: 'MIIT-2024-measures-v1',
        hash: MIIT_2024_MEASURES.hash,
        source: 'built-in',
        publishedAt: null,
      },
      products: null,
    })
    expect(p.after.total).toBeGreaterThanOrEqual(40)
    expect(p.steps.map((s) => [s.item, s.answer ?? s.level])).toEqual([
      ['Q07', ['B']],
      ['Q09', ['B', 'C', 'D', 'E']],
      ['Q10', ['B', 'C', 'D', 'E', 'F']],
      ['SC03', 2],
      ['SC04', 2],
      ['SC14', 2],
    ])
    expect(p.steps[0]).toMatchObject({
      name: 'Q07 数据安全',
      headline: expect.stringMatching(/^Q07 数据安全：「无」 → B（\+1\.25 分；工作量 2；参考费用/),
      measures: [{ option: 'B', title: '制定数据安全管理制度' }],
      products: [],
    })
    expect(p.steps[3]).toMatchObject({
      name: 'SC03 营销管理（约束性）',
      constrained: true,
      before: 1,
    })
    // The subsidy at both ends of the indicative investment, batch 2 (40 %, cap 400,000 元).
    const high = estimateSubsidy(HEBI_2024, {
      batch: 2,
      level: 2,
      investmentFen: p.costYuan.max * 100,
    })
    expect(p.subsidy).toMatchObject({
      policyId: 'Hebi-2024',
      batch: 2,
      level: 2,
      low: { investmentFen: p.costYuan.min * 100 },
      high: { investmentFen: p.costYuan.max * 100, totalFen: high.totalFen },
    })
    expect(p.subsidy!.steps.join('\n')).toMatch(/40%/)
    expect(p.text).toMatch(/^一企一策改造方案：鹤壁方案测试\d+有限公司\n/)

    // 三级: more steps, still re-scored; an unreachable target says why.
    const p3 = await ok('plan.compute', { assessmentId: id, target: 3 })
    expect(p3.after.level).toBeGreaterThanOrEqual(3)
    const qs = Array.from({ length: 15 }, (_, i) => `Q${String(i + 1).padStart(2, '0')}`)
    const no = await ok('plan.compute', { assessmentId: id, target: 2, exclude: qs })
    expect(no).toMatchObject({
      reachable: false,
      steps: [],
      subsidy: null,
      subsidyNote: '目标二级无法达到，不测算补助',
    })
    expect(no.obstacles.map((o) => o.text)).toEqual(['总分最多可达 27.8 分，二级需 40 分'])

    // Without a batch the subsidy is not projected, and the note says why.
    const noBatch = await assessment(transport === 'http' ? 33 : 34, null)
    expect(await ok('plan.compute', { assessmentId: noBatch })).toMatchObject({
      subsidy: null,
      subsidyNote: '企业未填写试点批次（1–3），无法测算补助',
    })

    expect(await err('plan.compute', { assessmentId: 'nope' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'assessmentId',
    })
    expect(await err('plan.compute', { assessmentId: id, target: 5 })).toMatchObject({
      code: 'VALIDATION',
      field: 'target',
    })
    expect(await err('plan.compute', { assessmentId: id, exclude: ['Q04', 'X1'] })).toMatchObject({
      code: 'VALIDATION',
      field: 'exclude.1',
    })
    expect(await err('plan.compute', { assessmentId: id, exclude: ['Q99'] })).toMatchObject({
      code: 'VALIDATION',
      field: 'exclude.0',
    })
    expect(await err('plan.compute', { assessmentId: id, measuresId: 'Hebi-nope' })).toMatchObject({
      code: 'VALIDATION',
      field: 'measuresId',
    })
  })

  it('pulled from the central service: the city library and products are used, also offline; a signed file imports', async () => {
    const id = await assessment(transport === 'http' ? 35 : 36, 1)
    expect((await ok('references.planDocuments')).products).toEqual([])
    const k = await ok('keys.create', { passphrase: 'a good passphrase' })
    await ok('sync.configure', { serverUrl: central.url })
    await ok('sync.register', { name: '王评估' })
    await setKeyStatus(central.ctx, k.key!.keyId, 'approved')
    const pull = await ok('sync.pull')
    expect(pull.measures).toEqual({ stored: ['Hebi-2024-measures'], present: [], refused: [] })
    expect(pull.products).toEqual({ stored: ['Hebi-products-2026-12'], present: [], refused: [] })
    expect((await ok('sync.pull')).measures).toEqual({
      stored: [],
      present: ['Hebi-2024-measures'],
      refused: [],
    })
    const docs = await ok('references.planDocuments')
    expect(docs.measures.map((d) => [d.id, d.source, d.count])).toEqual([
      ['MIIT-2024-measures-v1', 'built-in', 128],
      ['Hebi-2024-measures', 'central', 128],
    ])
    expect(docs.products.map((d) => [d.id, d.source, d.count])).toEqual([
      ['Hebi-products-2026-12', 'central', 1],
    ])

    const p = await ok('plan.compute', { assessmentId: id })
    expect(p.measures).toMatchObject({ id: 'Hebi-2024-measures', source: 'central' })
    expect(p.steps.map((s) => s.item)).not.toContain('Q10')
    expect(p.after.level).toBeGreaterThanOrEqual(2)
    expect(p.products).toMatchObject({ id: 'Hebi-products-2026-12' })
    expect(p.steps.find((s) => s.item === 'SC03')?.products.map((x) => x.code)).toEqual(['P001'])
    expect(p.text).toContain('推荐产品：轻量CRM（虚构）')
    // The built-in library can still be chosen by id.
    const builtIn = await ok('plan.compute', {
      assessmentId: id,
      measuresId: 'MIIT-2024-measures-v1',
    })
    expect(builtIn.steps.map((s) => s.item)).toContain('Q10')

    // A second library published later, carried on a USB stick as the signed export.
    await publishMeasures(central.ctx, cityLibrary('Hebi-usb'), 'usb.json')
    const file = await exportDocument(central.ctx, 'measures', 'Hebi-usb')
    const text = JSON.stringify(file)
    const imp = {
      fileName: 'hebi-usb.json',
      contentBase64: Buffer.from(text).toString('base64'),
    }
    expect(await ok('references.importDocument', imp)).toMatchObject({
      status: 'stored',
      document: { kind: 'measures', id: 'Hebi-usb', source: 'file' },
    })
    expect((await ok('references.importDocument', imp)).status).toBe('present')
    const tampered = text.replace('"effort":80', '"effort":8')
    expect(
      await err('references.importDocument', {
        fileName: 'x.json',
        contentBase64: Buffer.from(tampered).toString('base64'),
      }),
    ).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })
    expect(
      await err('references.importDocument', {
        fileName: 'x.json',
        contentBase64: Buffer.from('{').toString('base64'),
      }),
    ).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })

    // The same id with other content (signed by the same server): refused, the stored one kept.
    const other = cityLibrary('Hebi-usb')
    other.version = '9'
    const body = { ...file.body, library: other, librarySha256: measuresHash(other) }
    const forged = { body, signature: central.ctx.serverKey.signCanonical(body) }
    expect(
      await err('references.importDocument', {
        fileName: 'other.json',
        contentBase64: Buffer.from(JSON.stringify(forged)).toString('base64'),
      }),
    ).toMatchObject({ code: 'CONFLICT', field: 'contentBase64' })

    // Offline: the central service is gone; the plan comes from what was pulled and imported
    // (now the newest library: the one from the USB stick, the same efforts).
    await central.dispose()
    running = false
    const offline = await ok('plan.compute', { assessmentId: id })
    expect(offline.measures).toMatchObject({ id: 'Hebi-usb', source: 'file' })
    expect(offline.steps.map((s) => [s.item, s.answer ?? s.level])).toEqual(
      p.steps.map((s) => [s.item, s.answer ?? s.level]),
    )
    expect(offline.products).toEqual(p.products)
    const again = await ok('plan.compute', { assessmentId: id, measuresId: 'Hebi-2024-measures' })
    expect(again.steps).toEqual(p.steps)
  })

  it("every method of this suite's domain was exercised", () => {
    const mine = methods.filter(
      (m) =>
        m.startsWith('plan.') ||
        m === 'references.planDocuments' ||
        m === 'references.importDocument',
    )
    expect(mine.length).toBe(3)
    expect(mine.filter((m) => !called.has(m))).toEqual([])
  })
})
