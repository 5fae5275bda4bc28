/**
 * `npm run assess -- keys create --out DIR [--alg ed25519|sm2] --pass-env VAR [--label TEXT]`
 *   makes a key pair on this device; writes DIR/assessor-key.json (private key encrypted with the
 *   passphrase from $VAR; mode 0600) and DIR/assessor-public.pem; prints the key id.
 * `npm run assess -- keys export-public --key KEYFILE [--out FILE] [--pem]`
 *   prints the registration record {keyId, algorithm, publicKeyPem} as JSON (or the PEM).
 */
import { existsSync } from 'node:fs'
import { writeFileDurableSync } from '../../../node/fs-durable'
import { join } from 'node:path'
import {
  createKeyFile,
  KeyError,
  parseAlgorithm,
  parseKeyFile,
  publicInfo,
  type KeyFile,
} from '../crypto/keys'
import { CliError, type CliCommand } from './cli-error'
import { MAX_KEY_BYTES, ensureDir, readInputText, writeOutput } from './cli-files'
import { one, parseFlags, passphraseFrom, required } from './parse-flags'

const USAGE =
  'usage: npm run assess -- keys create --out DIR [--alg ed25519|sm2] --pass-env VAR | keys export-public --key KEYFILE [--out FILE] [--pem]'

export const KEY_FILE_NAME = 'assessor-key.json'
export const PUBLIC_PEM_NAME = 'assessor-public.pem'

export function loadKeyFileOrFail(path: string): KeyFile {
  const text = readInputText('--key', path, MAX_KEY_BYTES)
  try {
    return parseKeyFile(text)
  } catch (e) {
    throw new CliError(`--key ${path}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

export const keysCommand: CliCommand = {
  usage: USAGE,
  summary: '评估人密钥 / assessor keys: create, export-public',
  async run(args, io) {
    const [sub, ...rest] = args
    if (sub === 'create') {
      const p = parseFlags(
        rest,
        { '--out': 'value', '--alg': 'value', '--pass-env': 'value', '--label': 'value' },
        {},
        USAGE,
      )
      const dir = required(p, '--out', USAGE)
      const pass = passphraseFrom(p, io.env, USAGE)
      let file: KeyFile
      try {
        const label = one(p, '--label')
        file = createKeyFile({
          algorithm: parseAlgorithm(one(p, '--alg') ?? 'ed25519'),
          passphrase: pass,
          now: new Date(),
          ...(label ? { label } : {}),
        })
      } catch (e) {
        if (e instanceof KeyError) throw new CliError(e.message)
        throw e
      }
      const keyPath = join(dir, KEY_FILE_NAME)
      if (existsSync(keyPath))
        throw new CliError(`--out: ${keyPath} already exists; a key is never overwritten`)
      ensureDir('--out', dir)
      try {
        // durable (temp + fsync + rename), 0600, never over an existing key
        writeFileDurableSync(keyPath, Buffer.from(JSON.stringify(file, null, 2) + '\n'), {
          exclusive: true,
        })
      } catch (e) {
        throw new CliError(`--out: cannot write ${keyPath}: ${(e as Error).message}`)
      }
      writeOutput('--out', join(dir, PUBLIC_PEM_NAME), file.publicKeyPem)
      io.stdout.write(
        `已生成密钥 / key created: ${file.algorithm} ${file.keyId}\n  ${keyPath}\n  ${join(dir, PUBLIC_PEM_NAME)}\n`,
      )
      return 0
    }
    if (sub === 'export-public') {
      const p = parseFlags(rest, { '--key': 'value', '--out': 'value', '--pem': 'bool' }, {}, USAGE)
      const file = loadKeyFileOrFail(required(p, '--key', USAGE))
      const text = p.bools.has('--pem')
        ? file.publicKeyPem
        : JSON.stringify(publicInfo(file), null, 2) + '\n'
      const out = one(p, '--out')
      if (out) writeOutput('--out', out, text)
      else io.stdout.write(text)
      return 0
    }
    throw new CliError(sub ? `keys: unknown subcommand '${sub}'; ${USAGE}` : USAGE)
  },
}
