/** A public key given on the command line: a bare PEM or a key record (`keys export-public`). */
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import { keyIdOf } from '../crypto/node-crypto'
import { CliError } from './cli-error'
import { MAX_KEY_BYTES, readInputText } from './cli-files'

export function readTrustedKey(
  path: string,
  flag = '--pubkey',
): Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'> {
  const pem = readInputText(flag, path, MAX_KEY_BYTES)
  // A registration record (keys export-public) or a bare PEM.
  if (pem.trimStart().startsWith('{')) {
    try {
      const j = JSON.parse(pem) as PublicKeyInfo
      return { algorithm: j.algorithm, publicKeyPem: j.publicKeyPem }
    } catch {
      throw new CliError(`${flag} ${path}: not a PEM or a key record`)
    }
  }
  for (const algorithm of ['Ed25519', 'SM2-SM3'] as const) {
    try {
      keyIdOf({ algorithm, publicKeyPem: pem })
      return { algorithm, publicKeyPem: pem }
    } catch {
      /* try the next algorithm */
    }
  }
  throw new CliError(`${flag} ${path}: not an Ed25519 or SM2 public key PEM`)
}
