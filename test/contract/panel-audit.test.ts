/**
 * The lead's panel writes are audited like every other write (issue 12 item 7): `panel.create`,
 * `panel.importScoring`, `panel.decide`, `panel.clearDecision` and `panel.sign` each leave
 * exactly one audit entry naming the operation and the panel, in the transaction of their rows,
 * and the audit chain still verifies. A fault at every row write (TEMP triggers,
 * fault-injection.ts: the panel's rows or its audit entry / chain link) and refused input leave
 * no row, no audit entry and (panel.sign) no bundle file.
 * Real SQLite files, real key files, bundles signed on the experts' own devices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Output, Wire } from '../../shared/contract/api'
import { BASE_SCENES } from '../../shared/domain/panel/test-fixtures'
import { verifyAuditChain } from '../../electron/backend/audit/chain'
import { dispatch } from '../../electron/backend/dispatch'
import { enterpriseInput } from '../../electron/backend/test-helpers'
import { everyStepFails, faultAt, state, type B } from './fault-injection'
import { ok, panelDevice, type PanelDevice } from './panel-devices'

const ENTERPRISE = enterpriseInput(73, { name: '鹤壁专家组审计测试有限公司', batch: 2 })

interface AuditRow {
  id: number
  action: string
  entity: string
  entityId: string
  detail: string | null
}

async function auditRows(b: B): Promise<AuditRow[]> {
  return b.db
    .selectFrom('auditLog')
    .select(['id', 'action', 'entity', 'entityId', 'detail'])
    .orderBy('id')
    .execute()
}

/**
 * Runs `op` with a fault at every row write (each failure leaves every table as it was), then
 * once without; returns the audit entries the successful run added. The chain verifies after.
 */
async function auditedOnce(
  b: B,
  op: () => Promise<Wire<unknown>>,
  minSteps: number,
): Promise<AuditRow[]> {
  const before = (await auditRows(b)).length
  const steps = await everyStepFails(b, op)
  await faultAt(b, 0)
  // the audit entry and its chain link (plus the panel's row when it is an INSERT/UPDATE), each
  // made to fail
  expect(steps).toBeGreaterThanOrEqual(minSteps)
  const chain = await verifyAuditChain(b.db)
  expect(chain, chain.reason).toMatchObject({ ok: true })
  return (await auditRows(b)).slice(before)
}

