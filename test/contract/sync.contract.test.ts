/**
 * 'keys.*', 'bundles.*' and 'sync.*' through dispatch, in-process and through the HTTP host,
 * against a real central service (SQLite): create the device key, sign a completed assessment
 * with its evidence, configure and register, deliver with a verified receipt, correct it as a
 * new version, export the bundle as a file and import it on another device (a changed byte is
 * refused naming what changed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setKeyStatus } from '../../central/admin'
import { runCentral, sqliteDb, type RunningCentral } from '../../central/testing/fixtures'
import { methods, type api, type Output } from '../../shared/contract/api'
import { dispatch } from '../../electron/backend/dispatch'
import {
  enterpriseInput,
  fullAnswers,
  SCENE_IDS,
  tempBackend,
} from '../../electron/backend/test-helpers'
import { unpackBundle, packBundle } from '../../shared/domain/bundle/container'
import { fromUtf8 } from '../../shared/domain/bundle/codec'
import { describeTransports, okOutput, type Call, type TestBackend as B } from './transports'

// A real 1×1 PNG, so that the evidence store's sniffing accepts it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let central: RunningCentral
beforeAll(async () => {
  central = await runCentral(sqliteDb)
})
afterAll(async () => {
  await central.dispose()
})

const called = new Set<string>()
/** The backend's clock (the outbox backoff runs on it). */
let clock = Date.now()

