/**
 * Contract methods 'keys.*', 'bundles.*' and 'sync.*' (issue 5): the assessor's signing key on
 * this device (private key encrypted under a passphrase — unlocked for the session — or under
 * the OS key store in Electron — opened on first use, no passphrase), signed
 * bundles made from completed assessments or imported from files, and the outbox that delivers
 * them to the central service. Files in the data directory:
 *   keys/assessor-key.json   the encrypted key file (dl-assessor-key/v1)
 *   bundles/<id>.dlbundle    every signed bundle held here
 *   sync.json                the central service URL and its pinned receipt key
 * Tables: sync_outbox, sync_bundles (db/migrations 0005).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import type { BundleSummary } from '../../../shared/contract/schemas/sync'
import { SyncClient } from '../../../shared/domain/bundle/client'
import { OUTBOX_STATES } from '../../../shared/domain/bundle/outbox'
import { publicKeyInfoSchema } from '../../../shared/domain/bundle/schema'
import type { BundleManifest, PublicKeyInfo } from '../../../shared/domain/bundle/types'
import { auditChainTip } from '../audit/chain'
import { assessmentTimeline } from '../audit/timeline'
import { BundleError, buildBundle, readManifest, type EvidenceFile } from '../bundle/build'
import {
  createKey,
  KeyError,
  parseKeyFile,
  protectionOf,
  rewrapKeyFile,
  unlockKeyFile,
  type KeyFile,
  type KeySecret,
  type Signer,
} from '../crypto/keys'
import { writeFileDurable } from '../../../node/fs-durable'
import { keyIdOf } from '../crypto/node-crypto'
import { adviceBundlePart } from '../advice/advice.service'
import { loadDetail, markSignedIn, requireAssessment } from '../services/assessments.service'
import type { ServiceContext } from '../services/context'
import { dossierBundlePart } from '../services/dossier.service'
import { detailToFile } from '../services/reports.service'
import { diagnosisCitationFor } from '../services/diagnosis-citation'
import { bundleProblemText } from '../bundle/problem-text'
import { listReports } from '../db/repos/report-registry.repo'
import { BundleStoreError } from './bundle-store'
import {
  bundleStoreOf,
  bundleSummary,
  exportBundle,
  recordBundle,
  storeAndRecord,
} from './bundle-records'
import {
  netError,
  readSyncConfig,
  requireSyncConfig,
  writeSyncConfig,
  type SyncConfig,
} from './sync-config'
import { createSyncClient, nodeFetch } from './http'
import { apply, enqueue, getRow, listRows, type OutboxRow } from './outbox-repo'
import { OutboxRunner } from './runner'

interface SyncState {
  signer?: Signer
  /** Set by keys.lock: an OS-key-store key stays locked until keys.unlock. */
  locked?: boolean
}
const states = new WeakMap<ServiceContext, SyncState>()

const OUTBOX_STATE_NAMES: Record<string, string> = {
  queued: '待发送',
  sending: '发送中',
  accepted: '已接收',
  rejected: '被拒绝',
}

export const keyFilePath = (ctx: ServiceContext): string =>
  join(ctx.dataDir, 'keys', 'assessor-key.json')

/**
 * The device key open in this session for `ctx`, if any (panel.sign signs with it). A key in
 * the OS key store is opened here on first use (unless the user locked it this session).
 */
export function unlockedSigner(ctx: ServiceContext): Signer | undefined {
  const st = states.get(ctx) ?? {}
  states.set(ctx, st)
  if (st.signer || st.locked || !ctx.keySealer) return st.signer
  const path = keyFilePath(ctx)
  if (!existsSync(path)) return undefined
  try {
    const k = parseKeyFile(readFileSync(path, 'utf8'))
    if (protectionOf(k) === 'os-keystore') st.signer = unlockKeyFile(k, { sealer: ctx.keySealer })
  } catch {
    // keys.status tells why (problem); signing then asks for the key as when it is locked
  }
  return st.signer
}

/**
 * The open device key, or a VALIDATION error that names what the user must do: create the
 * key or unlock it ('passphrase'), or unlock / repair an OS-key-store key ('protection').
 */
