/** Test helpers for backend tests: real SQLite files in temp directories. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { usccCheckChar } from '../../shared/domain/enterprise/uscc'
import type { Backend, BackendOptions } from './create-backend'
import type { SecretSealer } from './crypto/secret-sealer'
import { rawKeyProvider } from './storage/key-provider'

export function tempDir(prefix = 'dl-assessor-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * scrypt's cost in tests where the cost is not what is tested. For the signing keys test backends
 * make: N=2^14, the lowest a key file accepts (crypto/keys.ts), instead of the default N=2^15 —
 * half of the 0.2 s and 32 MiB each key made or unlocked cost (84 derivations, 17 s in one run of
 * the Node projects, measured 2026-12-07); the default is tested in sync/key-protection.test.ts.
 * Also the database key headers of backup-cli.test.ts and the e2e hosts (instead of N=2^17; that
 * default is tested in storage/encryption.test.ts).
 */
export const TEST_KEY_SCRYPT = { N: 2 ** 14, r: 8, p: 1 } as const

/**
 * A backend on a fresh temp directory. Encrypted like production (random raw key, so no slow
 * scrypt) unless `key: 'unencrypted'` is passed; automatic backups off unless asked; signing keys
 * made with TEST_KEY_SCRYPT unless `deviceKeyScrypt` says otherwise.
 */
export async function tempBackend(
  opts: Partial<BackendOptions> = {},
): Promise<Backend & { cleanup: () => Promise<void> }> {
  const { dir, cleanup } = tempDir()
  // loaded lazily: the db tests use this module without pulling in every service
  const { createBackend } = await import('./create-backend')
  const b = await createBackend({
    dataDir: dir,
    key: rawKeyProvider(randomBytes(32)),
    autoBackup: false,
    deviceKeyScrypt: TEST_KEY_SCRYPT,
    ...opts,
  })
  return Object.assign(b, {
    cleanup: async () => {
      await b.close()
      cleanup()
    },
  })
}

/** A valid 统一社会信用代码 (GB 32100 check character computed) from a number. */
export function makeUscc(n: number): string {
  const first17 = `914106${String(n).padStart(11, '0')}`
  return first17 + usccCheckChar(first17)
}

/** A valid answer for every question: the highest-scoring single option / all non-exclusive options. */
export function fullAnswers(): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const q of MIIT_2024.catalogue.questions) {
    if (q.type === 'single') {
      const best = [...q.options].sort((a, b) => b.score - a.score)[0]
      if (best) out[q.id] = best.key
    } else {
      out[q.id] = q.options.filter((o) => !o.exclusive).map((o) => o.key)
    }
  }
  return out
}

export const SCENE_IDS = MIIT_2024.catalogue.scenes.map((s) => s.id)
export const QUESTION_IDS = MIIT_2024.catalogue.questions.map((q) => q.id)

export function enterpriseInput(n: number, over: Record<string, unknown> = {}) {
  return {
    uscc: makeUscc(n),
    name: `鹤壁测试企业${n}有限公司`,
    county: '淇滨区',
    industry: 'electrical_electronics' as const,
    size: 'small' as const,
    ...over,
  }
}

/** The names of the files in a data directory's evidence store (temp files included), sorted. */
export function storedEvidenceFiles(dataDir: string): string[] {
  const root = join(dataDir, 'evidence')
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort()
}

/**
 * `enterpriseInput` with every optional field the contract's schema defaults (for services
 * called directly, without the contract's parsing); `over` wins.
 */
export function fullEnterpriseInput(n: number, over: Record<string, unknown> = {}) {
  return {
    ...enterpriseInput(n),
    subIndustry: '',
    zjtx: 'none' as const,
    batch: 1,
    contact: '',
    phone: '',
    address: '',
    ...over,
  }
}

/**
 * A stand-in for the OS key store in tests (Electron's safeStorage cannot run under plain Node):
 * seals with AES-256-GCM under a key only this object holds — another `testSealer()` is
 * "another computer" and cannot unseal. `available` can be switched off ("no keyring").
 */
export function testSealer(): SecretSealer & { setAvailable(v: boolean): void } {
  const key = randomBytes(32)
  let ok = true
  return {
    store: 'test-sealer',
    available: () => ok,
    setAvailable: (v) => void (ok = v),
    seal(secret) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(secret), c.final()])
      return Buffer.concat([iv, c.getAuthTag(), body])
    },
    unseal(sealed) {
      const b = Buffer.from(sealed)
      const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12))
      d.setAuthTag(b.subarray(12, 28))
      return Buffer.concat([d.update(b.subarray(28)), d.final()])
    },
  }
}

/**
 * A completed, signed diagnosis of `enterpriseId` on `b` (issue 11 item 1: every acceptance
 * bundle cites one): all questions answered, every scene at `sceneLevel`, assessed on
 * `assessedOn` (before the acceptance). Returns its bundle (id, manifest SHA-256, file bytes).
 * The device's key must be unlocked.
 */
export async function signedDiagnosis(
  b: Backend,
  enterpriseId: string,
  assessedOn: string,
  sceneLevel = 1,
): Promise<{ bundleId: string; manifestSha256: string; bytes: Buffer; assessmentId: string }> {
  const s = b.services
  const a = await s['assessments.create']({
    enterpriseId,
    kind: 'diagnosis',
    assessorName: '诊断评测员',
    assessorAgency: '',
    assessedOn,
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await s['assessments.setAnswer']({ assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await s['assessments.setScene']({ assessmentId: id, sceneId: sc, level: sceneLevel })
  await s['assessments.complete']({ id })
  const bundle = await s['bundles.create']({ assessmentId: id, enqueue: false })
  const file = await s['bundles.export']({ bundleId: bundle.bundleId })
  return {
    bundleId: bundle.bundleId,
    manifestSha256: bundle.manifestSha256,
    bytes: Buffer.from(file.contentBase64, 'base64'),
    assessmentId: id,
  }
}
