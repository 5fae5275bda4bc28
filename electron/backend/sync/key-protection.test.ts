/**
 * The signing key in the OS key store (issue 5 §1): created without a passphrase, opened on
 * first use after a restart, useless to another OS user/computer, and movable between the OS
 * key store and a passphrase without changing its id. Real backends on real SQLite files; the
 * OS key store itself is stood in for by testSealer() (safeStorage needs the Electron binary).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { rawKeyProvider } from '../storage/key-provider'
import { enterpriseInput, fullAnswers, SCENE_IDS, tempDir, testSealer } from '../test-helpers'
import { randomBytes } from 'node:crypto'
import type { SecretSealer } from '../crypto/secret-sealer'
import { verifyBundleBytes } from '../bundle/build'

const dirs: (() => void)[] = []
const open: Backend[] = []
afterAll(async () => {
  for (const b of open) await b.close()
  for (const c of dirs) c()
})

const dbKey = randomBytes(32)
async function start(dataDir: string, keySealer?: SecretSealer): Promise<Backend> {
  const b = await createBackend({
    dataDir,
    key: rawKeyProvider(dbKey),
    autoBackup: false,
    ...(keySealer ? { keySealer } : {}),
  })
  open.push(b)
  return b
}
function keyKdf(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, 'keys', 'assessor-key.json'), 'utf8')).kdf
}
function fresh(): string {
  const t = tempDir('dl-keyprot-')
  dirs.push(t.cleanup)
  return t.dir
}

async function call<T = Record<string, unknown>>(b: Backend, method: string, input: unknown) {
  const w = await dispatch(b, method, input)
  return w as
    { ok: true; value: T } | { ok: false; error: { code: string; field?: string; message: string } }
}
async function ok<T = Record<string, unknown>>(b: Backend, method: string, input: unknown) {
  const w = await call<T>(b, method, input)
  if (!w.ok) throw new Error(`${method}: ${w.error.code} ${w.error.field} ${w.error.message}`)
  return w.value
}

async function signedBundle(b: Backend, n: number): Promise<Uint8Array> {
  const ent = await ok<{ id: string }>(b, 'enterprises.create', enterpriseInput(n))
  const a = await ok<{ assessment: { id: string } }>(b, 'assessments.create', {
    enterpriseId: ent.id,
    kind: 'diagnosis',
    assessorName: '张三',
    assessedOn: '2026-11-27',
  })
  const id = a.assessment.id
  for (const [q, sel] of Object.entries(fullAnswers()))
    await ok(b, 'assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
  for (const sc of SCENE_IDS)
    await ok(b, 'assessments.setScene', { assessmentId: id, sceneId: sc, level: 2 })
  await ok(b, 'assessments.complete', { id })
  const bundle = await ok<{ bundleId: string }>(b, 'bundles.create', {
    assessmentId: id,
    enqueue: false,
  })
  const file = await ok<{ contentBase64: string }>(b, 'bundles.export', {
    bundleId: bundle.bundleId,
  })
  return new Uint8Array(Buffer.from(file.contentBase64, 'base64'))
}

describe('signing key in the OS key store', () => {
  it('is created without a passphrase, opens itself after a restart, and signs bundles that verify', async () => {
    const dir = fresh()
    const sealer = testSealer()
    const b1 = await start(dir, sealer)
    const before = await ok(b1, 'keys.status', {})
    expect(before).toMatchObject({ key: null, protection: null, osKeyStore: true, unlocked: false })
    const made = await ok<{ key: { keyId: string } }>(b1, 'keys.create', {
      algorithm: 'SM2-SM3',
      protection: 'os-keystore',
    })
    expect(made).toMatchObject({ protection: 'os-keystore', unlocked: true, problem: null })
    const file = JSON.parse(readFileSync(join(dir, 'keys', 'assessor-key.json'), 'utf8'))
    expect(file.kdf).toMatchObject({ name: 'os-keystore', store: 'test-sealer' })
    expect(JSON.stringify(file)).not.toMatch(/PRIVATE KEY|passphrase/i)
    await b1.close()

    const b2 = await start(dir, sealer)
    expect(await ok(b2, 'keys.status', {})).toMatchObject({
      key: { keyId: made.key.keyId },
      protection: 'os-keystore',
      unlocked: true,
    })
    const bytes = await signedBundle(b2, 301)
    const v = verifyBundleBytes(bytes)
    expect(v.ok).toBe(true)
    if (v.ok) expect(v.manifest.assessorKey.keyId).toBe(made.key.keyId)

    // locked by the user: stays locked until unlocked, no passphrase needed to unlock
    await ok(b2, 'keys.lock', {})
    expect(await ok(b2, 'keys.status', {})).toMatchObject({ unlocked: false, problem: null })
    const refused = await call(b2, 'bundles.create', { assessmentId: 'x', enqueue: false })
    expect(refused.ok || refused.error.field).toBe('protection')
    expect(await ok(b2, 'keys.unlock', {})).toMatchObject({ unlocked: true })
  })

  it('another OS user or computer (another sealer) cannot open it; browser mode says why; nothing is changed', async () => {
    const dir = fresh()
    const b1 = await start(dir, testSealer())
    await ok(b1, 'keys.create', { protection: 'os-keystore' })
    await b1.close()
    const keyBefore = readFileSync(join(dir, 'keys', 'assessor-key.json'), 'utf8')

    const other = await start(dir, testSealer())
    const st = await ok<{ unlocked: boolean; problem: string }>(other, 'keys.status', {})
    expect(st.unlocked).toBe(false)
    expect(st.problem).toMatch(/系统密钥库无法打开/)
    const u = await call(other, 'keys.unlock', {})
    expect(u.ok || u.error.field).toBe('protection')
    await other.close()

    const browser = await start(dir)
    const bs = await ok<{ osKeyStore: boolean; problem: string }>(browser, 'keys.status', {})
    expect(bs.osKeyStore).toBe(false)
    expect(bs.problem).toMatch(/浏览器模式/)
    const u2 = await call(browser, 'keys.unlock', { passphrase: 'whatever passphrase' })
    expect(u2.ok || u2.error.field).toBe('protection')
    expect(readFileSync(join(dir, 'keys', 'assessor-key.json'), 'utf8')).toBe(keyBefore)
  })

  it('without a usable OS key store, creating an OS-key-store key is refused naming protection', async () => {
    const sealer = testSealer()
    sealer.setAvailable(false)
    for (const b of [await start(fresh()), await start(fresh(), sealer)]) {
      expect((await ok(b, 'keys.status', {})).osKeyStore).toBe(false)
      const r = await call(b, 'keys.create', { protection: 'os-keystore' })
      expect(r.ok || r.error.field).toBe('protection')
      expect((await ok(b, 'keys.status', {})).key).toBeNull()
      const short = await call(b, 'keys.create', { protection: 'passphrase', passphrase: 'short' })
      expect(short.ok || short.error.field).toBe('passphrase')
    }
  })

  it('moves passphrase → OS key store → new passphrase keeping the key id; wrong passphrases name their field', async () => {
    const dir = fresh()
    const sealer = testSealer()
    const b = await start(dir, sealer)
    const made = await ok<{ key: { keyId: string } }>(b, 'keys.create', {
      passphrase: 'first passphrase',
    })
    // a backend without deviceKeyScrypt makes the product's key file: scrypt N=2^15
    expect(keyKdf(dir)).toMatchObject({ name: 'scrypt', N: 2 ** 15, r: 8, p: 1 })
    const wrong = await call(b, 'keys.changeProtection', {
      to: 'os-keystore',
      currentPassphrase: 'not the passphrase',
    })
    expect(wrong.ok || wrong.error.field).toBe('currentPassphrase')
    const moved = await ok(b, 'keys.changeProtection', {
      to: 'os-keystore',
      currentPassphrase: 'first passphrase',
    })
    expect(moved).toMatchObject({ key: { keyId: made.key.keyId }, protection: 'os-keystore' })
    const short = await call(b, 'keys.changeProtection', { to: 'passphrase', newPassphrase: 'x' })
    expect(short.ok || short.error.field).toBe('newPassphrase')
    const back = await ok(b, 'keys.changeProtection', {
      to: 'passphrase',
      newPassphrase: 'second passphrase',
    })
    expect(back).toMatchObject({ key: { keyId: made.key.keyId }, protection: 'passphrase' })
    expect(keyKdf(dir)).toMatchObject({ name: 'scrypt', N: 2 ** 15 })
    await b.close()

    const again = await start(dir, sealer)
    expect(await ok(again, 'keys.status', {})).toMatchObject({
      protection: 'passphrase',
      unlocked: false,
    })
    const old = await call(again, 'keys.unlock', { passphrase: 'first passphrase' })
    expect(old.ok || old.error.field).toBe('passphrase')
    expect(await ok(again, 'keys.unlock', { passphrase: 'second passphrase' })).toMatchObject({
      unlocked: true,
      key: { keyId: made.key.keyId },
    })
  })

  it('deviceKeyScrypt sets the cost of the keys it makes and re-protects; the file records it and unlocks by it', async () => {
    const dir = fresh()
    const b = await createBackend({
      dataDir: dir,
      key: rawKeyProvider(dbKey),
      autoBackup: false,
      keySealer: testSealer(),
      deviceKeyScrypt: { N: 2 ** 14, r: 8, p: 1 },
    })
    open.push(b)
    const made = await ok<{ key: { keyId: string } }>(b, 'keys.create', {
      passphrase: 'cheap passphrase',
    })
    expect(keyKdf(dir)).toMatchObject({ name: 'scrypt', N: 2 ** 14, r: 8, p: 1 })
    await ok(b, 'keys.changeProtection', {
      to: 'os-keystore',
      currentPassphrase: 'cheap passphrase',
    })
    await ok(b, 'keys.changeProtection', { to: 'passphrase', newPassphrase: 'other passphrase' })
    expect(keyKdf(dir)).toMatchObject({ name: 'scrypt', N: 2 ** 14 })
    await b.close()
    // another backend (default cost) opens it by the cost the file records
    const again = await start(dir)
    expect(await ok(again, 'keys.unlock', { passphrase: 'other passphrase' })).toMatchObject({
      unlocked: true,
      key: { keyId: made.key.keyId },
    })
  })
})