describeTransports(
  'keys / bundles / sync through dispatch (%s)',
  (call, transport) => {
    let other: B
    beforeAll(async () => {
      other = await tempBackend()
    })
    afterAll(async () => {
      await other.cleanup()
    })

    async function ok<M extends keyof typeof api>(
      method: M,
      input: unknown = {},
      via: Call = call,
    ): Promise<Output<M>> {
      called.add(method)
      return okOutput(via, method, input)
    }
    async function err(method: string, input: unknown = {}, via: Call = call) {
      called.add(method)
      const w = await via(method, input)
      if (w.ok) throw new Error(`${method} should have failed`)
      return w.error
    }

    async function completed(n: number): Promise<string> {
      const ent = await ok('enterprises.create', {
        ...enterpriseInput(n, { name: `鹤壁同步测试${n}有限公司` }),
        batch: 2,
      })
      const a = await ok('assessments.create', {
        enterpriseId: ent.id,
        kind: 'diagnosis',
        assessorName: '赵评估',
        assessedOn: '2026-11-20',
      })
      const id = a.assessment.id
      for (const [q, sel] of Object.entries(fullAnswers()))
        await ok('assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
      for (const sc of SCENE_IDS)
        await ok('assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
      await ok('evidence.add', {
        assessmentId: id,
        itemId: 'Q01',
        fileName: '网络拓扑.png',
        contentBase64: PNG.toString('base64'),
      })
      await ok('assessments.complete', { id })
      return id
    }

    it('signs, delivers with a receipt, corrects, exports and imports', async () => {
      expect(await ok('keys.status')).toEqual({
        key: null,
        protection: null,
        unlocked: false,
        osKeyStore: false, // no OS key store outside Electron
        problem: null,
      })
      expect(await err('keys.create', { protection: 'os-keystore' })).toMatchObject({
        code: 'VALIDATION',
        field: 'protection',
      })
      expect(await err('keys.create', { passphrase: 'short' })).toMatchObject({
        code: 'VALIDATION',
        field: 'passphrase',
      })
      const k = await ok('keys.create', {
        passphrase: 'a good passphrase',
        algorithm: transport === 'http' ? 'SM2-SM3' : 'Ed25519',
      })
      expect(k.unlocked).toBe(true)
      expect(k.key!.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
      expect(await err('keys.create', { passphrase: 'a good passphrase' })).toMatchObject({
        code: 'CONFLICT',
      })
      expect((await ok('keys.lock')).unlocked).toBe(false)
      expect(await err('keys.unlock', { passphrase: 'wrong passphrase' })).toMatchObject({
        code: 'VALIDATION',
        field: 'passphrase',
      })

      const id = await completed(transport === 'http' ? 71 : 72)
      expect(await err('bundles.create', { assessmentId: id })).toMatchObject({
        code: 'VALIDATION',
        field: 'passphrase',
      })
      await ok('keys.unlock', { passphrase: 'a good passphrase' })
      expect(
        await err('keys.changeProtection', {
          to: 'passphrase',
          currentPassphrase: 'wrong passphrase',
          newPassphrase: 'a changed passphrase',
        }),
      ).toMatchObject({ code: 'VALIDATION', field: 'currentPassphrase' })
      const changed = await ok('keys.changeProtection', {
        to: 'passphrase',
        currentPassphrase: 'a good passphrase',
        newPassphrase: 'a changed passphrase',
      })
      expect(changed).toMatchObject({ key: { keyId: k.key!.keyId }, protection: 'passphrase' })
      const bundle = await ok('bundles.create', { assessmentId: id })
      expect(bundle).toMatchObject({
        version: 1,
        assessmentId: id,
        source: 'local',
        level: 2,
        evidenceCount: 1,
        outbox: { state: 'queued', attempts: 0 },
      })
      expect((await ok('bundles.create', { assessmentId: id })).bundleId).toBe(bundle.bundleId)
      expect((await ok('assessments.get', { id })).assessment.status).toBe('signed')

      expect(await err('sync.configure', { serverUrl: 'not a url' })).toMatchObject({
        code: 'VALIDATION',
        field: 'serverUrl',
      })
      const st = await ok('sync.configure', { serverUrl: central.url })
      expect(st).toMatchObject({
        serverUrl: central.url,
        serverKeyId: central.ctx.serverKey.info.keyId,
        keyId: k.key!.keyId,
        keyStatus: null,
      })
      expect(
        (await ok('sync.register', { name: '赵评估', agency: '鹤壁某服务商' })).keyStatus,
      ).toBe('pending')
      expect(await ok('sync.run')).toMatchObject({ accepted: 0, retried: 1 })
      const waiting = await ok('bundles.get', { bundleId: bundle.bundleId })
      expect(waiting.outbox).toMatchObject({ state: 'queued', attempts: 1 })
      expect(waiting.outbox!.lastError).toMatch(/尚待市级中心批准.*（auth-key-pending）$/)
      await setKeyStatus(central.ctx, k.key!.keyId, 'approved')
      expect((await ok('sync.status')).keyStatus).toBe('approved')
      expect(await ok('sync.pull')).toMatchObject({
        assignments: 0,
        ruleProfiles: { stored: [], present: [], refused: [] },
      })
      // The key registry: approved keys with their holder's name, pulled and kept here.
      // (both transports share one central service: the other run's key may be there too)
      const pulled = await ok('keyRegistry.pull')
      expect(pulled.received).toBeGreaterThanOrEqual(1)
      expect(pulled.stored).toBe(pulled.received)
      expect((await ok('keyRegistry.list')).items).toContainEqual(
        expect.objectContaining({
          keyId: k.key!.keyId,
          name: '赵评估',
          agency: '鹤壁某服务商',
          source: 'central',
        }),
      )
      // The public-key card names its holder: the assessor profile must be set first.
      expect(await err('keys.exportCard')).toMatchObject({ code: 'VALIDATION', field: 'profile' })
      await ok('profile.set', { name: '赵评估', agency: '鹤壁某服务商' })
      const card = JSON.parse((await ok('keys.exportCard')).content) as Record<string, unknown>
      expect(card).toMatchObject({
        format: 'sme-dl-public-key/v1',
        keyId: k.key!.keyId,
        holder: { name: '赵评估', agency: '鹤壁某服务商' },
      })
      // Pulled, nothing assigned yet: the list is empty but known to be current.
      expect(await ok('sync.assignments')).toMatchObject({
        items: [],
        fetchedAt: expect.any(String),
      })
      // Not due yet (backoff); requeue only works on rejected items.
      expect(await err('sync.requeue', { bundleId: bundle.bundleId })).toMatchObject({
        code: 'VALIDATION',
        field: 'bundleId',
      })

      // Correction: a new version of the assessment, signed as a new bundle naming the first.
      const corr = await ok('assessments.correct', { id, reason: '现场复核更正SC05' })
      const cid = corr.assessment.id
      await ok('assessments.setScene', { assessmentId: cid, sceneId: 'SC05', level: 3 })
      await ok('assessments.complete', { id: cid })
      const v2 = await ok('bundles.create', { assessmentId: cid })
      expect(v2).toMatchObject({ version: 2, recordId: bundle.recordId })

      // v1 waits out its backoff; v2 waits for v1 (the server needs the version it replaces first).
      expect(await ok('sync.run')).toMatchObject({ accepted: 0, retried: 0, rejected: 0 })
      clock += 2000
      expect(await ok('sync.run')).toMatchObject({ accepted: 2, retried: 0, rejected: 0 })
      const list = await ok('bundles.list')
      expect(list.items.map((x) => [x.version, x.outbox?.state])).toEqual([
        [2, 'accepted'],
        [1, 'accepted'],
      ])
      const receipt = JSON.parse(list.items[0]!.outbox!.receipt!) as {
        receipt: { bundleId: string; version: number }
      }
      expect(receipt.receipt).toMatchObject({ bundleId: v2.bundleId, version: 2 })
      expect((await ok('sync.status')).counts).toEqual({
        queued: 0,
        sending: 0,
        accepted: 2,
        rejected: 0,
      })

      // USB: export, import on another device; a changed byte is refused.
      const file = await ok('bundles.export', { bundleId: bundle.bundleId })
      expect(file.fileName).toMatch(/^鹤壁同步测试\d+有限公司-v1-.{8}\.dlbundle$/)
      const on = (m: string, i: unknown) => dispatch(other, m, i)
      const imp = await ok(
        'bundles.import',
        { fileName: file.fileName, contentBase64: file.contentBase64 },
        on,
      )
      expect(imp).toMatchObject({
        status: 'stored',
        bundle: { bundleId: bundle.bundleId, source: 'import', outbox: null },
      })
      expect(
        (
          await ok(
            'bundles.import',
            { fileName: file.fileName, contentBase64: file.contentBase64 },
            on,
          )
        ).status,
      ).toBe('present')
      const un = unpackBundle(Buffer.from(file.contentBase64, 'base64'))
      if (!un.ok) throw new Error(un.error)
      const manifest = JSON.parse(fromUtf8(un.files.get('manifest.json')!)) as {
        evidence: { sha256: string }[]
      }
      const sha = manifest.evidence[0]!.sha256
      const evidence = new Map([[sha, Uint8Array.from(un.files.get(`evidence/${sha}`)!)]])
      evidence.get(sha)![20]! ^= 1
      const bad = packBundle({
        manifestBytes: un.files.get('manifest.json')!,
        signature: JSON.parse(fromUtf8(un.files.get('signature.json')!)),
        evidence,
      })
      const e = await err(
        'bundles.import',
        { fileName: 'bad.dlbundle', contentBase64: Buffer.from(bad).toString('base64') },
        on,
      )
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })
      // plain Chinese first, what to do, then the verifier's exact finding for support
      expect(e.message).toMatch(
        /^「bad.dlbundle」验证未通过：其中的佐证文件在签名后被改动过。请向发送方重新索取/,
      )
      expect(e.message).toContain(`（详情：evidence/${sha}: SHA-256 mismatch`)
      expect((await ok('sync.enqueue', { bundleId: bundle.bundleId }, on)).outbox).toMatchObject({
        state: 'queued',
      })
    })
  },
  { backend: () => tempBackend({ now: () => new Date(clock) }) },
)

describe('keys / bundles / sync coverage', () => {
  it('every keys.*, bundles.* and sync.* method was exercised', () => {
    const mine = methods.filter((m) => /^(keys|bundles|sync)\./.test(m))
    expect(mine.length).toBe(19)
    expect(mine.filter((m) => !called.has(m))).toEqual([])
  })
})
