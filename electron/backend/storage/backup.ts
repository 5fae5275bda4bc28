/**
 * Backup and restore (issue 7).
 *
 * A backup is ONE file (.dlbackup):
 *   'DLBACKUP' | u32 BE header length | header JSON | 12-byte nonce | AES-256-GCM(zip) | 16-byte tag
 * The header (authenticated as AAD) says when/what and carries a key check value
 * (HMAC-SHA256(backup key, 'key-check'), first 16 bytes) so a backup made with another key is
 * refused as WRONG_KEY rather than "damaged". The backup key is HKDF(database key, 'backup v1').
 * The zip holds manifest.json (SHA-256 + size of every entry), db/assessor.sqlite (a consistent
 * `VACUUM INTO` snapshot — itself SQLCipher-encrypted with the database key) and
 * evidence/<aa>/<sha256> (plaintext evidence, inside the encrypted container).
 * In the explicit unencrypted test mode the zip is stored without encryption (header cipher 'none').
 *
 * Restore verifies EVERYTHING first — decrypts, checks every checksum, writes the database to a
 * staging directory, opens it with the key and runs integrity_check + cipher_integrity_check,
 * refuses a schema newer than this app — and only then swaps: the live database and evidence
 * move to a rollback directory, the staged ones move in (renames in the same directory tree), the
 * database is reopened and migrated, and only then the rollback copy is deleted. A journal file
 * (restore-journal.json) lets the next start undo a swap a crash interrupted.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { readdir, readFile, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { strToU8, strFromU8, unzipSync, zipSync, type Zippable } from 'fflate'
import { sql, type Kysely } from 'kysely'
import { AppException, fail } from '../../../shared/contract/errors'
import type { Output } from '../../../shared/contract/api'
import { migrations } from '../db/migrations'
import { openHandle, type OpenedDatabase } from '../db/open'
import type { DB } from '../db/schema'
import { EvidenceStore } from '../evidence/evidence-store'
import { sha256Hex } from '../crypto/node-crypto'
import { backupKey, evidenceKey } from './key-provider'
import { mkdirp, renameDurable, renameDurableSync, syncDir, writeFileDurable } from './fs-durable'
import { withStorageErrors } from './storage-errors'

const MAGIC = Buffer.from('DLBACKUP')
const FORMAT = 'dl-assessor-backup/1'
export const BACKUP_DIR = 'backups'
export const AUTO_BACKUP_KEEP = 5
const JOURNAL = 'restore-journal.json'

export interface BackupHeader {
  format: typeof FORMAT
  createdAt: string
  cipher: 'aes-256-gcm' | 'none'
  /** hex, 16 bytes; '' when cipher is 'none' */
  keyCheck: string
  keySource: string
}

interface ManifestEntry {
  path: string
  size: number
  sha256: string
}
interface Manifest {
  format: typeof FORMAT
  createdAt: string
  schemaVersion: string
  counts: { enterprises: number; assessments: number }
  entries: ManifestEntry[]
}

export interface BackupDeps {
  dataDir: string
  dbFile: string
  opened: OpenedDatabase
  db: Kysely<DB>
  key: Uint8Array | undefined
  keySource: string
  evidence: EvidenceStore
  now: () => Date
  schemaVersion: () => string
  /** Runs pending migrations on the (restored) database; returns the schema version. */
  migrate: () => Promise<string>
}

/** 20261127T033500123Z: sortable, no '-' (auto-<reason>-<stamp>) */
const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '')

function keyCheck(backupKey: Uint8Array): string {
  return createHmac('sha256', backupKey)
    .update('key-check')
    .digest()
    .subarray(0, 16)
    .toString('hex')
}

async function counts(db: Kysely<DB>) {
  const e = await db.selectFrom('enterprises').select((x) => x.fn.countAll<number>().as('n'))
  const a = await db.selectFrom('assessments').select((x) => x.fn.countAll<number>().as('n'))
  return {
    enterprises: Number((await e.executeTakeFirstOrThrow()).n),
    assessments: Number((await a.executeTakeFirstOrThrow()).n),
  }
}

