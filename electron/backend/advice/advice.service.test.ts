/**
 * The 诊断建议 step through the contract on a real backend (encrypted SQLite file): findings,
 * accepting and editing the plan with its live projection, audit entries, read-only after
 * completion, corrections, the homogeneity check, and what a signed bundle carries.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Output } from '../../../shared/contract/api'
import { dispatch } from '../dispatch'
import { buildBundle, readManifest, verifyBundleBytes } from '../bundle/build'
import { exampleAssessment, testKey } from '../bundle/test-helpers'
import { makeUscc, tempBackend } from '../test-helpers'
import { QIBIN_DIANQI_FINDINGS, QIXIAN_SHIPIN_FINDINGS } from './fixtures/example-findings'
import { enterExample, ok, writeFindings } from './test-support'

type View = Output<'advice.get'>

const open: Array<{ cleanup: () => Promise<void> }> = []
afterEach(async () => {
  while (open.length) await open.pop()?.cleanup()
})
async function backend() {
  const b = await tempBackend()
  open.push(b)
  return b
}

async function refused(b: Awaited<ReturnType<typeof backend>>, method: string, input: unknown) {
  const w = await dispatch(b, method, input)
  if (w.ok) throw new Error(`${method} should have failed`)
  return w.error
}

function rowCounts(b: Awaited<ReturnType<typeof backend>>) {
  return Promise.all(
    (['adviceFindings', 'advicePlans', 'adviceSteps', 'adviceMeasures', 'auditLog'] as const).map(
      async (t) =>
        Number(
          (
            await b.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
    ),
  )
}

describe('advice: findings and the accepted plan', () => {
  it('records findings field by field, names what is still missing for a formal diagnosis', async () => {
    const b = await backend()
    const { assessmentId } = await enterExample(b, 'diagnosis-level1-qixian-shipin.json')
    const v0 = await ok<View>(b, 'advice.get', { assessmentId })
    expect(v0.plan).toBeNull()
    expect(v0.target).toBe(2)
    expect(v0.missingFindings).toEqual(Object.keys(QIXIAN_SHIPIN_FINDINGS))
    expect(v0.draftReasons[0]).toMatch(/尚有 13 个低于二级的场景未填写诊断发现/)

    await ok(b, 'advice.setFinding', {
      assessmentId,
      sceneId: 'SC01',
      statusQuo: '配方在 Excel 中',
    })
    const v1 = await ok<View>(b, 'advice.setFinding', {
      assessmentId,
      sceneId: 'SC01',
      painPoints: '改动无留痕',
    })
    expect(v1.findings).toEqual([
      { sceneId: 'SC01', statusQuo: '配方在 Excel 中', painPoints: '改动无留痕', needs: '' },
    ])
    expect(v1.missingFindings).toContain('SC01') // 需求 still empty

    await writeFindings(b, assessmentId, QIXIAN_SHIPIN_FINDINGS)
    const v2 = await ok<View>(b, 'advice.get', { assessmentId })
    expect(v2.missingFindings).toEqual([])
    expect(v2.draftReasons).toEqual([])

    const audit = await ok<{ items: { action: string }[] }>(b, 'audit.list', {
      entity: 'assessment',
      entityId: assessmentId,
      limit: 1000,
    })
    expect(audit.items.filter((e) => e.action === 'advice.setFinding')).toHaveLength(15)
  })

  it('bad input is refused naming the field and changes nothing', async () => {
    const b = await backend()
    const { assessmentId } = await enterExample(b, 'diagnosis-level1-qixian-shipin.json')
    await ok(b, 'advice.acceptPlan', { assessmentId })
    const before = await rowCounts(b)
    const cases: [string, unknown, string][] = [
      ['advice.setFinding', { assessmentId, sceneId: 'SC99', statusQuo: 'x' }, 'sceneId'],
      ['advice.setFinding', { assessmentId, sceneId: 'Q01', statusQuo: 'x' }, 'sceneId'],
      ['advice.setFinding', { assessmentId, sceneId: 'SC01' }, 'statusQuo'],
      ['advice.setFinding', { assessmentId, sceneId: 'SC01', needs: 'x'.repeat(2001) }, 'needs'],
      ['advice.acceptPlan', { assessmentId, target: 5 }, 'target'],
      ['advice.acceptPlan', { assessmentId, exclude: ['Q99'] }, 'exclude.0'],
      ['advice.acceptPlan', { assessmentId, measuresId: 'no-such' }, 'measuresId'],
      ['advice.addMeasure', { assessmentId, item: 'SC13', title: '自拟' }, 'item'],
      ['advice.addMeasure', { assessmentId, item: 'SC01', title: '  ' }, 'title'],
      ['advice.updateMeasure', { assessmentId, measureId: 'nope', title: 'x' }, 'measureId'],
      [
        'advice.updateMeasure',
        { assessmentId, measureId: 'nope', investmentFen: -1 },
        'investmentFen',
      ],
      [
        'advice.updateMeasure',
        { assessmentId, measureId: 'nope', investmentFen: 1.5 },
        'investmentFen',
      ],
      [
        'advice.updateMeasure',
        { assessmentId, measureId: 'nope', weeks: { min: 5, max: 2 } },
        'weeks.min',
      ],
      ['advice.removeStep', { assessmentId, item: 'SC13' }, 'item'],
      [
        'advice.setProducts',
        {
          assessmentId,
          item: 'SC01',
          products: [{ source: 'own', code: null, name: '', provider: 'x', priceYuan: null }],
        },
        'products.0.name',
      ],
    ]
    for (const [method, input, field] of cases) {
      const e = await refused(b, method, input)
      expect(e.code === 'VALIDATION' || e.code === 'NOT_FOUND', `${method} ${e.code}`).toBe(true)
      expect(e.field, `${method}: ${e.message}`).toBe(field)
      expect(e.message).not.toMatch(/\n/)
    }
    expect(await rowCounts(b)).toEqual(before)
  })

  it('accepting the plan for 二级 projects the level and the batch’s subsidy; edits re-project live', async () => {
    const b = await backend()
    const { assessmentId } = await enterExample(b, 'diagnosis-level1-qixian-shipin.json')
    const computed = await ok<Output<'plan.compute'>>(b, 'plan.compute', {
      assessmentId,
      target: 2,
    })
    const v = await ok<View>(b, 'advice.acceptPlan', { assessmentId })
    expect(v.plan?.target).toBe(2)
    expect(v.plan?.steps.map((s) => s.item)).toEqual(computed.steps.map((s) => s.item))
    expect(v.projection?.before).toEqual(computed.before)
    expect(v.projection?.after).toEqual(computed.after)
    expect(v.projection?.meets).toBe(true)
    expect(v.projection?.subsidy?.batch).toBe(2)
    expect(v.projection?.investment.lowFen).toBe(computed.costYuan.min * 100)
    expect(v.timeline?.rows.map((r) => r.item)).toEqual(computed.steps.map((s) => s.item))

    // the assessor estimates one measure, edits its text, adds an own one, removes a product
    const step = v.plan!.steps[0]!
    const m = step.measures[0]!
    const v2 = await ok<View>(b, 'advice.updateMeasure', {
      assessmentId,
      measureId: m.id,
      text: '按本企业三条产线改造',
      investmentFen: 8_000_000,
    })
    const m2 = v2.plan!.steps[0]!.measures[0]!
    expect(m2).toMatchObject({
      text: '按本企业三条产线改造',
      investmentFen: 8_000_000,
      source: 'suggested',
    })
    expect(v2.projection?.investment.estimated).toBe(1)
    expect(v2.projection?.investment.estimatedFen).toBe(8_000_000)
    const v3 = await ok<View>(b, 'advice.addMeasure', {
      assessmentId,
      item: step.item,
      title: '冷库温度在线监测',
      text: '冷库加装温度传感器并接入报警',
      investmentFen: 3_000_000,
      weeks: { min: 2, max: 3 },
    })
    const own = v3.plan!.steps[0]!.measures.at(-1)!
    expect(own).toMatchObject({
      source: 'own',
      entryKey: null,
      title: '冷库温度在线监测',
      costYuan: null,
    })
    expect(v3.projection?.investment.estimatedFen).toBe(11_000_000)
    const v4 = await ok<View>(b, 'advice.removeMeasure', { assessmentId, measureId: own.id })
    expect(v4.plan!.steps[0]!.measures.some((x) => x.id === own.id)).toBe(false)
    const v5 = await ok<View>(b, 'advice.setProducts', {
      assessmentId,
      item: step.item,
      products: [
        {
          source: 'own',
          code: null,
          name: '某冷链温控云平台',
          provider: '本地服务商',
          priceYuan: { min: 5000, max: 20000 },
        },
      ],
    })
    expect(v5.plan!.steps[0]!.products).toHaveLength(1)

    // removing a step the target needs: the projection says the target is missed
    const v6 = await ok<View>(b, 'advice.removeStep', { assessmentId, item: step.item })
    expect(v6.plan!.steps.some((s) => s.item === step.item)).toBe(false)
    expect(v6.projection?.meets).toBe(false)
    expect(v6.projection?.after.level).toBeLessThan(2)

    // accepting again replaces the edited plan
    const v7 = await ok<View>(b, 'advice.acceptPlan', { assessmentId, target: 2 })
    expect(v7.projection?.meets).toBe(true)
    const v8 = await ok<View>(b, 'advice.clearPlan', { assessmentId })
    expect(v8.plan).toBeNull()
    expect(v8.projection).toBeNull()

    const actions = (
      await ok<{ items: { action: string }[] }>(b, 'audit.list', {
        entity: 'assessment',
        entityId: assessmentId,
        limit: 1000,
      })
    ).items.map((e) => e.action)
    for (const a of [
      'advice.acceptPlan',
      'advice.updateMeasure',
      'advice.addMeasure',
      'advice.removeMeasure',
      'advice.setProducts',
      'advice.removeStep',
      'advice.clearPlan',
    ])
      expect(actions, a).toContain(a)
  })

  it('三级 where reachable; an unreachable target is refused with the reason', async () => {
    const b = await backend()
    const { assessmentId } = await enterExample(b, 'diagnosis-level2-qibin-dianqi.json')
    const v = await ok<View>(b, 'advice.acceptPlan', { assessmentId, target: 3 })
    expect(v.projection?.after.level).toBeGreaterThanOrEqual(3)
    expect(v.target).toBe(3)
    // every item excluded: nothing can change
    const all = [
      ...Array.from({ length: 15 }, (_, i) => `Q${String(i + 1).padStart(2, '0')}`),
      ...Array.from({ length: 16 }, (_, i) => `SC${String(i + 1).padStart(2, '0')}`),
    ]
    const e = await refused(b, 'advice.acceptPlan', { assessmentId, target: 4, exclude: all })
    expect(e.field).toBe('target')
    expect(e.message).toMatch(/无法达到/)
    // the earlier plan is untouched
    expect((await ok<View>(b, 'advice.get', { assessmentId })).plan?.target).toBe(3)
  })

  it('read-only once completed; a correction starts from the same findings and plan', async () => {
    const b = await backend()
    const { assessmentId } = await enterExample(b, 'diagnosis-level1-qixian-shipin.json')
    await writeFindings(b, assessmentId, QIXIAN_SHIPIN_FINDINGS)
    const v = await ok<View>(b, 'advice.acceptPlan', { assessmentId })
    const m = v.plan!.steps[0]!.measures[0]!
    await ok(b, 'advice.updateMeasure', { assessmentId, measureId: m.id, investmentFen: 500_000 })
    await ok(b, 'assessments.complete', { id: assessmentId })
    const ro = await ok<View>(b, 'advice.get', { assessmentId })
    expect(ro.readOnly).toBe(true)
    for (const [method, input] of [
      ['advice.setFinding', { assessmentId, sceneId: 'SC01', statusQuo: 'x' }],
      ['advice.acceptPlan', { assessmentId }],
      ['advice.updateMeasure', { assessmentId, measureId: m.id, title: 'x' }],
      ['advice.clearPlan', { assessmentId }],
    ] as const) {
      const e = await refused(b, method, input)
      expect(e.code, method).toBe('READ_ONLY')
    }
    const c = await ok<{ assessment: { id: string } }>(b, 'assessments.correct', {
      id: assessmentId,
      reason: '补充现场核查',
    })
    const nv = await ok<View>(b, 'advice.get', { assessmentId: c.assessment.id })
    expect(nv.readOnly).toBe(false)
    expect(nv.findings).toEqual(ro.findings)
    const strip = (x: View) =>
      x.plan!.steps.map((s) => ({ ...s, measures: s.measures.map((mm) => ({ ...mm, id: '' })) }))
    expect(strip(nv)).toEqual(strip(ro))
    expect(nv.plan!.steps[0]!.measures[0]!.id).not.toBe(m.id)
    expect(nv.projection?.investment.estimatedFen).toBe(500_000)
  })

  it('an acceptance assessment has no 诊断建议', async () => {
    const b = await backend()
    const { enterpriseId } = await enterExample(b, 'diagnosis-level1-qixian-shipin.json')
    const a = await ok<{ assessment: { id: string } }>(b, 'assessments.create', {
      enterpriseId,
      kind: 'acceptance',
      assessorName: '李娜',
    })
    const e = await refused(b, 'advice.get', { assessmentId: a.assessment.id })
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'assessmentId' })
  })
})

describe('advice: homogeneity and the signed bundle', () => {
  it('a copied diagnosis names the other enterprise; different findings do not', async () => {
    const b = await backend()
    const one = await enterExample(b, 'diagnosis-level1-qixian-shipin.json')
    const two = await enterExample(b, 'diagnosis-level2-qibin-dianqi.json')
    const copy = await enterExample(b, 'diagnosis-level1-qixian-shipin.json', {
      uscc: makeUscc(901),
      enterpriseName: '淇县某肉制品有限公司（虚构示例）',
    })
    await writeFindings(b, one.assessmentId, QIXIAN_SHIPIN_FINDINGS)
    await writeFindings(b, two.assessmentId, QIBIN_DIANQI_FINDINGS)
    await writeFindings(b, copy.assessmentId, QIXIAN_SHIPIN_FINDINGS)
    for (const x of [one, two, copy])
      await ok(b, 'advice.acceptPlan', { assessmentId: x.assessmentId, target: x === two ? 3 : 2 })

    const h = await ok<Output<'advice.homogeneity'>>(b, 'advice.homogeneity', {
      assessmentId: copy.assessmentId,
    })
    expect(h.judged).toBe(true)
    expect(h.compared).toBe(2)
    expect(h.matches).toHaveLength(1)
    expect(h.matches[0]).toMatchObject({
      assessmentId: one.assessmentId,
      recordId: one.assessmentId,
      enterpriseName: '淇县淇河源食品有限公司（虚构示例）',
      similarity: 1,
    })
    const h2 = await ok<Output<'advice.homogeneity'>>(b, 'advice.homogeneity', {
      assessmentId: two.assessmentId,
    })
    expect(h2.matches).toEqual([])
    expect(h2.best!.similarity).toBeLessThan(h2.policy.threshold)
  })

  it('bundles.create carries advice and homogeneity, verified; a bundle without them verifies as before', async () => {
    const b = await backend()
    await ok(b, 'keys.create', { passphrase: 'advice bundle passphrase' })
    const one = await enterExample(b, 'diagnosis-level1-qixian-shipin.json')
    const two = await enterExample(b, 'diagnosis-level2-qibin-dianqi.json')
    await writeFindings(b, one.assessmentId, QIXIAN_SHIPIN_FINDINGS)
    await writeFindings(b, two.assessmentId, QIBIN_DIANQI_FINDINGS)
    const v = await ok<View>(b, 'advice.acceptPlan', { assessmentId: one.assessmentId })
    await ok(b, 'advice.updateMeasure', {
      assessmentId: one.assessmentId,
      measureId: v.plan!.steps[0]!.measures[0]!.id,
      investmentFen: 1_234_500,
    })
    await ok(b, 'assessments.complete', { id: one.assessmentId })
    const bundle = await ok<{ bundleId: string }>(b, 'bundles.create', {
      assessmentId: one.assessmentId,
      enqueue: false,
    })
    const bytes = readFileSync(join(b.dataDir, 'bundles', `${bundle.bundleId}.dlbundle`))
    const m = readManifest(bytes)
    expect(m.advice?.format).toBe('sme-dl-advice/v1')
    expect(m.advice?.findings).toHaveLength(13)
    expect(m.advice?.plan?.target).toBe(2)
    expect(m.advice?.after?.level).toBe(2)
    expect(m.advice?.investmentFen).toBe(1_234_500)
    expect(m.homogeneity).toMatchObject({
      policy: 'trigram-jaccard-v1',
      otherRecordId: two.assessmentId,
      compared: 1,
      judged: true,
    })
    expect(m.homogeneity!.similarity).toBeGreaterThan(0)
    expect(m.homogeneity!.similarity).toBeLessThan(0.7)
    expect(verifyBundleBytes(bytes).ok).toBe(true)

    // signed with a wrong `after`: the verifier names the field
    const { signer } = testKey()
    const forged = buildBundle({
      assessment: m.assessment,
      evidence: [],
      signer,
      now: new Date('2026-11-27T00:00:00Z'),
      advice: { ...m.advice!, after: { total: 99, level: 4 } },
    })
    const vf = verifyBundleBytes(forged.bytes)
    expect(vf.ok).toBe(false)
    if (!vf.ok) expect(vf.problems.join('\n')).toMatch(/advice\.after: 99 \/ level 4 differs/)

    // an old-style bundle (no advice) verifies, and a diagnosis without findings carries none
    const plain = buildBundle({
      assessment: exampleAssessment(),
      evidence: [],
      signer,
      now: new Date('2026-11-27T00:00:00Z'),
    })
    expect(plain.manifest.advice).toBeUndefined()
    expect(verifyBundleBytes(plain.bytes).ok).toBe(true)
  })
})
