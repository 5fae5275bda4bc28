/**
 * Backup and restore (issue 7).
 *
 * A backup is ONE file (.dlbackup). Format 2 (written since issue 12, backup-stream.ts):
 *   'DLBACKUP' | u32 BE header length | header JSON | AES-256-GCM segments of 1 MiB
 * written and read as a stream (memory independent of the data size: one segment and one
 * evidence file at a time; the database snapshot streams from and to disk). The plaintext is the
 * manifest (path, size, SHA-256 of every entry) followed by the entries: db/assessor.sqlite (a
 * consistent `VACUUM INTO` snapshot — itself SQLCipher-encrypted with the database key) and
 * evidence/<aa>/<sha256> (plaintext evidence, inside the encrypted container). Nothing is
 * compressed, so nothing can inflate.
 * The header (authenticated as AAD of every segment) says when/what and carries a key check value
 * (HMAC-SHA256(backup key, 'key-check'), first 16 bytes) so a backup made with another key is
 * refused as WRONG_KEY rather than "damaged". The backup key is HKDF(database key, 'backup v1').
 * In the explicit unencrypted test mode the segments are plaintext (header cipher 'none').
 * Format 1 (before issue 12: one AES-256-GCM over a zip held in memory) still restores: read
 * whole as before, but its zip is unzipped with bounds (only stored entries the format names,
 * sizes as declared — nothing is inflated), see readBackupV1.
 *
 * Restore verifies EVERYTHING first — decrypts, checks every checksum, writes the database to a
 * staging directory, opens it with the key and runs integrity_check + cipher_integrity_check,
 * refuses a schema newer than this app — and only then swaps: the live database and evidence
 * move to a rollback directory, the staged ones move in (renames in the same directory tree), the
 * database is reopened and migrated, and only then the rollback copy is deleted. A journal file
 * (restore-journal.json) lets the next start undo a swap a crash interrupted.
 */
import { createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { open, readdir, rm, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { unzipBounded } from '../../../shared/domain/zip/unzip-bounded'
import { sql, type Kysely } from 'kysely'
import { AppException, fail } from '../../../shared/contract/errors'
import type { Output } from '../../../shared/contract/api'
import { migrations } from '../db/migrations'
import { openHandle, type OpenedDatabase } from '../db/open'
import type { DB } from '../db/schema'
import { EVIDENCE_OVERHEAD, EvidenceStore } from '../evidence/evidence-store'
import { sha256Hex } from '../crypto/node-crypto'
import { backupKey, evidenceKey } from './key-provider'
import {
  MAGIC,
  plaintextLength,
  readSegments,
  SegmentError,
  SegmentWriter,
  splitPlaintext,
} from './backup-stream'
import {
  FILE_MODE,
  mkdirp,
  renameDurable,
  renameDurableSync,
  syncDir,
  writeFileDurable,
} from '../../../node/fs-durable'
import { withStorageErrors } from './storage-errors'

const FORMAT_V1 = 'dl-assessor-backup/1'
const FORMAT = 'dl-assessor-backup/2'
type Format = typeof FORMAT | typeof FORMAT_V1
export const BACKUP_DIR = 'backups'
export const AUTO_BACKUP_KEEP = 5
const JOURNAL = 'restore-journal.json'

export interface BackupHeader {
  format: Format
  createdAt: string
  cipher: 'aes-256-gcm' | 'none'
  /** hex, 16 bytes; '' when cipher is 'none' */
  keyCheck: string
  keySource: string
  /** format 2: hex, 8 bytes, the nonce prefix of the segments ('' when cipher is 'none') */
  noncePrefix?: string
  /** format 2: plaintext bytes per segment */
  segment?: number
}

interface ManifestEntry {
  path: string
  size: number
  sha256: string
}
interface Manifest {
  format: Format
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

/** Largest manifest accepted when reading (a million evidence files is about 150 MiB). */
const MAX_MANIFEST = 256 * 1024 * 1024
/** Largest single evidence entry accepted when reading (the app stores up to 20 MiB each). */
const MAX_EVIDENCE_ENTRY = 512 * 1024 * 1024
const DB_ENTRY = 'db/assessor.sqlite'
const EVIDENCE_ENTRY = /^evidence\/([0-9a-f]{2})\/([0-9a-f]{64})$/

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256')
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.alloc(1024 * 1024)
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      h.update(buf.subarray(0, bytesRead))
    }
  } finally {
    await fh.close()
  }
  return h.digest('hex')
}

