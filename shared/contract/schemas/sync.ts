/**
 * Contract schemas for the assessor's signing key ('keys.*'), signed bundles ('bundles.*') and
 * sync with the central service ('sync.*'). See shared/domain/bundle for the formats.
 */
import { z } from 'zod'
import { OUTBOX_STATES } from '../../domain/bundle/outbox'
import { SIGNATURE_ALGORITHMS } from '../../domain/bundle/types'
import { Base64, Id } from './common'

export const KeyAlgorithm = z.enum(SIGNATURE_ALGORITHMS)

export const KeyInfo = z.object({
  keyId: z.string(),
  algorithm: KeyAlgorithm,
  publicKeyPem: z.string(),
  createdAt: z.string(),
})
/** How the private key is protected: a passphrase, or the OS key store (Electron). */
export const KeyProtection = z.enum(['passphrase', 'os-keystore'])
export const KeysStatus = z.object({
  key: KeyInfo.nullable(),
  /** The existing key's protection; null when there is no key. */
  protection: KeyProtection.nullable(),
  unlocked: z.boolean(),
  /** Whether this app can use the OS key store (Electron with a working keyring). */
  osKeyStore: z.boolean(),
  /** Why an OS-key-store key could not be opened, when it could not. */
  problem: z.string().nullable(),
})
const passphraseRule = z.string().min(8, '口令至少 8 个字符')
export const CreateKeyInput = z
  .object({
    algorithm: KeyAlgorithm.default('Ed25519'),
    protection: KeyProtection.default('passphrase'),
    passphrase: z.string().optional(),
  })
  .superRefine((v, c) => {
    if (v.protection !== 'passphrase') return
    const r = passphraseRule.safeParse(v.passphrase ?? '')
    if (!r.success)
      c.addIssue({ code: 'custom', path: ['passphrase'], message: '口令至少 8 个字符' })
  })
/** The passphrase of a passphrase-protected key; ignored for a key in the OS key store. */
export const UnlockKeyInput = z.object({ passphrase: z.string().default('') })
/**
 * Moves the key to the OS key store (`currentPassphrase` needed) or back to a passphrase
 * (`newPassphrase`; also the way to change the passphrase: give both).
 */
export const ChangeKeyProtectionInput = z
  .object({
    to: KeyProtection,
    currentPassphrase: z.string().optional(),
    newPassphrase: z.string().optional(),
  })
  .superRefine((v, c) => {
    if (v.to !== 'passphrase') return
    if (!passphraseRule.safeParse(v.newPassphrase ?? '').success)
      c.addIssue({ code: 'custom', path: ['newPassphrase'], message: '新口令至少 8 个字符' })
  })

export const OutboxStateSchema = z.enum(OUTBOX_STATES)

export const BundleSummary = z.object({
  bundleId: z.string(),
  recordId: z.string(),
  version: z.int(),
  assessmentId: z.string().nullable(),
  source: z.enum(['local', 'import']),
  enterpriseName: z.string(),
  kind: z.string(),
  level: z.int(),
  evidenceCount: z.int(),
  manifestSha256: z.string(),
  keyId: z.string(),
  createdAt: z.string(),
  /** null = not in the outbox (e.g. an imported bundle) */
  outbox: z
    .object({
      state: OutboxStateSchema,
      attempts: z.int(),
      nextAttemptAt: z.number(),
      lastError: z.string().nullable(),
      /** The server's signed receipt (JSON) once accepted */
      receipt: z.string().nullable(),
    })
    .nullable(),
})
export type BundleSummary = z.infer<typeof BundleSummary>
export const BundleList = z.object({ items: z.array(BundleSummary) })

export const CreateBundleInput = z.object({
  assessmentId: Id,
  /** Queue it for sync right away (default true). */
  enqueue: z.boolean().default(true),
  /**
   * An acceptance: the signed diagnosis bundle (made here or imported) it compares against
   * (manifest.diagnosis, issue 11 item 1). Default: the one its latest formal acceptance report
   * was printed against; without either the acceptance is refused (VALIDATION beforeBundleId).
   */
  beforeBundleId: Id.optional(),
})
export const ImportBundleInput = z.object({
  fileName: z.string().min(1),
  contentBase64: Base64,
})
export const ImportBundleResult = z.object({
  status: z.enum(['stored', 'present']),
  bundle: BundleSummary,
})
export const BundleIdInput = z.object({ bundleId: z.string().min(1, '签名包编号不能为空') })
export const ExportBundleResult = z.object({ fileName: z.string(), contentBase64: Base64 })

export const SyncConfigureInput = z.object({
  serverUrl: z.url({ error: '服务器地址须为 http(s):// 开头的网址' }),
})
export const SyncRegisterInput = z.object({
  name: z.string().trim().min(1, '姓名不能为空'),
  agency: z.string().trim().optional(),
})
export const SyncStatus = z.object({
  serverUrl: z.string().nullable(),
  serverKeyId: z.string().nullable(),
  keyId: z.string().nullable(),
  /** pending / approved / revoked at the server, or null when unknown (offline, not registered) */
  keyStatus: z.string().nullable(),
  counts: z.record(OutboxStateSchema, z.int()),
})
/** `force`: also send queued bundles whose retry backoff has not elapsed (「立即发送」). */
export const SyncRunInput = z.object({ force: z.boolean().optional() }).strict()

export const SyncRunResult = z.object({
  accepted: z.int(),
  rejected: z.int(),
  retried: z.int(),
  evidenceUploaded: z.int(),
  bytesSent: z.int(),
})
export const AssignmentList = z.object({
  items: z.array(
    z.object({
      enterpriseId: z.string(),
      enterpriseName: z.string(),
      uscc: z.string().nullable(),
      county: z.string().nullable(),
      industry: z.string().nullable(),
      batch: z.int().nullable(),
      kind: z.string().nullable(),
    }),
  ),
})
