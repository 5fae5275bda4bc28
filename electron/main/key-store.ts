/**
 * The database key in Electron: a random 32-byte key, kept encrypted by the OS key store
 * (Electron safeStorage: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux) in
 * <userData>/db-key.bin. Wire it in index.ts:
 *
 *   backend-host.ts: key = await osKeyStoreProvider().getKey(dataDir) → the backend process
 *
 * Never creates a new key when an encrypted database already exists (that would lock the data
 * out); a key file the OS store cannot decrypt is WRONG_KEY. Must be called after app 'ready'.
 * Runs in main (safeStorage lives there); the key goes to the backend process in its `init`.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { safeStorage } from 'electron'
import { AppException } from '../../shared/contract/errors'
import { isPlainSqliteFile } from '../backend/storage/encrypt-db'
import { writeFileDurable } from '../../node/fs-durable'
import { KEY_BYTES, type KeyProvider } from '../backend/storage/key-provider'

export const KEY_FILE = 'db-key.bin'

/** The key provider for createBackend; the key file lives in the data directory it is given. */
export function osKeyStoreProvider(): KeyProvider {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
  return {
    // 'basic_text' on Linux without a keyring: the key is only obfuscated — visible in app.info
    kind: backend === 'basic_text' ? 'os-keystore-basic-text' : 'os-keystore',
    async getKey(dataDir) {
      if (!safeStorage.isEncryptionAvailable())
        throw new AppException('WRONG_KEY', '系统密钥库不可用，无法取得数据库密钥')
      const file = join(dataDir, KEY_FILE)
      if (existsSync(file)) {
        let b64: string
        try {
          b64 = safeStorage.decryptString(readFileSync(file))
        } catch {
          throw new AppException(
            'WRONG_KEY',
            `数据库密钥不正确：系统密钥库无法解密 ${file}（是否换了用户或电脑？数据未被改动）`,
          )
        }
        const key = Buffer.from(b64, 'base64')
        if (key.length !== KEY_BYTES)
          throw new AppException('WRONG_KEY', `数据库密钥文件 ${file} 已损坏（数据未被改动）`)
        return new Uint8Array(key)
      }
      const db = join(dataDir, 'assessor.sqlite')
      if (existsSync(db) && !isPlainSqliteFile(db))
        throw new AppException(
          'WRONG_KEY',
          `缺少数据库密钥文件 ${file}：无法打开已加密的数据库（数据未被改动）。请从备份恢复该文件。`,
        )
      const key = randomBytes(KEY_BYTES)
      await writeFileDurable(file, safeStorage.encryptString(key.toString('base64')))
      return new Uint8Array(key)
    },
  }
}

/** Recorded in the signing key file (kdf.store) for keys protected by the OS key store. */
export const SEALER_STORE = 'electron-safeStorage'
export const SEALER_KEY_FILE = 'key-sealer.bin'

/**
 * The OS key store for the assessor's signing key (keys.create with protection 'os-keystore').
 * safeStorage exists only in this (main) process, and the backend runs in a utility process: main
 * hands it a random 32-byte wrapping key, kept encrypted by safeStorage in
 * <dataDir>/key-sealer.bin, and the backend seals with it (backend/crypto/secret-sealer.ts
 * wrappedSealer) — useless without the same OS user on the same computer, like safeStorage itself.
 * null = not available: no OS key store, or Linux without a keyring, where safeStorage falls back
 * to 'basic_text' (a fixed, public key) that protects nothing — the app offers the passphrase.
 */
export async function osKeyStoreSecret(dataDir: string): Promise<Uint8Array | null> {
  const usable =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text')
  if (!usable) return null
  const file = join(dataDir, SEALER_KEY_FILE)
  if (existsSync(file)) {
    try {
      const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64')
      return key.length === KEY_BYTES ? new Uint8Array(key) : null
    } catch {
      // another OS user or computer: keys sealed with it cannot be opened (keys.status says so)
      return null
    }
  }
  const key = randomBytes(KEY_BYTES)
  await writeFileDurable(file, safeStorage.encryptString(key.toString('base64')))
  return new Uint8Array(key)
}