/**
 * Writes a format-2 backup of a consistent snapshot to `target` as a stream: temp file (0600) in
 * the same directory → fsync through that writable handle → renameDurable (retried on win32,
 * directory fsync) — as fs-durable's writeFileDurable, which needs the bytes in memory. The manifest is built first from the snapshot's size and hash and
 * from the evidence file names and sizes, then every entry streams through the SegmentWriter.
 */
async function writeBackup(
  deps: BackupDeps,
  target: string,
): Promise<{
  size: number
  sha256: string
  createdAt: string
  evidenceFiles: number
  encrypted: boolean
}> {
  const createdAt = deps.now().toISOString()
  const dir = join(deps.dataDir, BACKUP_DIR)
  await mkdirp(dir)
  const snap = join(dir, `.snapshot-${randomBytes(6).toString('hex')}.sqlite`)
  await mkdirp(dirname(target))
  const tmp = join(dirname(target), `.tmp-${basename(target)}-${randomBytes(6).toString('hex')}`)
  let fh: FileHandle | undefined
  try {
    await sql`VACUUM INTO ${snap}`.execute(deps.db)
    const entries: ManifestEntry[] = [
      { path: DB_ENTRY, size: (await stat(snap)).size, sha256: await hashFile(snap) },
    ]
    const hashes = await deps.evidence.list()
    for (const h of hashes) {
      const st = await stat(deps.evidence.pathFor(h))
      const size = deps.evidence.encrypted ? st.size - EVIDENCE_OVERHEAD : st.size
      entries.push({ path: `evidence/${h.slice(0, 2)}/${h}`, size, sha256: h })
    }
    const manifest: Manifest = {
      format: FORMAT,
      createdAt,
      schemaVersion: deps.schemaVersion(),
      counts: await counts(deps.db),
      entries,
    }
    const bKey = deps.key ? backupKey(deps.key) : undefined
    const noncePrefix = bKey ? randomBytes(8) : Buffer.alloc(0)
    const header: BackupHeader = {
      format: FORMAT,
      createdAt,
      cipher: bKey ? 'aes-256-gcm' : 'none',
      keyCheck: bKey ? keyCheck(bKey) : '',
      keySource: deps.keySource,
      noncePrefix: noncePrefix.toString('hex'),
      segment: 1024 * 1024,
    }
    const hb = Buffer.from(JSON.stringify(header))
    const len = Buffer.alloc(4)
    len.writeUInt32BE(hb.length)
    const head = Buffer.concat([MAGIC, len, hb])

    fh = await open(tmp, 'wx', FILE_MODE)
    const file = fh
    const whole = createHash('sha256').update(head)
    await file.write(head)
    const w = new SegmentWriter(
      async (b) => {
        whole.update(b)
        await file.write(b)
      },
      head,
      bKey,
      noncePrefix,
    )
    const mb = Buffer.from(JSON.stringify(manifest))
    const ml = Buffer.alloc(4)
    ml.writeUInt32BE(mb.length)
    await w.write(ml)
    await w.write(mb)
    // The snapshot, streamed and hashed again: it must be the file the manifest describes.
    const snapHash = createHash('sha256')
    const src = await open(snap, 'r')
    try {
      const buf = Buffer.alloc(1024 * 1024)
      for (;;) {
        const { bytesRead } = await src.read(buf, 0, buf.length, null)
        if (bytesRead === 0) break
        snapHash.update(buf.subarray(0, bytesRead))
        await w.write(buf.subarray(0, bytesRead))
      }
    } finally {
      await src.close()
    }
    if (snapHash.digest('hex') !== entries[0]!.sha256) throw new Error('数据库快照在备份时被改动')
    for (const e of entries.slice(1)) {
      const bytes = await deps.evidence.read(e.sha256) // hash checked by the store
      if (bytes.length !== e.size) throw new Error(`证据文件 ${e.sha256} 的大小与存储不符`)
      await w.write(bytes)
    }
    await w.end()
    await file.sync()
    await file.close()
    fh = undefined
    await renameDurable(tmp, target)
    return {
      size: w.written,
      sha256: whole.digest('hex'),
      createdAt,
      evidenceFiles: hashes.length,
      encrypted: Boolean(bKey),
    }
  } catch (e) {
    await fh?.close().catch(() => undefined)
    await rm(tmp, { force: true }).catch(() => undefined)
    throw e
  } finally {
    await rm(snap, { force: true })
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
    const r = await writeBackup(deps, target)
    return {
      path: target,
      size: r.size,
      sha256: r.sha256,
      createdAt: r.createdAt,
      encrypted: r.encrypted,
      evidenceFiles: r.evidenceFiles,
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
  if (header.format !== FORMAT && header.format !== FORMAT_V1)
    throw damaged(
      path,
      `格式 ${String(header.format).slice(0, 60)}：本软件只能恢复 ${FORMAT_V1} 与 ${FORMAT}`,
    )
  if (header.cipher !== 'aes-256-gcm' && header.cipher !== 'none')
    throw damaged(path, `加密方式 ${String(header.cipher)}`)
  if (
    header.format === FORMAT &&
    (header.segment !== 1024 * 1024 ||
      !/^([0-9a-f]{16})?$/.test(header.noncePrefix ?? '') ||
      (header.cipher === 'none') !== (header.noncePrefix === ''))
  )
    throw damaged(path, '文件头的分段参数不符')
  return { header, head: bytes.subarray(0, end) }
}

/** Where a backup's entries go while it is read (restore: a staging directory). */
export interface BackupSink {
  /** The database snapshot, in order; `last` on its final chunk. */
  db(chunk: Buffer, last: boolean): Promise<void>
  /** One whole evidence file (its hash already checked). */
  evidence(sha256: string, bytes: Buffer): Promise<void>
}

export interface ReadBackup {
  header: BackupHeader
  manifest: Manifest
  evidenceFiles: number
}

/** The manifest's entries, checked before any entry is read: one database, known paths. */
function checkManifest(path: string, value: unknown, format: Format): Manifest {
  const m = value as Manifest
  if (
    !m ||
    typeof m !== 'object' ||
    m.format !== format ||
    !Array.isArray(m.entries) ||
    typeof m.createdAt !== 'string'
  )
    throw damaged(path, 'manifest.json 格式不符')
  const seen = new Set<string>()
  let db = 0
  for (const e of m.entries as unknown[]) {
    const x = e as ManifestEntry
    if (
      !x ||
      typeof x.path !== 'string' ||
      typeof x.sha256 !== 'string' ||
      !Number.isSafeInteger(x.size) ||
      x.size < 0
    )
      throw damaged(path, 'manifest.json 条目格式不符')
    if (seen.has(x.path)) throw damaged(path, `清单条目重复 ${x.path.slice(0, 100)}`)
    seen.add(x.path)
    if (x.path === DB_ENTRY) db++
    else {
      const ev = EVIDENCE_ENTRY.exec(x.path)
      if (!ev || !ev[2]!.startsWith(ev[1]!)) throw damaged(path, `未知条目 ${x.path.slice(0, 100)}`)
      if (x.sha256 !== ev[2]) throw damaged(path, `${x.path} 内容与文件名哈希不符`)
      if (x.size > MAX_EVIDENCE_ENTRY) throw damaged(path, `${x.path} 超过单个证据文件上限`)
    }
  }
  if (db !== 1) throw damaged(path, '缺少数据库')
  return m
}

/**
 * Reads a backup into `sink`, checking everything: the key, every segment's tag (format 2) or the
 * whole file's tag (format 1), the manifest before any entry, every entry's size and SHA-256.
 * Throws before or while the sink is fed; the caller discards what the sink got then.
 */
export async function readBackup(
  path: string,
  key: Uint8Array | undefined,
  sink: BackupSink,
): Promise<ReadBackup> {
  let fh: FileHandle
  try {
    fh = await open(path, 'r')
  } catch {
    throw fail.notFound(`找不到备份文件：${path}`, 'path')
  }
  try {
    const size = (await fh.stat()).size
    const first = Buffer.alloc(Math.min(size, MAGIC.length + 4 + 65536))
    await fh.read(first, 0, first.length, 0)
    const { header, head } = parseHeader(first, path)
    const bk = openKey(header, key)
    if (header.format === FORMAT_V1) return await readBackupV1(path, fh, head, header, bk, sink)
    let plainLen: number
    try {
      plainLen = plaintextLength(size - head.length, Boolean(bk))
    } catch (e) {
      throw damaged(path, e instanceof Error ? e.message : String(e))
    }
    let evidenceFiles = 0
    let entries: ManifestEntry[] = []
    let current: Buffer[] = []
    let hash = createHash('sha256')
    try {
      const manifest = await splitPlaintext(
        readSegments(fh, head.length, size, head, bk, Buffer.from(header.noncePrefix ?? '', 'hex')),
        MAX_MANIFEST,
        (mb) => {
          let value: unknown
          try {
            value = JSON.parse(mb.toString('utf8'))
          } catch {
            throw damaged(path, 'manifest.json 不是 JSON')
          }
          const m = checkManifest(path, value, FORMAT)
          entries = m.entries
          const total = entries.reduce((n, e) => n + e.size, 4 + mb.length)
          if (total !== plainLen)
            throw damaged(path, `清单所列大小（${total} 字节）与文件内容（${plainLen} 字节）不符`)
          return { manifest: m, sizes: entries.map((e) => e.size) }
        },
        async (i, chunk, last) => {
          const e = entries[i]!
          hash.update(chunk)
          if (e.path === DB_ENTRY) await sink.db(chunk, last)
          else current.push(chunk)
          if (!last) return
          if (hash.digest('hex') !== e.sha256) throw damaged(path, `${e.path} 校验和不符`)
          hash = createHash('sha256')
          if (e.path !== DB_ENTRY) {
            await sink.evidence(e.sha256, Buffer.concat(current))
            evidenceFiles++
          }
          current = []
        },
      )
      return { header, manifest, evidenceFiles }
    } catch (e) {
      if (e instanceof SegmentError) throw damaged(path, e.message)
      throw e
    }
  } finally {
    await fh.close()
  }
}

/** The backup key after the header's key check (WRONG_KEY / refusals as before). */
function openKey(header: BackupHeader, key: Uint8Array | undefined): Uint8Array | undefined {
  if (header.cipher === 'none') {
    if (key)
      throw fail.validation('该备份文件未加密，不能恢复到加密的数据库（仅供测试模式使用）', 'path')
    return undefined
  }
  if (!key) throw new AppException('WRONG_KEY', '该备份文件已加密，当前数据库未设置密钥，无法恢复')
  const bk = backupKey(key)
  if (header.keyCheck !== keyCheck(bk))
    throw new AppException(
      'WRONG_KEY',
      '备份文件的密钥与当前数据库密钥不一致：无法解密，未做任何改动。请使用同一口令/同一台设备的密钥。',
    )
  return bk
}

/** Largest format-1 backup read (it is decrypted in memory, as format 1 always was). */
const MAX_V1_BYTES = 4 * 1024 ** 3

/**
 * Format 1 (before issue 12): one AES-256-GCM over a zip, read in memory as before — but the zip
 * is unzipped with bounds: only manifest.json, db/assessor.sqlite and evidence/<aa>/<sha256>,
 * stored uncompressed as format 1 always wrote them (level 0), each exactly its declared size.
 * Nothing is inflated, so a crafted entry cannot expand.
 */
async function readBackupV1(
  path: string,
  fh: FileHandle,
  head: Buffer,
  header: BackupHeader,
  bk: Uint8Array | undefined,
  sink: BackupSink,
): Promise<ReadBackup> {
  const size = (await fh.stat()).size
  if (size > MAX_V1_BYTES) throw damaged(path, '旧格式备份过大')
  const bytes = Buffer.alloc(size)
  await fh.read(bytes, 0, size, 0)
  let zip: Uint8Array
  if (!bk) zip = bytes.subarray(head.length)
  else {
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
  const un = unzipBounded(zip, {
    check: (f) =>
      f.name !== 'manifest.json' && f.name !== DB_ENTRY && !EVIDENCE_ENTRY.test(f.name)
        ? `清单外的条目 ${f.name.slice(0, 100)}`
        : f.compression !== 0 || f.size !== f.originalSize
          ? `${f.name} 是压缩的条目（本软件的备份不压缩）`
          : f.name === 'manifest.json' && f.originalSize > MAX_MANIFEST
            ? 'manifest.json 过大'
            : null,
    maxTotal: MAX_V1_BYTES,
    totalError: '旧格式备份过大',
    label: 'backup',
  })
  if (!un.ok) throw damaged(path, un.error)
  const files = un.files
  const mf = files.get('manifest.json')
  if (!mf) throw damaged(path, '缺少 manifest.json')
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(mf).toString('utf8'))
  } catch {
    throw damaged(path, 'manifest.json 不是 JSON')
  }
  const manifest = checkManifest(path, value, FORMAT_V1)
  const listed = new Set<string>(['manifest.json'])
  for (const e of manifest.entries) {
    const b = files.get(e.path)
    if (!b) throw damaged(path, `缺少 ${e.path}`)
    if (b.byteLength !== e.size || sha256Hex(b) !== e.sha256)
      throw damaged(path, `${e.path} 校验和不符`)
    listed.add(e.path)
  }
  for (const name of files.keys())
    if (!listed.has(name)) throw damaged(path, `清单外的条目 ${name}`)
  let evidenceFiles = 0
  for (const e of manifest.entries) {
    const b = Buffer.from(files.get(e.path)!)
    if (e.path === DB_ENTRY) await sink.db(b, true)
    else {
      await sink.evidence(e.sha256, b)
      evidenceFiles++
    }
  }
  return { header, manifest, evidenceFiles }
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
  return withStorageErrors(deps.dataDir, async () => {
    const known = new Set(Object.keys(migrations))
    const tag = randomBytes(6).toString('hex')
    const staging = join(deps.dataDir, `.restore-staging-${tag}`)
    const rollback = join(deps.dataDir, `.restore-rollback-${tag}`)
    try {
      await mkdirp(staging)
      const stagedDb = join(staging, basename(deps.dbFile))
      // Read the whole backup into the staging directory, every checksum checked on the way.
      const store = new EvidenceStore(staging, deps.key ? evidenceKey(deps.key) : undefined)
      let dbOut: FileHandle | undefined
      let b: ReadBackup
      try {
        b = await readBackup(resolve(path), deps.key, {
          async db(chunk, last) {
            dbOut ??= await open(stagedDb, 'wx', FILE_MODE)
            await dbOut.write(chunk)
            if (last) {
              await dbOut.sync()
              await dbOut.close()
              dbOut = undefined
            }
          },
          async evidence(sha, bytes) {
            const put = await store.put(bytes)
            if (put.sha256 !== sha) throw damaged(path, `证据 ${sha} 校验和不符`)
          },
        })
      } finally {
        await dbOut?.close().catch(() => undefined)
      }
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
        evidenceFiles: b.evidenceFiles,
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
