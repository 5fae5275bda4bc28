/**
 * `npm run assess -- verify FILE.dlbundle [--pubkey PEM] [--rule-profile FILE.json…
 *   [--server-key PEM]] [--json]`
 * Exit 0: valid (one summary line). Exit 2: invalid, the reason on one line naming what changed
 * (all reasons with --json). --pubkey pins the signer; without it the embedded key is checked
 * for integrity only and the output says so. An assessment under a rule profile published by the
 * central service needs that profile: --rule-profile FILE.json (as `export-rule-profile` writes
 * it; repeatable), its signature checked when --server-key (the central's key) is given.
 */
import { verifyBundleBytes } from '../bundle/build'
import { CliError, type CliCommand } from './cli-error'
import { MAX_BUNDLE_FILE_BYTES, readInputBytes } from './cli-files'
import { one, parseFlags } from './parse-flags'
import { ruleProfilesOf } from './rule-profile-flags'
import { readTrustedKey } from './trusted-key'

const USAGE =
  'usage: npm run assess -- verify FILE.dlbundle [--pubkey PEM] [--rule-profile FILE.json… [--server-key PEM]] [--json]'

export const verifyCommand: CliCommand = {
  usage: USAGE,
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
    const bytes = readInputBytes('', file, MAX_BUNDLE_FILE_BYTES)
    const pub = one(p, '--pubkey')
    const trustedKey = pub ? readTrustedKey(pub) : undefined
    const registry = ruleProfilesOf(
      p.flags.get('--rule-profile') ?? [],
      one(p, '--server-key'),
      USAGE,
    )
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
