/**
 * Encryption at rest with real files: SQLCipher 4 database, AES-256-GCM evidence, passphrase
 * header, wrong key touching nothing, in-place migration of a plain database.
 */
import { createDecipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import PlainDatabase from 'better-sqlite3'
import CipherDatabase from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../create-backend'
import { dispatch } from '../dispatch'
import { enterpriseInput, tempDir } from '../test-helpers'
import { EVIDENCE_MAGIC } from '../evidence/evidence-store'
import {
  DEFAULT_SCRYPT,
  KEY_HEADER_FILE,
  passphraseFromEnv,
  passphraseKeyProvider,
  rawKeyProvider,
  type KeyProvider,
} from './key-provider'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

const FAST = { N: 2 ** 14, r: 8, p: 1 } // tests only; production default is N=2^17
const pass = (p: string) => passphraseKeyProvider({ passphrase: p, scrypt: FAST })
const NAME = '鹤壁机密企业有限公司'
const SECRET = Buffer.from('现场照片：机密工艺参数 ABCDEFGH'.repeat(20))

function dir() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

async function open(dataDir: string, key: KeyProvider | 'unencrypted'): Promise<Backend> {
  const b = await createBackend({ dataDir, key, autoBackup: false })
  cleanups.push(() => b.close())
  return b
}

async function seed(b: Backend) {
  const e = await b.services['enterprises.create']({
    ...enterpriseInput(7, { name: NAME }),
    subIndustry: '',
    zjtx: 'none',
    batch: null,
    contact: '',
    phone: '',
    address: '',
  })
  const d = await b.services['assessments.create']({
    enterpriseId: e.id,
    kind: 'diagnosis',
    assessorName: '王',
    assessorAgency: '',
    assessedOn: null,
  })
  const ev = await b.services['evidence.add']({
    assessmentId: d.assessment.id,
    itemId: 'Q01',
    fileName: 'photo.txt',
    contentBase64: SECRET.toString('base64'),
  })
  return { enterpriseId: e.id, assessmentId: d.assessment.id, evidence: ev }
}

async function names(b: Backend): Promise<string[]> {
  const r = await dispatch(b, 'enterprises.list', {})
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { items: Array<{ name: string }> }).items.map((e) => e.name)
}

/** path → sha256 of every file under `root` */
function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const d of readdirSync(root, { recursive: true, withFileTypes: true }))
    if (d.isFile()) {
      const p = join(d.parentPath, d.name)
      out[p] = createHash('sha256').update(readFileSync(p)).digest('hex')
    }
  return out
}

/**
 * An independent SQLCipher 4 reader written from the published format (not the library under
 * test): per 4096-byte page AES-256-CBC with the raw key, 80 reserved bytes = 16-byte IV + 64-byte
 * HMAC-SHA512 over (ciphertext | IV | page number LE) with key PBKDF2-SHA512(key, salt ^ 0x3a, 2).
 * The first 16 bytes of the file are the salt. Returns the plain SQLite file.
 */
function decryptSqlcipher4(file: Buffer, key: Uint8Array): Buffer {
  const PS = 4096
  const RES = 80
  const salt = file.subarray(0, 16)
  const hmacKey = pbkdf2Sync(key, Buffer.from(salt.map((b) => b ^ 0x3a)), 2, 32, 'sha512')
  const pages: Buffer[] = []
  for (let n = 1; n * PS <= file.length; n++) {
    const page = file.subarray((n - 1) * PS, n * PS)
    const start = n === 1 ? 16 : 0
    const pg = Buffer.alloc(4)
    pg.writeUInt32LE(n)
    const mac = createHmac('sha512', hmacKey)
      .update(page.subarray(start, PS - 64))
      .update(pg)
      .digest()
    if (!mac.equals(page.subarray(PS - 64))) throw new Error(`HMAC of page ${n} does not verify`)
    const d = createDecipheriv('aes-256-cbc', key, page.subarray(PS - RES, PS - RES + 16))
    d.setAutoPadding(false)
    const plain = Buffer.concat([d.update(page.subarray(start, PS - RES)), d.final()])
    const head = n === 1 ? [Buffer.from('SQLite format 3\0', 'latin1')] : []
    pages.push(Buffer.concat([...head, plain, Buffer.alloc(RES)]))
  }
  return Buffer.concat(pages)
}

