/**
 * The operating system's key store as the backend sees it: it seals a small secret so that only
 * the same OS user on the same computer can unseal it. In Electron this is safeStorage (DPAPI on
 * Windows, Keychain on macOS, libsecret/kwallet on Linux; electron/main/key-store.ts); under
 * plain Node (browser mode, the CLI) there is none and keys are protected by a passphrase.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
export interface SecretSealer {
  /** Recorded in the key file, e.g. 'electron-safeStorage'. */
  readonly store: string
  /** False when the OS store cannot be used now (e.g. no keyring on this Linux session). */
  available(): boolean
  seal(secret: Uint8Array): Uint8Array
  /** Throws when this user/computer cannot unseal it. */
  unseal(sealed: Uint8Array): Uint8Array
}

/**
 * The OS key store as seen from the desktop backend PROCESS (issue 15 §1). safeStorage exists
 * only in Electron's main process, and the backend runs in a utility process, so main hands over
 * one random 32-byte wrapping key that it keeps sealed by safeStorage (<userData>/key-sealer.bin,
 * electron/main/key-store.ts) and this sealer wraps secrets with it (AES-256-GCM). The protection
 * is the OS key store's: the wrapping key is useless without the same OS user on the same
 * computer. `null` = the OS key store is not available (no keyring on this Linux session).
 */
export function wrappedSealer(wrappingKey: Uint8Array | null, store: string): SecretSealer {
  const key = wrappingKey ? Buffer.from(wrappingKey) : null
  const need = (): Buffer => {
    if (!key) throw new Error('the OS key store is not available')
    return key
  }
  return {
    store,
    available: () => key !== null,
    seal(secret) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', need(), iv)
      const body = Buffer.concat([c.update(secret), c.final()])
      return Buffer.concat([iv, c.getAuthTag(), body])
    },
    unseal(sealed) {
      const b = Buffer.from(sealed)
      const d = createDecipheriv('aes-256-gcm', need(), b.subarray(0, 12))
      d.setAuthTag(b.subarray(12, 28))
      return Buffer.concat([d.update(b.subarray(28)), d.final()])
    },
  }
}
