/**
 * The database key for command-line tools (browser-mode data directories; the Electron app's
 * key lives in the OS key store and is not reachable from a plain Node process):
 *   DL_PASSPHRASE set            → passphrase (scrypt, salt from assessor.key.json)
 *   plain database, no passphrase → 'unencrypted' (still plain; the host encrypts it once it runs
 *                                    with DL_PASSPHRASE)
 *   otherwise                     → asked on the terminal, or a clear error when there is none.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { isPlainSqliteFile } from './encrypt-db'
import { KEY_HEADER_FILE, passphraseFromEnv, type KeyProvider } from './key-provider'
import { promptPassphrase } from './prompt'

export function cliKeyProvider(
  dataDir: string,
  env: Record<string, string | undefined>,
): KeyProvider | 'unencrypted' {
  const dbFile = join(dataDir, 'assessor.sqlite')
  const pass = env.DL_PASSPHRASE
  if (pass !== undefined && pass !== '') return passphraseFromEnv({ DL_PASSPHRASE: pass })
  if (
    isPlainSqliteFile(dbFile) ||
    (!existsSync(dbFile) && !existsSync(join(dataDir, KEY_HEADER_FILE)))
  )
    return 'unencrypted'
  return passphraseFromEnv({}, () => promptPassphrase())
}

/** The raw key (undefined for a plain database), e.g. for a read-only `openDatabase`. */
export async function cliDatabaseKey(
  dataDir: string,
  env: Record<string, string | undefined>,
): Promise<Uint8Array | undefined> {
  const p = cliKeyProvider(dataDir, env)
  return p === 'unencrypted' ? undefined : p.getKey(dataDir)
}