/** Builds the backup bytes (in memory) from a consistent snapshot. */
async function buildBackup(deps: BackupDeps): Promise<{ bytes: Buffer; evidenceFiles: number }> {
  const createdAt = deps.now().toISOString()
  const dir = join(deps.dataDir, BACKUP_DIR)
  await mkdirp(dir)
  const snap = join(dir, `.snapshot-${randomBytes(6).toString('hex')}.sqlite`)
  let dbBytes: Buffer
  try {
    await sql`VACUUM INTO ${snap}`.execute(deps.db)
    dbBytes = await readFile(snap)
  } finally {
    await rm(snap, { force: true })
  }
  const files: Zippable = {}
  const entries: ManifestEntry[] = []
  const add = (path: string, b: Uint8Array) => {
    files[path] = b
    entries.push({ path, size: b.byteLength, sha256: sha256Hex(b) })
  }
  add('db/assessor.sqlite', dbBytes)
  const hashes = await deps.evidence.list()
  for (const h of hashes) add(`evidence/${h.slice(0, 2)}/${h}`, await deps.evidence.read(h))
  const manifest: Manifest = {
    format: FORMAT,
    createdAt,
    schemaVersion: deps.schemaVersion(),
    counts: await counts(deps.db),
    entries,
  }
  files['manifest.json'] = strToU8(JSON.stringify(manifest, null, 2))
  const zip = zipSync(files, { level: 0 })
  const bKey = deps.key ? backupKey(deps.key) : undefined
  const header: BackupHeader = {
    format: FORMAT,
    createdAt,
    cipher: bKey ? 'aes-256-gcm' : 'none',
    keyCheck: bKey ? keyCheck(bKey) : '',
    keySource: deps.keySource,
  }
  const hb = Buffer.from(JSON.stringify(header))
  const len = Buffer.alloc(4)
  len.writeUInt32BE(hb.length)
  const head = Buffer.concat([MAGIC, len, hb])
  if (!bKey) return { bytes: Buffer.concat([head, zip]), evidenceFiles: hashes.length }
  const nonce = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', bKey, nonce)
  c.setAAD(head)
  const body = Buffer.concat([c.update(zip), c.final()])
  return {
    bytes: Buffer.concat([head, nonce, body, c.getAuthTag()]),
    evidenceFiles: hashes.length,
  }
}

export async function createBackupFile(
  deps: BackupDeps,
  path?: string,
  name = 'manual',
): Promise<Output<'backup.create'>> {
  return withStorageErrors(deps.dataDir, async () => {
    const target = resolve(
      path ?? join(deps.dataDir, BACKUP_DIR, `${name}-${stamp(deps.now())}.dlbackup`),
    )
    const { bytes, evidenceFiles } = await buildBackup(deps)
    await writeFileDurable(target, bytes)
    const header = parseHeader(bytes, target).header
    return {
      path: target,
      size: bytes.length,
      sha256: sha256Hex(bytes),
      createdAt: header.createdAt,
      encrypted: header.cipher !== 'none',
      evidenceFiles,
    }
  })
}

/** Automatic backup into <dataDir>/backups, keeping the newest `keep` automatic ones. */
export async function autoBackup(
  deps: BackupDeps,
  reason: string,
  keep = AUTO_BACKUP_KEEP,
): Promise<Output<'backup.create'> | null> {
  const c = await counts(deps.db)
  if (c.enterprises === 0 && c.assessments === 0) return null // nothing worth keeping yet
  const info = await createBackupFile(deps, undefined, `auto-${reason}`)
  const dir = join(deps.dataDir, BACKUP_DIR)
  const autos = (await readdir(dir))
    .filter((f) => f.startsWith('auto-') && f.endsWith('.dlbackup'))
    .sort((a, b) => autoTime(a).localeCompare(autoTime(b)) || a.localeCompare(b))
  for (const f of autos.slice(0, Math.max(0, autos.length - keep)))
    await rm(join(dir, f), { force: true })
  return info
}
/** auto-<reason>-<stamp>.dlbackup → stamp (sort key across reasons) */
const autoTime = (f: string) => f.slice(0, -'.dlbackup'.length).split('-').pop() ?? ''

function damaged(path: string, why: string): AppException {
  return fail.validation(`备份文件 ${basename(path)} 已损坏或不是本软件的备份（${why}）`, 'path')
}

function parseHeader(bytes: Buffer, path: string): { header: BackupHeader; head: Buffer } {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC))
    throw damaged(path, '文件头不符')
  const len = bytes.readUInt32BE(MAGIC.length)
  const end = MAGIC.length + 4 + len
  if (len > 65536 || end > bytes.length) throw damaged(path, '文件头长度不符')
  let header: BackupHeader
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length + 4, end).toString('utf8')) as BackupHeader
  } catch {
    throw damaged(path, '文件头不是 JSON')
  }
  if (header.format !== FORMAT) throw damaged(path, `格式 ${String(header.format)}`)
  if (header.cipher !== 'aes-256-gcm' && header.cipher !== 'none')
    throw damaged(path, `加密方式 ${String(header.cipher)}`)
  return { header, head: bytes.subarray(0, end) }
}

export interface VerifiedBackup {
  header: BackupHeader
  manifest: Manifest
  db: Uint8Array
  evidence: Map<string, Uint8Array>
}