const isPlainSqlite = (f: string) =>
  readFileSync(f).subarray(0, 16).toString('latin1') === 'SQLite format 3\0'

describe('encryption at rest', () => {
  it('passphrase mode: SQLCipher 4 file (raw SQLCipher pragmas and an independent spec-based decoder read it), key header records scrypt params, app.info says encrypted', async () => {
    const dataDir = dir()
    const b = await open(dataDir, pass('correct horse battery'))
    const s = await seed(b)
    const info = await b.services['app.info']({})
    expect(info).toMatchObject({ encrypted: true, keySource: 'passphrase' })
    await b.close()

    const dbFile = join(dataDir, 'assessor.sqlite')
    const raw = readFileSync(dbFile)
    expect(isPlainSqlite(dbFile)).toBe(false)
    expect(raw.includes(Buffer.from(NAME))).toBe(false)
    // plain SQLite cannot read it
    const plain = new PlainDatabase(dbFile)
    expect(() => plain.prepare('SELECT * FROM enterprises').all()).toThrow(/not a database/)
    plain.close()

    const header = JSON.parse(readFileSync(join(dataDir, KEY_HEADER_FILE), 'utf8')) as Record<
      string,
      unknown
    >
    expect(header).toMatchObject({ format: 'dl-assessor-key/1', kdf: 'scrypt', ...FAST })
    expect(Buffer.from(String(header.salt), 'base64').length).toBe(16)

    // any SQLCipher 4 implementation: cipher sqlcipher, legacy 4, raw key x'…'
    const key = await pass('correct horse battery').getKey(dataDir)
    const c = new CipherDatabase(dbFile)
    c.pragma(`cipher='sqlcipher'`)
    c.pragma('legacy=4')
    c.pragma(`key="x'${Buffer.from(key).toString('hex')}'"`)
    expect(c.prepare('SELECT name FROM enterprises WHERE id = ?').pluck().get(s.enterpriseId)).toBe(
      NAME,
    )
    expect(c.pragma('integrity_check', { simple: true })).toBe('ok')
    c.close()

    // and decrypted independently from the SQLCipher 4 spec, readable by plain SQLite
    const plainCopy = join(dataDir, '..', `${Date.now()}-decrypted.sqlite`)
    writeFileSync(plainCopy, decryptSqlcipher4(raw, key))
    cleanups.push(() => rmSync(plainCopy, { force: true }))
    const p2 = new PlainDatabase(plainCopy, { readonly: true })
    expect(p2.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(p2.prepare('SELECT name FROM enterprises').pluck().all()).toEqual([NAME])
    p2.close()

    // evidence: encrypted on disk, addressed by the plaintext hash, decrypted on read
    const sha = createHash('sha256').update(SECRET).digest('hex')
    expect(s.evidence.sha256).toBe(sha)
    const evFile = join(dataDir, 'evidence', sha.slice(0, 2), sha)
    const evRaw = readFileSync(evFile)
    expect(evRaw.subarray(0, 4).equals(EVIDENCE_MAGIC)).toBe(true)
    expect(evRaw.includes(Buffer.from('机密工艺参数'))).toBe(false)
    expect(evRaw.length).toBe(SECRET.length + 32)

    const b2 = await open(dataDir, pass('correct horse battery'))
    const content = await b2.services['evidence.content']({ id: s.evidence.id })
    expect(Buffer.from(content.contentBase64, 'base64')).toEqual(SECRET)
    await b2.close()

    // a flipped byte in the evidence file is detected (GCM tag), never served
    evRaw[40] = (evRaw[40] ?? 0) ^ 1
    writeFileSync(evFile, evRaw)
    const b3 = await open(dataDir, pass('correct horse battery'))
    await expect(b3.services['evidence.content']({ id: s.evidence.id })).rejects.toThrow(
      /佐证文件已损坏/,
    )
  })

  it('a new database from DL_PASSPHRASE records the default cost, scrypt N=2^17 (OWASP minimum)', async () => {
    const dataDir = dir()
    const key = await passphraseFromEnv({ DL_PASSPHRASE: 'default cost passphrase' }).getKey(
      dataDir,
    )
    expect(key).toHaveLength(32)
    const header = JSON.parse(readFileSync(join(dataDir, KEY_HEADER_FILE), 'utf8'))
    expect(header).toMatchObject({ kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 })
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 })
  })

  it('a wrong passphrase is WRONG_KEY and modifies no file', async () => {
    const dataDir = dir()
    const b = await open(dataDir, pass('correct horse battery'))
    await seed(b)
    await b.close()
    const before = hashTree(dataDir)
    const err = await createBackend({
      dataDir,
      key: pass('wrong horse battery'),
      autoBackup: false,
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'WRONG_KEY' })
    expect((err as Error).message).toMatch(/^数据库密钥不正确/)
    expect(hashTree(dataDir)).toEqual(before)

    // no key at all on an encrypted database: also refused, nothing touched
    const err2 = await createBackend({ dataDir, key: 'unencrypted', autoBackup: false }).catch(
      (e: unknown) => e,
    )
    expect(err2).toMatchObject({ code: 'WRONG_KEY' })
    expect(hashTree(dataDir)).toEqual(before)

    // the key header lost: refused (a new salt would derive another key), nothing written
    const headerFile = join(dataDir, KEY_HEADER_FILE)
    const headerBytes = readFileSync(headerFile)
    rmSync(headerFile)
    const err3 = await createBackend({
      dataDir,
      key: pass('correct horse battery'),
      autoBackup: false,
    }).catch((e: unknown) => e)
    expect(err3).toMatchObject({ code: 'WRONG_KEY' })
    expect(existsSync(headerFile)).toBe(false)
    writeFileSync(headerFile, headerBytes)
    expect(hashTree(dataDir)).toEqual(before)
    // and the right passphrase still opens it
    const ok = await open(dataDir, pass('correct horse battery'))
    expect(await names(ok)).toEqual([NAME])
  })

  it('an existing plain database (and its evidence) is encrypted in place on first start with a key', async () => {
    const dataDir = dir()
    const b = await open(dataDir, 'unencrypted')
    const s = await seed(b)
    expect(await b.services['app.info']({})).toMatchObject({ encrypted: false, keySource: 'none' })
    await b.services['assessments.setScene']({
      assessmentId: s.assessmentId,
      sceneId: 'SC01',
      level: 3,
    })
    await b.close()
    const dbFile = join(dataDir, 'assessor.sqlite')
    expect(isPlainSqlite(dbFile)).toBe(true)
    const sha = s.evidence.sha256
    const evFile = join(dataDir, 'evidence', sha.slice(0, 2), sha)
    expect(readFileSync(evFile)).toEqual(SECRET)

    const key = randomBytes(32)
    const b2 = await open(dataDir, rawKeyProvider(key))
    expect(await b2.services['app.info']({})).toMatchObject({ encrypted: true, keySource: 'raw' })
    const d = await b2.services['assessments.get']({ id: s.assessmentId })
    expect(d.scenes.SC01).toMatchObject({ level: 3 })
    expect(await names(b2)).toEqual([NAME])
    const c = await b2.services['evidence.content']({ id: s.evidence.id })
    expect(Buffer.from(c.contentBase64, 'base64')).toEqual(SECRET)
    await b2.close()

    expect(isPlainSqlite(dbFile)).toBe(false)
    expect(readFileSync(dbFile).includes(Buffer.from(NAME))).toBe(false)
    expect(readFileSync(evFile).subarray(0, 4).equals(EVIDENCE_MAGIC)).toBe(true)
    expect(readdirSync(dataDir).filter((f) => f.includes('.encrypting-'))).toEqual([])
    const leftovers = readdirSync(join(dataDir, 'evidence'), { recursive: true }).filter((f) =>
      String(f).includes('.tmp-'),
    )
    expect(leftovers).toEqual([])

    // the plain mode now refuses the encrypted database instead of creating a new one
    await expect(
      createBackend({ dataDir, key: 'unencrypted', autoBackup: false }),
    ).rejects.toMatchObject({ code: 'WRONG_KEY' })
  })

  it('a temp copy left by a crash during the migration is removed; the plain file is still the data', async () => {
    const dataDir = dir()
    const b = await open(dataDir, 'unencrypted')
    await seed(b)
    await b.close()
    const stale = join(dataDir, 'assessor.sqlite.encrypting-deadbeef0000')
    writeFileSync(stale, randomBytes(4096))
    const b2 = await open(dataDir, rawKeyProvider(randomBytes(32)))
    expect(existsSync(stale)).toBe(false)
    expect(await names(b2)).toEqual([NAME])
  })
})
