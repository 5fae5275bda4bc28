/**
 * Where the 32-byte database key comes from (issue 7, encryption at rest).
 *
 *  - Electron: electron/main/key-store.ts keeps a random key encrypted by the OS key store
 *    (safeStorage) in userData — an adapter implementing `KeyProvider`.
 *  - Browser mode and the CLI: `passphraseKeyProvider` derives the key with scrypt from a
 *    passphrase (env DL_PASSPHRASE or a prompt) and a per-database random salt kept next to the
 *    database in `assessor.key.json` (the scrypt parameters are recorded there too).
 *  - Tests: `rawKeyProvider(key)`.
 *
 * The same key opens the SQLCipher database (raw key, no extra KDF) and, through HKDF with
 * distinct labels, encrypts the evidence files and the backups.
 */
import { hkdfSync, randomBytes, scrypt as scryptCb } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppException } from '../../../shared/contract/errors'
import { isPlainSqliteFile } from './encrypt-db'
import { writeFileDurable } from '../../../node/fs-durable'

export const KEY_BYTES = 32

export interface KeyProvider {
  /** 'os-keystore' | 'passphrase' | 'raw' — shown by app.info. */
  readonly kind: string
  /** The key of the database in `dataDir`; creates what it needs (salt, stored key) on first use. */
  getKey(dataDir: string): Promise<Uint8Array>
}

export function rawKeyProvider(key: Uint8Array): KeyProvider {
  if (key.length !== KEY_BYTES) throw new Error(`raw key must be ${KEY_BYTES} bytes`)
  const copy = Uint8Array.from(key)
  return { kind: 'raw', getKey: async () => copy }
}

export const KEY_HEADER_FILE = 'assessor.key.json'

export interface KeyHeader {
  format: 'dl-assessor-key/1'
  kdf: 'scrypt'
  /** scrypt cost parameters */
  N: number
  r: number
  p: number
  /** base64, 16 random bytes, one per database */
  salt: string
  createdAt: string
}

/** scrypt N=2^17, r=8, p=1 (128 MiB, ≈0.3 s): OWASP's recommended minimum for scrypt. */
export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const

export function readKeyHeader(dataDir: string): KeyHeader | null {
  const file = join(dataDir, KEY_HEADER_FILE)
  if (!existsSync(file)) return null
  let h: unknown
  try {
    h = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    throw new AppException('WRONG_KEY', `密钥参数文件 ${file} 已损坏，无法派生数据库密钥`)
  }
  const o = h as Partial<KeyHeader>
  if (
    o.format !== 'dl-assessor-key/1' ||
    o.kdf !== 'scrypt' ||
    !Number.isInteger(o.N) ||
    !Number.isInteger(o.r) ||
    !Number.isInteger(o.p) ||
    typeof o.salt !== 'string' ||
    Buffer.from(o.salt, 'base64').length < 16
  )
    throw new AppException('WRONG_KEY', `密钥参数文件 ${file} 格式不正确，无法派生数据库密钥`)
  return o as KeyHeader
}

export function scryptKey(passphrase: string, h: Pick<KeyHeader, 'N' | 'r' | 'p' | 'salt'>) {
  return new Promise<Uint8Array>((resolve, reject) =>
    scryptCb(
      passphrase.normalize('NFC'),
      Buffer.from(h.salt, 'base64'),
      KEY_BYTES,
      { N: h.N, r: h.r, p: h.p, maxmem: 256 * h.N * h.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(new Uint8Array(key))),
    ),
  )
}

/** Writes a new database's key header (a fresh salt, the given scrypt cost) and returns it. */
export async function writeNewKeyHeader(
  dataDir: string,
  params: { N: number; r: number; p: number },
): Promise<KeyHeader> {
  const header: KeyHeader = {
    format: 'dl-assessor-key/1',
    kdf: 'scrypt',
    ...params,
    salt: randomBytes(16).toString('base64'),
    createdAt: new Date().toISOString(),
  }
  await writeFileDurable(
    join(dataDir, KEY_HEADER_FILE),
    Buffer.from(JSON.stringify(header, null, 2) + '\n'),
  )
  return header
}

export interface PassphraseOptions {
  /** The passphrase, or a function asking for it (prompt). */
  passphrase: string | (() => Promise<string>)
  /** scrypt parameters for a NEW database (tests may lower N). */
  scrypt?: { N: number; r: number; p: number }
}

export function passphraseKeyProvider(opts: PassphraseOptions): KeyProvider {
  return {
    kind: 'passphrase',
    async getKey(dataDir) {
      const pass = typeof opts.passphrase === 'string' ? opts.passphrase : await opts.passphrase()
      if (pass.length < 8)
        throw new AppException('WRONG_KEY', '数据库口令至少 8 个字符（环境变量 DL_PASSPHRASE）')
      let header = readKeyHeader(dataDir)
      if (!header) {
        const dbFile = join(dataDir, 'assessor.sqlite')
        if (existsSync(dbFile) && !isPlainSqliteFile(dbFile))
          throw new AppException(
            'WRONG_KEY',
            `缺少密钥参数文件 ${join(dataDir, KEY_HEADER_FILE)}：无法由口令派生已加密数据库的密钥（数据未被改动）`,
          )
        header = await writeNewKeyHeader(dataDir, opts.scrypt ?? DEFAULT_SCRYPT)
      }
      return scryptKey(pass, header)
    },
  }
}

/** DL_PASSPHRASE from the environment, else `prompt()` (CLI/host supply a TTY prompt). */
export function passphraseFromEnv(
  env: NodeJS.ProcessEnv,
  prompt?: () => Promise<string>,
): KeyProvider {
  const fromEnv = env.DL_PASSPHRASE
  if (fromEnv !== undefined && fromEnv !== '') return passphraseKeyProvider({ passphrase: fromEnv })
  if (!prompt) throw new AppException('WRONG_KEY', '需要数据库口令：请设置环境变量 DL_PASSPHRASE')
  return passphraseKeyProvider({ passphrase: prompt })
}

/** The AES-256-GCM key of the evidence files. */
export const evidenceKey = (key: Uint8Array) => subkey(key, 'evidence v1')
/** The AES-256-GCM key of backup files. */
export const backupKey = (key: Uint8Array) => subkey(key, 'backup v1')

/** A subkey for one purpose (HKDF-SHA256, info = label). */
export function subkey(key: Uint8Array, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `dl-assessor ${label}`, KEY_BYTES))
}