/** Decrypts and checks every checksum of a backup file. Writes nothing. */
export async function readBackupFile(
  path: string,
  key: Uint8Array | undefined,
): Promise<VerifiedBackup> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    throw fail.notFound(`找不到备份文件：${path}`, 'path')
  }
  const { header, head } = parseHeader(bytes, path)
  let zip: Uint8Array
  if (header.cipher === 'none') {
    if (key)
      throw fail.validation('该备份文件未加密，不能恢复到加密的数据库（仅供测试模式使用）', 'path')
    zip = bytes.subarray(head.length)
  } else {
    if (!key)
      throw new AppException('WRONG_KEY', '该备份文件已加密，当前数据库未设置密钥，无法恢复')
    const bk = backupKey(key)
    if (header.keyCheck !== keyCheck(bk))
      throw new AppException(
        'WRONG_KEY',
        '备份文件的密钥与当前数据库密钥不一致：无法解密，未做任何改动。请使用同一口令/同一台设备的密钥。',
      )
    const body = bytes.subarray(head.length)
    if (body.length < 28) throw damaged(path, '内容过短')
    try {
      const d = createDecipheriv('aes-256-gcm', bk, body.subarray(0, 12))
      d.setAAD(head)
      d.setAuthTag(body.subarray(body.length - 16))
      zip = Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()])
    } catch {
      throw damaged(path, '解密校验失败')
    }
  }
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zip)
  } catch {
    throw damaged(path, '压缩包无法解开')
  }
  const mf = files['manifest.json']
  if (!mf) throw damaged(path, '缺少 manifest.json')
  let manifest: Manifest
  try {
    manifest = JSON.parse(strFromU8(mf)) as Manifest
  } catch {
    throw damaged(path, 'manifest.json 不是 JSON')
  }
  if (manifest.format !== FORMAT || !Array.isArray(manifest.entries))
    throw damaged(path, 'manifest.json 格式不符')
  const listed = new Set<string>(['manifest.json'])
  const evidence = new Map<string, Uint8Array>()
  let db: Uint8Array | undefined
  for (const e of manifest.entries) {
    const b = files[e.path]
    if (!b) throw damaged(path, `缺少 ${e.path}`)
    if (b.byteLength !== e.size || sha256Hex(b) !== e.sha256)
      throw damaged(path, `${e.path} 校验和不符`)
    listed.add(e.path)
    if (e.path === 'db/assessor.sqlite') db = b
    else {
      const m = /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(e.path)
      if (!m || !m[2]?.startsWith(m[1] ?? '')) throw damaged(path, `未知条目 ${e.path}`)
      evidence.set(m[2], b) // the checksum IS the name: content verified above
      if (e.sha256 !== m[2]) throw damaged(path, `${e.path} 内容与文件名哈希不符`)
    }
  }
  for (const name of Object.keys(files))
    if (!listed.has(name)) throw damaged(path, `清单外的条目 ${name}`)
  if (!db) throw damaged(path, '缺少数据库')
  return { header, manifest, db, evidence }
}

interface Journal {
  phase: 'swapping' | 'done'
  rollback: string
  staging: string
}

const LIVE = (dataDir: string, dbFile: string) => [
  { live: dbFile, name: basename(dbFile) },
  { live: join(dataDir, 'evidence'), name: 'evidence' },
]

/** At start: finishes or undoes a restore a crash interrupted (see restore-journal.json). */
export function recoverInterruptedRestore(dataDir: string, dbFile: string): void {
  const bdir = join(dataDir, BACKUP_DIR)
  if (existsSync(bdir))
    for (const f of readdirSync(bdir))
      if (f.startsWith('.snapshot-') || f.startsWith('.tmp-'))
        rmSync(join(bdir, f), { force: true })
  const jf = join(dataDir, JOURNAL)
  if (!existsSync(jf)) return
  const j = JSON.parse(readFileSync(jf, 'utf8')) as Journal
  if (j.phase === 'swapping') {
    for (const { live, name } of LIVE(dataDir, dbFile)) {
      const back = join(j.rollback, name)
      if (existsSync(back)) {
        rmSync(live, { recursive: true, force: true })
        renameDurableSync(back, live)
      }
    }
  }
  rmSync(j.staging, { recursive: true, force: true })
  rmSync(j.rollback, { recursive: true, force: true })
  rmSync(jf, { force: true })
}