describe('panel writes are audited in their own transaction (issue 12 item 7)', () => {
  let lead: PanelDevice
  const experts: PanelDevice[] = []
  let panelId = ''

  beforeAll(async () => {
    lead = await panelDevice(ENTERPRISE, '赵组长', null, {})
    const diagnosis: { bytes?: Buffer } = {}
    // the second expert judges SC03 at 四级 (the first at 二级): an item the lead decides
    experts.push(await panelDevice(ENTERPRISE, '张三', BASE_SCENES, diagnosis))
    experts.push(await panelDevice(ENTERPRISE, '李四', { ...BASE_SCENES, SC03: 4 }, diagnosis))
  }, 180_000)
  afterAll(async () => {
    await lead?.b.cleanup()
    for (const e of experts) await e.b.cleanup()
  })

  it('panel.create: one audit entry with the enterprise and the key ids; refused input none', async () => {
    const input = {
      enterpriseId: lead.enterpriseId,
      lead: { name: '赵组长', agency: '鹤壁市中小企业服务中心', keyId: lead.keyId },
      experts: [
        { name: '张三', agency: '机构', keyId: experts[0]!.keyId },
        { name: '李四', agency: '机构', keyId: experts[1]!.keyId },
      ],
    }
    // refused input (an enterprise not on this device): nothing written
    const before = await state(lead.b)
    const w = await dispatch(lead.b, 'panel.create', { ...input, enterpriseId: 'no-such-id' })
    expect(w.ok).toBe(false)
    expect(await state(lead.b)).toEqual(before)

    let created: Wire<unknown> | null = null
    const added = await auditedOnce(
      lead.b,
      async () => (created = await dispatch(lead.b, 'panel.create', input)),
      // the panel's row, the audit entry and its chain link
      3,
    )
    expect(created).toMatchObject({ ok: true })
    panelId = (created as unknown as { value: Output<'panel.create'> }).value.id
    expect(added.map((r) => [r.action, r.entity, r.entityId])).toEqual([
      ['panel.create', 'panel', panelId],
    ])
    expect(JSON.parse(added[0]!.detail!)).toEqual({
      enterpriseId: lead.enterpriseId,
      leadKeyId: lead.keyId,
      expertKeyIds: [experts[0]!.keyId, experts[1]!.keyId],
    })
    expect((await ok(lead.b, 'panel.list')).items.map((x) => x.id)).toEqual([panelId])
  }, 120_000)

  it('panel.importScoring: one audit entry per import; a refused bundle leaves none', async () => {
    // refused input (a bundle signed by the lead, not an expert of the panel): nothing written
    const before = await state(lead.b)
    const stranger = await panelDevice(ENTERPRISE, '组外人员', BASE_SCENES, {})
    try {
      const w = await dispatch(lead.b, 'panel.importScoring', { panelId, ...stranger.file! })
      expect(w.ok).toBe(false)
    } finally {
      await stranger.b.cleanup()
    }
    expect(await state(lead.b)).toEqual(before)

    for (const [i, e] of experts.entries()) {
      const added = await auditedOnce(
        lead.b,
        () => dispatch(lead.b, 'panel.importScoring', { panelId, ...e.file! }),
        3,
      )
      expect(added.map((r) => [r.action, r.entity, r.entityId])).toEqual([
        ['panel.importScoring', 'panel', panelId],
      ])
      expect(JSON.parse(added[0]!.detail!)).toMatchObject({
        expertKeyId: e.keyId,
        fileName: e.file!.fileName,
        replacedBundleId: null,
      })
      const v = await ok(lead.b, 'panel.get', { panelId })
      expect(v.experts.filter((x) => x.scoring).length).toBe(i + 1)
    }
  }, 300_000)

  it('panel.decide: one audit entry with the item, value and reason; a refused decision none', async () => {
    const before = await state(lead.b)
    // outside the experts' views (二级 and 四级): refused, nothing written
    const w = await dispatch(lead.b, 'panel.decide', {
      panelId,
      itemId: 'SC03',
      value: 1,
      reason: '现场',
    })
    expect(w.ok).toBe(false)
    expect(await state(lead.b)).toEqual(before)

    const reason = '现场复核生产计划排程系统，已实现部分自动排产，取三级'
    const added = await auditedOnce(
      lead.b,
      () => dispatch(lead.b, 'panel.decide', { panelId, itemId: 'SC03', value: 3, reason }),
      3,
    )
    expect(added.map((r) => [r.action, r.entity, r.entityId])).toEqual([
      ['panel.decide', 'panel', panelId],
    ])
    expect(JSON.parse(added[0]!.detail!)).toEqual({ itemId: 'SC03', value: 3, reason })
    const v = await ok(lead.b, 'panel.get', { panelId })
    expect(v.items.find((i) => i.itemId === 'SC03')).toMatchObject({ rule: 'lead', reason })
  }, 120_000)

  it('panel.clearDecision: one audit entry naming what was withdrawn; none when nothing was decided', async () => {
    const added = await auditedOnce(
      lead.b,
      () =>
        // a DELETE (not counted by the triggers), then the audit entry and its chain link
        dispatch(lead.b, 'panel.clearDecision', { panelId, itemId: 'SC03' }),
      2,
    )
    expect(added.map((r) => [r.action, r.entity, r.entityId])).toEqual([
      ['panel.clearDecision', 'panel', panelId],
    ])
    expect(JSON.parse(added[0]!.detail!)).toMatchObject({ itemId: 'SC03', value: 3 })
    const v = await ok(lead.b, 'panel.get', { panelId })
    expect(v.items.find((i) => i.itemId === 'SC03')?.rule).not.toBe('lead')
    // nothing decided on SC03 any more: clearing again changes nothing and logs nothing
    const before = await state(lead.b)
    await ok(lead.b, 'panel.clearDecision', { panelId, itemId: 'SC03' })
    expect(await state(lead.b)).toEqual(before)
  }, 120_000)

  it('panel.sign: one audit entry with the signed bundle; a refused signature none', async () => {
    // the lead's key locked: refused, nothing written
    await ok(lead.b, 'keys.lock')
    const before = await state(lead.b)
    const w = await dispatch(lead.b, 'panel.sign', { panelId })
    expect(w.ok).toBe(false)
    expect(await state(lead.b)).toEqual(before)
    await ok(lead.b, 'keys.unlock', { passphrase: '赵组长 passphrase' })

    const added = await auditedOnce(
      lead.b,
      () => dispatch(lead.b, 'panel.sign', { panelId }),
      // the bundle's row, the panel's signature, the audit entry and its chain link
      4,
    )
    const v = await ok(lead.b, 'panel.get', { panelId })
    expect(v.signed).not.toBeNull()
    expect(added.map((r) => [r.action, r.entity, r.entityId])).toEqual([
      ['panel.sign', 'panel', panelId],
    ])
    expect(JSON.parse(added[0]!.detail!)).toEqual({
      bundleId: v.signed!.bundleId,
      manifestSha256: v.signed!.manifestSha256,
    })
    // signing again hands out the signed bundle: nothing written, nothing logged
    const after = await state(lead.b)
    await ok(lead.b, 'panel.sign', { panelId })
    expect(await state(lead.b)).toEqual(after)
  }, 300_000)
  it('two panel.sign at once: one signature, one bundle, one audit entry; the other is CONFLICT', async () => {
    const created = await ok(lead.b, 'panel.create', {
      enterpriseId: lead.enterpriseId,
      lead: { name: '赵组长', agency: '鹤壁市中小企业服务中心', keyId: lead.keyId },
      experts: [
        { name: '张三', agency: '机构', keyId: experts[0]!.keyId },
        { name: '李四', agency: '机构', keyId: experts[1]!.keyId },
      ],
    })
    const second = created.id
    for (const e of experts)
      await ok(lead.b, 'panel.importScoring', { panelId: second, ...e.file! })
    await ok(lead.b, 'panel.decide', {
      panelId: second,
      itemId: 'SC03',
      value: 3,
      reason: '现场复核生产计划排程系统，按三级认定',
    })
    const bundlesBefore = (await lead.b.db.selectFrom('syncBundles').select('bundleId').execute())
      .length
    const auditBefore = (await auditRows(lead.b)).length
    const results = await Promise.all([
      dispatch(lead.b, 'panel.sign', { panelId: second }),
      dispatch(lead.b, 'panel.sign', { panelId: second }),
    ])
    // either both read the panel unsigned (the later commit is refused) or the second found it
    // signed and handed out the same bundle: never two signatures
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('CONFLICT')
    expect(results.some((r) => r.ok)).toBe(true)
    const v = await ok(lead.b, 'panel.get', { panelId: second })
    const signs = (await auditRows(lead.b))
      .slice(auditBefore)
      .filter((r) => r.action === 'panel.sign' && r.entityId === second)
    expect(signs.length).toBe(1)
    expect(JSON.parse(signs[0]!.detail!)).toMatchObject({ bundleId: v.signed!.bundleId })
    expect((await lead.b.db.selectFrom('syncBundles').select('bundleId').execute()).length).toBe(
      bundlesBefore + 1,
    )
    expect((await verifyAuditChain(lead.b.db)).ok).toBe(true)
  }, 300_000)
})
