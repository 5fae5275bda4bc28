/**
 * `npm run assess -- import FILE.dlbundle… --into DIR [--pubkey PEM]`
 * Imports bundles that arrived as files (USB, mail) into a bundle store after the same
 * verification as `verify` and the central service. Exit 2 with the reason when one is refused;
 * bundles already imported are left as they were.
 */
import { BundleStore, BundleStoreError } from '../sync/bundle-store'
import { CliError, type CliCommand } from './cli-error'
import { MAX_BUNDLE_FILE_BYTES, ensureDir, readInputBytes } from './cli-files'
import { one, parseFlags, required } from './parse-flags'
import { readTrustedKey } from './trusted-key'

const USAGE = 'usage: npm run assess -- import FILE.dlbundle… --into DIR [--pubkey PEM]'

export const importCommand: CliCommand = {
  usage: USAGE,
  summary: '导入签名包 / import .dlbundle files (verified) into a bundle store',
  async run(args, io) {
    const p = parseFlags(args, { '--into': 'value', '--pubkey': 'value' }, {}, USAGE)
    if (!p.positional.length)
      throw new CliError(`FILE.dlbundle: required (one or more bundles to import); ${USAGE}`)
    const into = required(p, '--into', USAGE)
    ensureDir('--into', into)
    const store = new BundleStore(into)
    const pub = one(p, '--pubkey')
    const trustedKey = pub ? readTrustedKey(pub) : undefined
    let failed = 0
    for (const file of p.positional) {
      const bytes = readInputBytes('', file, MAX_BUNDLE_FILE_BYTES)
      try {
        const r = store.put(bytes, trustedKey ? { trustedKey } : {})
        io.stdout.write(
          `${r.status === 'stored' ? '已导入 / imported' : '已存在 / already present'}: ${file} → bundle ${r.bundleId} v${r.manifest.version}\n`,
        )
      } catch (e) {
        if (!(e instanceof BundleStoreError)) throw e
        failed++
        io.stderr.write(`refused: ${file}: ${e.message}\n`)
      }
    }
    return failed ? 2 : 0
  },
}
