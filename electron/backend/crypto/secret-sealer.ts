/**
 * The operating system's key store as the backend sees it: it seals a small secret so that only
 * the same OS user on the same computer can unseal it. In Electron this is safeStorage (DPAPI on
 * Windows, Keychain on macOS, libsecret/kwallet on Linux; electron/main/key-store.ts); under
 * plain Node (browser mode, the CLI) there is none and keys are protected by a passphrase.
 */
export interface SecretSealer {
  /** Recorded in the key file, e.g. 'electron-safeStorage'. */
  readonly store: string
  /** False when the OS store cannot be used now (e.g. no keyring on this Linux session). */
  available(): boolean
  seal(secret: Uint8Array): Uint8Array
  /** Throws when this user/computer cannot unseal it. */
  unseal(sealed: Uint8Array): Uint8Array
}