export async function restoreBackupFile(
  deps: BackupDeps,
  path: string,
): Promise<Output<'backup.restore'>> {
  const b = await readBackupFile(resolve(path), deps.key)
  return withStorageErrors(deps.dataDir, async () => {
    const known = new Set(Object.keys(migrations))
    const tag = randomBytes(6).toString('hex')
    const staging = join(deps.dataDir, `.restore-staging-${tag}`)
    const rollback = join(deps.dataDir, `.restore-rollback-${tag}`)
    try {
      await mkdirp(staging)
      const stagedDb = join(staging, basename(deps.dbFile))
      await writeFileDurable(stagedDb, b.db)
      let restoredCounts: { enterprises: number; assessments: number }
      const h = openHandle(stagedDb, deps.key ? { key: deps.key } : {})
      try {
        const ok = h.pragma('integrity_check', { simple: true })
        if (ok !== 'ok') throw damaged(path, `数据库 integrity_check：${String(ok)}`)
        if (deps.key && (h.pragma('cipher_integrity_check') as unknown[]).length)
          throw damaged(path, '数据库 cipher_integrity_check 失败')
        const applied = h
          .prepare('SELECT name FROM kysely_migration ORDER BY name')
          .pluck()
          .all() as string[]
        const unknown = applied.filter((m) => !known.has(m))
        if (unknown.length)
          throw fail.validation(
            `备份来自更新版本的软件（数据库版本 ${unknown.join(', ')}），请先升级软件再恢复`,
            'path',
          )
        restoredCounts = {
          enterprises: h.prepare('SELECT count(*) FROM enterprises').pluck().get() as number,
          assessments: h.prepare('SELECT count(*) FROM assessments').pluck().get() as number,
        }
      } catch (e) {
        if (e instanceof AppException) throw e
        throw damaged(path, `数据库无法打开：${e instanceof Error ? e.message : String(e)}`)
      } finally {
        h.close()
      }
      const store = new EvidenceStore(staging, deps.key ? evidenceKey(deps.key) : undefined)
      for (const [sha, bytes] of b.evidence) {
        const put = await store.put(bytes)
        if (put.sha256 !== sha) throw damaged(path, `证据 ${sha} 校验和不符`)
      }
      await syncDir(staging)

      // Everything verified: swap. The rollback copy stays until the new database is open.
      const jf = join(deps.dataDir, JOURNAL)
      await writeFileDurable(
        jf,
        Buffer.from(JSON.stringify({ phase: 'swapping', rollback, staging } satisfies Journal)),
      )
      const undoAll = async () => {
        for (const { live, name } of LIVE(deps.dataDir, deps.dbFile)) {
          if (!existsSync(join(rollback, name))) continue
          await rm(live, { recursive: true, force: true })
          await renameDurable(join(rollback, name), live)
        }
      }
      try {
        await swap()
      } catch (e) {
        // swapHandle undid the renames and reopened the old database
        if (!existsSync(join(rollback, basename(deps.dbFile)))) await rm(jf, { force: true })
        throw e
      }
      let schemaVersion: string
      try {
        schemaVersion = await deps.migrate()
      } catch (e) {
        await deps.opened.swapHandle(async () => {
          await undoAll()
          await syncDir(deps.dataDir)
        })
        await rm(jf, { force: true })
        throw e
      }
      await writeFileDurable(
        jf,
        Buffer.from(JSON.stringify({ phase: 'done', rollback, staging } satisfies Journal)),
      )
      await rm(rollback, { recursive: true, force: true })
      await rm(jf, { force: true })
      return {
        path: resolve(path),
        createdAt: b.header.createdAt,
        schemaVersion,
        ...restoredCounts,
        evidenceFiles: b.evidence.size,
      }

      async function swap() {
        await deps.opened.swapHandle(async () => {
          await mkdirp(rollback)
          const moved: Array<{ live: string; name: string }> = []
          const undo = async () => {
            for (const { live, name } of moved.reverse()) {
              await rm(live, { recursive: true, force: true })
              await renameDurable(join(rollback, name), live)
            }
          }
          try {
            for (const side of ['-wal', '-shm']) await rm(deps.dbFile + side, { force: true }) // clean close: WAL checkpointed
            for (const item of LIVE(deps.dataDir, deps.dbFile)) {
              if (existsSync(item.live)) {
                await renameDurable(item.live, join(rollback, item.name))
                moved.push(item)
              }
            }
            await renameDurable(stagedDb, deps.dbFile)
            if (existsSync(join(staging, 'evidence')))
              await renameDurable(join(staging, 'evidence'), join(deps.dataDir, 'evidence'))
            await syncDir(deps.dataDir)
          } catch (e) {
            await undo()
            throw e
          }
          return undo
        })
      }
    } finally {
      await rm(staging, { recursive: true, force: true })
      if (existsSync(rollback) && !existsSync(join(deps.dataDir, JOURNAL)))
        await rm(rollback, { recursive: true, force: true })
    }
  })
}