export function requireSigner(ctx: ServiceContext): Signer {
  const open = unlockedSigner(ctx)
  if (open) return open
  const path = keyFilePath(ctx)
  if (!existsSync(path))
    throw fail.validation(
      '本机尚无签名密钥：请先在「签名与同步」→「评测人员密钥」中创建密钥',
      'passphrase',
    )
  const k = parseKeyFile(readFileSync(path, 'utf8'))
  throw protectionOf(k) === 'os-keystore'
    ? fail.validation(
        states.get(ctx)?.locked
          ? '签名密钥已锁定：请在「签名与同步」→「评测人员密钥」中点「解锁」'
          : '系统密钥库无法打开签名密钥：请在「签名与同步」中查看原因，必要时改为口令保护',
        'protection',
      )
    : fail.validation(
        '签名密钥未解锁：请在「签名与同步」→「评测人员密钥」中输入口令并点「解锁」',
        'passphrase',
      )
}

export function syncServices(ctx: ServiceContext) {
  const st: SyncState = states.get(ctx) ?? {}
  states.set(ctx, st)
  const db = ctx.db
  const keyPath = keyFilePath(ctx)
  const store = bundleStoreOf(ctx)

  const readKey = (): KeyFile | null =>
    existsSync(keyPath) ? parseKeyFile(readFileSync(keyPath, 'utf8')) : null
  const signer = (): Signer => requireSigner(ctx)
  const osKeyStore = (): boolean => Boolean(ctx.keySealer?.available())
  const sealer = () => {
    if (!ctx.keySealer || !ctx.keySealer.available())
      throw fail.validation(
        '本机无法使用系统密钥库（浏览器模式或命令行请使用口令保护）',
        'protection',
      )
    return ctx.keySealer
  }
  const status = (): Output<'keys.status'> => {
    const k = readKey()
    if (!k)
      return {
        key: null,
        protection: null,
        unlocked: false,
        osKeyStore: osKeyStore(),
        problem: null,
      }
    const protection = protectionOf(k)
    let problem: string | null = null
    const open = unlockedSigner(ctx)
    if (!open && protection === 'os-keystore' && !st.locked)
      problem = ctx.keySealer
        ? '系统密钥库无法打开本机签名密钥（是否换了系统用户或电脑？）'
        : '该密钥保存在桌面版的系统密钥库中，浏览器模式和命令行无法使用'
    return {
      key: keyInfo(k),
      protection,
      unlocked: Boolean(open),
      osKeyStore: osKeyStore(),
      problem,
    }
  }
  const writeKey = async (file: KeyFile): Promise<void> => {
    await writeFileDurable(keyPath, Buffer.from(JSON.stringify(file, null, 2) + '\n', 'utf8'))
  }
  const readConfig = (): SyncConfig | null => readSyncConfig(ctx.dataDir)
  const config = (): SyncConfig => requireSyncConfig(ctx.dataDir)
  const client = (): SyncClient =>
    createSyncClient({ baseUrl: config().serverUrl, signer: signer(), fetch: ctx.fetch })
  const keyInfo = (k: KeyFile) => ({
    keyId: k.keyId,
    algorithm: k.algorithm,
    publicKeyPem: k.publicKeyPem,
    createdAt: k.createdAt,
  })

  const summary = (bundleId: string): Promise<BundleSummary> => bundleSummary(db, bundleId)

  return {
    /** The device key (public part), its protection and whether it is open in this session. */
    'keys.status': async (): Promise<Output<'keys.status'>> => status(),
    /** Makes the device key (once; CONFLICT when one exists) and unlocks it. */
    'keys.create': async (input: Input<'keys.create'>): Promise<Output<'keys.create'>> => {
      if (existsSync(keyPath)) throw fail.conflict('本机已有签名密钥；密钥不会被覆盖')
      const secret: KeySecret =
        input.protection === 'os-keystore'
          ? { sealer: sealer() }
          : { passphrase: input.passphrase ?? '' }
      // the new key stays open for the session without a second key derivation
      const { file, signer: opened } = createKey({
        algorithm: input.algorithm,
        ...secret,
        now: ctx.now(),
        ...(ctx.deviceKeyScrypt ? { scrypt: ctx.deviceKeyScrypt } : {}),
      })
      await writeFileDurable(keyPath, Buffer.from(JSON.stringify(file, null, 2) + '\n', 'utf8'), {
        exclusive: true,
      })
      st.signer = opened
      delete st.locked
      return status()
    },
    /** Unlocks the key for this session; a wrong passphrase is VALIDATION on 'passphrase'. */
    'keys.unlock': async (input: Input<'keys.unlock'>): Promise<Output<'keys.unlock'>> => {
      const k = readKey()
      if (!k) throw fail.notFound('尚未创建签名密钥', 'passphrase')
      const osStore = protectionOf(k) === 'os-keystore'
      if (!osStore && !input.passphrase) throw fail.validation('请输入口令', 'passphrase')
      try {
        st.signer = unlockKeyFile(k, osStore ? { sealer: sealer() } : input.passphrase)
      } catch (e) {
        if (e instanceof KeyError)
          throw osStore
            ? fail.validation(
                '系统密钥库无法打开本机签名密钥（是否换了系统用户或电脑？）',
                'protection',
              )
            : fail.validation('口令不正确', 'passphrase')
        throw e
      }
      delete st.locked
      return status()
    },
    'keys.lock': async (): Promise<Output<'keys.lock'>> => {
      delete st.signer
      st.locked = true
      return status()
    },
    /** Passphrase ↔ OS key store, or a new passphrase; the key (and its id) stays the same. */
    'keys.changeProtection': async (
      input: Input<'keys.changeProtection'>,
    ): Promise<Output<'keys.changeProtection'>> => {
      const k = readKey()
      if (!k) throw fail.notFound('尚未创建签名密钥', 'to')
      const from: KeySecret =
        protectionOf(k) === 'os-keystore'
          ? { sealer: sealer() }
          : { passphrase: input.currentPassphrase ?? '' }
      if ('passphrase' in from && !from.passphrase)
        throw fail.validation('请输入当前口令', 'currentPassphrase')
      const to: KeySecret =
        input.to === 'os-keystore'
          ? { sealer: sealer() }
          : { passphrase: input.newPassphrase ?? '' }
      let next: KeyFile
      try {
        next = rewrapKeyFile(k, from, to, ctx.deviceKeyScrypt)
      } catch (e) {
        if (!(e instanceof KeyError)) throw e
        if ('passphrase' in from && /wrong passphrase/.test(e.message))
          throw fail.validation('当前口令不正确', 'currentPassphrase')
        throw fail.validation(e.message, 'passphrase' in to ? 'newPassphrase' : 'protection')
      }
      await writeKey(next)
      st.signer = unlockKeyFile(next, to)
      delete st.locked
      return status()
    },

    /** Signs a completed (or signed) assessment with its evidence into a bundle; idempotent per assessment. A correction names the bundle of the assessment it replaces. */
    'bundles.create': async (input: Input<'bundles.create'>): Promise<Output<'bundles.create'>> => {
      const have = await db
        .selectFrom('syncBundles')
        .select('bundleId')
        .where('assessmentId', '=', input.assessmentId)
        .executeTakeFirst()
      if (have) return summary(have.bundleId)
      const s = signer()
      const d = await loadDetail(ctx.db, input.assessmentId, ctx.registry())
      if (d.assessment.status === 'draft')
        throw fail.validation('草稿不能签名打包，请先完成评测', 'assessmentId')
      let supersedes: { manifest: BundleManifest; reason: string } | undefined
      if (d.assessment.supersedes) {
        const prev = await db
          .selectFrom('syncBundles')
          .select('bundleId')
          .where('assessmentId', '=', d.assessment.supersedes)
          .executeTakeFirst()
        if (!prev)
          throw fail.validation('被更正的上一版评测尚未签名打包，请先为上一版打包', 'assessmentId')
        supersedes = {
          manifest: readManifest(store.read(prev.bundleId)),
          reason: d.assessment.supersedeReason || '更正',
        }
      }
      const evidence: EvidenceFile[] = []
      for (const e of d.evidence)
        evidence.push({
          bytes: await ctx.evidence.read(e.sha256),
          name: e.originalName,
          itemId: /^(Q|SC)\d{2}$/.test(e.itemId) ? e.itemId : null,
          mime: e.mimeType,
        })
      // Issue 8: an acceptance carries its enterprise's dossier (checklist + ledger) and files.
      let dossier: Record<string, unknown> | undefined
      if (d.assessment.kind === 'acceptance') {
        const part = await dossierBundlePart(ctx.db, d.assessment.enterpriseId, ctx.registry())
        if (part.manifest.checklist.entries.length > 0 || part.manifest.ledger.length > 0) {
          dossier = JSON.parse(JSON.stringify(part.manifest)) as Record<string, unknown>
          for (const f of part.files)
            evidence.push({
              bytes: await ctx.evidence.read(f.sha256),
              name: f.originalName,
              itemId: 'dossier',
              mime: f.mimeType,
            })
        }
      }
      // Issue 13: a diagnosis carries its findings and accepted plan, and how alike they are to
      // the most similar other enterprise's diagnosis on this device.
      const row = await requireAssessment(ctx.db, input.assessmentId, 'assessmentId')
      const advicePart = await adviceBundlePart(ctx.db, row, ctx.registry())
      // Issue 11 item 1: an acceptance names the signed diagnosis it compares against.
      const file = detailToFile(d)
      const diagnosis =
        d.assessment.kind === 'acceptance'
          ? await diagnosisCitationFor(ctx, d.assessment.id, file, {
              beforeBundleId: input.beforeBundleId,
              supersedes: supersedes?.manifest,
            })
          : undefined
      const tip = await auditChainTip(ctx.db)
      const timeline = await assessmentTimeline(ctx.db, input.assessmentId, tip.row)
      let built
      try {
        built = buildBundle({
          ...(advicePart ? { advice: advicePart.advice, homogeneity: advicePart.homogeneity } : {}),
          assessment: JSON.parse(JSON.stringify(file)) as Record<string, unknown>,
          evidence,
          ...(diagnosis ? { diagnosis } : {}),
          ...(dossier ? { dossier } : {}),
          signer: s,
          now: ctx.now(),
          registry: ctx.registry(),
          audit: tip,
          timeline,
          // issue 11 item 8: the formal reports of this assessment, by number and report hash
          reports: (await listReports(ctx.db, { assessmentId: d.assessment.id }))
            .filter((r) => r.kind === d.assessment.kind)
            .map((r) => ({
              number: r.number,
              kind: r.kind,
              sha256: r.sha256,
              issuedOn: r.issuedOn,
            })),
          ...(supersedes ? { supersedes } : { recordId: d.assessment.id }),
        })
      } catch (e) {
        if (e instanceof BundleError) throw fail.validation(e.message, 'assessmentId')
        throw e
      }
      // The file first, then every row in one transaction; the file goes again if that fails.
      await storeAndRecord(ctx, built.bytes, async (trx, tx) => {
        await recordBundle(
          trx,
          ctx,
          built.manifest,
          built.manifestSha256,
          'local',
          input.assessmentId,
        )
        if (input.enqueue)
          await enqueue(
            trx,
            {
              bundleId: built.manifest.bundleId,
              recordId: built.manifest.recordId,
              version: built.manifest.version,
              manifestSha256: built.manifestSha256,
            },
            ctx.now().getTime(),
          )
        if (d.assessment.status === 'completed')
          await markSignedIn(trx, tx, ctx, input.assessmentId, {
            bundleId: built.manifest.bundleId,
            keyId: s.info.keyId,
            manifestSha256: built.manifestSha256,
          })
      })
      return summary(built.manifest.bundleId)
    },
    'bundles.list': async (): Promise<Output<'bundles.list'>> => {
      const rows = await db
        .selectFrom('syncBundles')
        .select('bundleId')
        .orderBy('createdAt', 'desc')
        .orderBy('version', 'desc')
        .execute()
      return { items: await Promise.all(rows.map((r) => summary(r.bundleId))) }
    },
    'bundles.get': async (input: Input<'bundles.get'>): Promise<Output<'bundles.get'>> => {
      return summary(input.bundleId)
    },
    /** A bundle file from a USB stick: the same verification as `verify` and the central service. */
    'bundles.import': async (input: Input<'bundles.import'>): Promise<Output<'bundles.import'>> => {
      try {
        const { stored: r } = await storeAndRecord(
          ctx,
          Buffer.from(input.contentBase64, 'base64'),
          (trx, _tx, r) => recordBundle(trx, ctx, r.manifest, r.manifestSha256, 'import', null),
        )
        return { status: r.status, bundle: await summary(r.bundleId) }
      } catch (e) {
        if (e instanceof BundleStoreError)
          throw fail.validation(bundleProblemText(input.fileName, e.problems), 'contentBase64')
        throw e
      }
    },
    'bundles.export': async (input: Input<'bundles.export'>): Promise<Output<'bundles.export'>> =>
      exportBundle(ctx, input.bundleId),

    /** Sets the central service URL and pins its receipt key (fetched once, shown to the user). */
    'sync.configure': async (input: Input<'sync.configure'>): Promise<Output<'sync.configure'>> => {
      let key: PublicKeyInfo
      try {
        key = await new SyncClient({
          baseUrl: input.serverUrl,
          fetch: ctx.fetch ?? nodeFetch,
          signer: {
            info: { keyId: '', algorithm: 'Ed25519', publicKeyPem: '' },
            sign: () => new Uint8Array(),
          },
          sha256Hex: () => '',
          nonce: () => '',
          now: () => Date.now(),
        }).serverKey()
      } catch (e) {
        throw netError(e)
      }
      const p = publicKeyInfoSchema.safeParse({
        keyId: key.keyId,
        algorithm: key.algorithm,
        publicKeyPem: key.publicKeyPem,
      })
      if (!p.success || keyIdOf(p.data) !== p.data.keyId)
        throw fail.validation('中心服务返回的公钥无效', 'serverUrl')
      writeSyncConfig(ctx.dataDir, { serverUrl: input.serverUrl, serverKey: p.data })
      return statusOf()
    },
    /** Registers the device key at the central service (pending until an administrator approves). */
    'sync.register': async (input: Input<'sync.register'>): Promise<Output<'sync.register'>> => {
      try {
        await client().register(
          { name: input.name, ...(input.agency ? { agency: input.agency } : {}) },
          ctx.now().toISOString(),
        )
      } catch (e) {
        throw netError(e)
      }
      return statusOf()
    },
    'sync.status': async (): Promise<Output<'sync.status'>> => {
      return statusOf()
    },
    /** Delivers every due bundle once (`force`: also those still in backoff); states and reasons are in bundles.list. */
    'sync.run': async (input: Input<'sync.run'>): Promise<Output<'sync.run'>> => {
      const c = requireSyncConfig(ctx.dataDir, '发送签名包（签名包会留在发送队列中，不会丢失）')
      const runner = new OutboxRunner({
        db,
        store,
        client: client(),
        clock: () => ctx.now().getTime(),
        serverKey: c.serverKey,
        registry: ctx.registry(),
      })
      await runner.recover()
      return runner.runOnce({ force: input.force === true })
    },
    /** A rejected bundle back into the queue (after the cause was fixed at the server). */
    'sync.requeue': async (input: Input<'sync.requeue'>): Promise<Output<'sync.requeue'>> => {
      const row = await getRow(db, input.bundleId)
      if (!row) throw fail.notFound(`签名包不在发送队列中（${input.bundleId}）`, 'bundleId')
      if (row.state !== 'rejected')
        throw fail.validation(
          `只有被拒绝的签名包可以重新排队（当前：${OUTBOX_STATE_NAMES[row.state] ?? row.state}）`,
          'bundleId',
        )
      await apply(db, row, { type: 'requeue', now: ctx.now().getTime() })
      return summary(input.bundleId)
    },
    'sync.enqueue': async (input: Input<'sync.enqueue'>): Promise<Output<'sync.enqueue'>> => {
      const s = await summary(input.bundleId)
      await enqueue(
        db,
        {
          bundleId: s.bundleId,
          recordId: s.recordId,
          version: s.version,
          manifestSha256: s.manifestSha256,
        },
        ctx.now().getTime(),
      )
      return summary(input.bundleId)
    },
    // 'sync.pull' and 'sync.assignments' (stored, offline): references.service.ts
  }

  async function statusOf(): Promise<Output<'sync.status'>> {
    const c = readConfig()
    const k = readKey()
    const rows: OutboxRow[] = await listRows(db)
    const counts = Object.fromEntries(
      OUTBOX_STATES.map((s) => [s, rows.filter((r) => r.state === s).length]),
    ) as Record<(typeof OUTBOX_STATES)[number], number>
    let keyStatus: string | null = null
    if (c && k) {
      try {
        keyStatus = (
          await createSyncClient({
            baseUrl: c.serverUrl,
            signer: { info: keyInfo(k), sign: () => new Uint8Array() },
            fetch: ctx.fetch,
          }).keyStatus(k.keyId)
        ).status
      } catch {
        keyStatus = null
      }
    }
    return {
      serverUrl: c?.serverUrl ?? null,
      serverKeyId: c?.serverKey.keyId ?? null,
      keyId: k?.keyId ?? null,
      keyStatus,
      counts,
    }
  }
}
