/**
 * `--rule-profile FILE.json… [--server-key PEM]` for the CLI commands that read assessments
 * (score, report, verify): rule profiles published by the city's central service, as
 * `npm run central -- export-rule-profile` writes them; with --server-key (the central's key,
 * PEM or key record) each file's signature is checked, without it only its content.
 */
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import { keyIdOf } from '../crypto/node-crypto'
import { registryFromSignedFiles } from '../sync/reference-store'
import { CliError } from './cli-error'
import { MAX_JSON_BYTES, readInputText } from './cli-files'
import { readTrustedKey } from './trusted-key'

/** The registry for --rule-profile files (checked with --server-key when given). */
export function ruleProfilesOf(
  paths: readonly string[],
  serverKeyPath: string | undefined,
  usage: string,
): ReferenceRegistry {
  if (serverKeyPath && !paths.length)
    throw new CliError(`--server-key needs --rule-profile; ${usage}`)
  const files = paths.map((path) => ({
    name: path,
    text: readInputText('--rule-profile', path, MAX_JSON_BYTES),
  }))
  let serverKey: PublicKeyInfo | undefined
  if (serverKeyPath) {
    const k = readTrustedKey(serverKeyPath, '--server-key')
    serverKey = { ...k, keyId: keyIdOf(k) }
  }
  try {
    return registryFromSignedFiles(files, serverKey)
  } catch (e) {
    throw new CliError(`--rule-profile ${e instanceof Error ? e.message : String(e)}`)
  }
}
