/**
 * `npm run assess -- verify FILE.dlbundle [--pubkey PEM] [--rule-profile FILE.json…
 *   [--server-key PEM]] [--json]`
 * Exit 0: valid (one summary line). Exit 2: invalid, the reason on one line naming what changed
 * (all reasons with --json). --pubkey pins the signer; without it the embedded key is checked
 * for integrity only and the output says so. An assessment under a rule profile published by the
 * central service needs that profile: --rule-profile FILE.json (as `export-rule-profile` writes
 * it; repeatable), its signature checked when --server-key (the central's key) is given.
 */
import { readFileSync } from 'node:fs'
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import { verifyBundleBytes } from '../bundle/build'
import { keyIdOf } from '../crypto/node-crypto'
import { registryFromSignedFiles } from '../sync/reference-store'
import { CliError, type CliCommand } from './cli-error'
import { one, parseFlags } from './parse-flags'

const USAGE =
  'usage: npm run assess -- verify FILE.dlbundle [--pubkey PEM] [--rule-profile FILE.json… [--server-key PEM]] [--json]'

export function readTrustedKey(
  path: string,
  flag = '--pubkey',
): Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'> {
  let pem: string
  try {
    pem = readFileSync(path, 'utf8')
  } catch {
    throw new CliError(`${flag}: cannot read ${path}`)
  }
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

/** The registry for --rule-profile files (checked with --server-key when given). */
function ruleProfilesOf(paths: readonly string[], serverKeyPath: string | undefined) {
  if (serverKeyPath && !paths.length)
    throw new CliError(`--server-key needs --rule-profile; ${USAGE}`)
  const files = paths.map((path) => {
    try {
      return { name: path, text: readFileSync(path, 'utf8') }
    } catch {
      throw new CliError(`--rule-profile: cannot read ${path}`)
    }
  })
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

export const verifyCommand: CliCommand = {
  summary: '验证签名包 / verify a .dlbundle (signature, evidence, catalogue)',
  async run(args, io) {
    const p = parseFlags(
      args,
      { '--pubkey': 'value', '--json': 'bool', '--rule-profile': 'value', '--server-key': 'value' },
      {},
      USAGE,
    )
    const [file, ...extra] = p.positional
    if (!file) throw new CliError(`FILE.dlbundle: required (the bundle to verify); ${USAGE}`)
    if (extra.length) throw new CliError(`unexpected argument '${extra[0]}'; ${USAGE}`)
    let bytes: Buffer
    try {
      bytes = readFileSync(file)
    } catch {
      throw new CliError(`file not found: ${file}`)
    }
    const pub = one(p, '--pubkey')
    const trustedKey = pub ? readTrustedKey(pub) : undefined
    const registry = ruleProfilesOf(p.flags.get('--rule-profile') ?? [], one(p, '--server-key'))
    const v = verifyBundleBytes(bytes, { ...(trustedKey ? { trustedKey } : {}), registry })
    if (p.bools.has('--json')) {
      io.stdout.write(
        JSON.stringify(
          v.ok
            ? {
                valid: true,
                bundleId: v.manifest.bundleId,
                recordId: v.manifest.recordId,
                version: v.manifest.version,
                manifestSha256: v.manifestSha256,
                keyId: v.manifest.assessorKey.keyId,
                algorithm: v.manifest.assessorKey.algorithm,
                keyPinned: Boolean(trustedKey),
                evidence: v.manifest.evidence.length,
              }
            : { valid: false, problems: v.problems },
        ) + '\n',
      )
      return v.ok ? 0 : 2
    }
    if (!v.ok) {
      const more = v.problems.length > 1 ? ` (+${v.problems.length - 1} more)` : ''
      io.stderr.write(`invalid: ${v.problems[0]}${more}\n`)
      return 2
    }
    const m = v.manifest
    io.stdout.write(
      `valid: bundle ${m.bundleId} v${m.version}, ${m.evidence.length} evidence file(s), ${m.assessorKey.algorithm} key ${m.assessorKey.keyId}${trustedKey ? ' (pinned)' : ' (embedded key; pass --pubkey to pin the signer)'}\n`,
    )
    return 0
  },
}
