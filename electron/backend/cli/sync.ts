/**
 * `npm run assess -- sync --server URL --key KEYFILE --pass-env VAR [--data DIR]
 *    [--register NAME [--agency TEXT]] [--server-key PEM] [FILE.dlbundle…]`
 * The CLI client of the central service: registers the key (pending until approved), adds the
 * given bundles to the outbox in DIR (default ./dl-sync: sync.sqlite + bundles/), and sends every
 * due bundle once (evidence first, resumable). The server's receipt key is pinned on first use
 * (DIR/server-key.json) or given with --server-key. Prints one line per bundle.
 * Exit 0: everything accepted; 3: some wait for a retry (offline, key pending); 2: rejected.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { OUTBOX_STATE_LABELS } from '../../../shared/domain/bundle/outbox'
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import { KeyError, unlockKeyFile, type Signer } from '../crypto/keys'
import { keyIdOf } from '../crypto/node-crypto'
import { openDatabase } from '../db/open'
import { BundleStore, BundleStoreError } from '../sync/bundle-store'
import { createSyncClient } from '../sync/http'
import { migrateToLatest } from '../db/migrate'
import { listRows } from '../sync/outbox-repo'
import { OutboxRunner } from '../sync/runner'
import { acquireDataDirLock } from '../storage/data-dir-lock'
import { writeFileDurableSync } from '../../../node/fs-durable'
import { makePrivate, makePrivateDir } from '../storage/private-files'
import { CliError, type CliCommand } from './cli-error'
import { MAX_BUNDLE_FILE_BYTES, ensureDir, readInputBytes, readInputText } from './cli-files'
import { loadKeyFileOrFail } from './keys'
import { one, parseFlags, passphraseFrom, required } from './parse-flags'
import { readTrustedKey } from './trusted-key'

const USAGE =
  'usage: npm run assess -- sync --server URL --key KEYFILE --pass-env VAR [--data DIR] [--register NAME [--agency TEXT]] [--server-key PEM] [FILE.dlbundle…]'

/** The server key pinned on first use (DIR/server-key.json); a damaged file is named. */
function readPinnedKey(path: string): PublicKeyInfo {
  const text = readInputText('--data', path, 1024 * 1024)
  try {
    const k = JSON.parse(text) as PublicKeyInfo
    if (k && typeof k.publicKeyPem === 'string' && keyIdOf(k) === k.keyId) return k
  } catch {
    /* reported below */
  }
  throw new CliError(
    `--data: ${path} is not a valid pinned server key; remove it to pin the server's key again`,
  )
}

export const syncCommand: CliCommand = {
  usage: USAGE,
  summary: '同步 / send signed bundles to the central service (outbox, receipts)',
  async run(args, io) {
    const p = parseFlags(
      args,
      {
        '--server': 'value',
        '--key': 'value',
        '--pass-env': 'value',
        '--data': 'value',
        '--register': 'value',
        '--agency': 'value',
        '--server-key': 'value',
      },
      {},
      USAGE,
    )
    const server = required(p, '--server', USAGE)
    if (!/^https?:\/\/\S+$/.test(server))
      throw new CliError(`--server: '${server}' is not an http(s) URL`)
    const keyFile = loadKeyFileOrFail(required(p, '--key', USAGE))
    const pass = passphraseFrom(p, io.env, USAGE)
    let signer: Signer
    try {
      signer = unlockKeyFile(keyFile, pass)
    } catch (e) {
      if (e instanceof KeyError) throw new CliError(e.message)
      throw e
    }
    const dir = one(p, '--data') ?? 'dl-sync'
    ensureDir('--data', dir)
    makePrivateDir(dir)
    const lock = acquireDataDirLock(dir, { command: 'assess sync' })
    try {
      return await sendAll(dir)
    } finally {
      lock.release()
    }

    async function sendAll(dir: string): Promise<number> {
      const client = createSyncClient({ baseUrl: server, signer })
      const netFail = (e: unknown): CliError =>
        new CliError(`${server}: ${e instanceof Error ? e.message : String(e)}`, 3)

      const pinPath = join(dir, 'server-key.json')
      let serverKey: PublicKeyInfo
      const given = one(p, '--server-key')
      if (given) {
        const k = readTrustedKey(given, '--server-key')
        serverKey = { ...k, keyId: keyIdOf(k) }
      } else if (existsSync(pinPath)) serverKey = readPinnedKey(pinPath)
      else {
        try {
          serverKey = await client.serverKey()
        } catch (e) {
          throw netFail(e)
        }
        if (keyIdOf(serverKey) !== serverKey.keyId)
          throw new CliError(`${server}: the server key id does not match its key`)
        writeFileDurableSync(
          pinPath,
          Buffer.from(
            JSON.stringify(
              {
                keyId: serverKey.keyId,
                algorithm: serverKey.algorithm,
                publicKeyPem: serverKey.publicKeyPem,
              },
              null,
              2,
            ) + '\n',
          ),
        )
        io.stdout.write(`pinned server receipt key ${serverKey.keyId}\n`)
      }

      const name = one(p, '--register')
      if (name) {
        try {
          const agency = one(p, '--agency')
          const r = await client.register(
            { name, ...(agency ? { agency } : {}) },
            new Date().toISOString(),
          )
          io.stdout.write(
            `key ${r.keyId}: ${r.status}${r.status === 'pending' ? ' (an administrator must approve it: npm run central -- approve KEYID)' : ''}\n`,
          )
        } catch (e) {
          throw netFail(e)
        }
      }

      const opened = openDatabase(join(dir, 'sync.sqlite'))
      makePrivate(join(dir, 'sync.sqlite'))
      try {
        await migrateToLatest(opened.db)
        const db = opened.db
        const runner = new OutboxRunner({
          db,
          store: new BundleStore(join(dir, 'bundles')),
          client,
          clock: () => Date.now(),
          serverKey,
        })
        for (const f of p.positional) {
          const bytes = readInputBytes('', f, MAX_BUNDLE_FILE_BYTES)
          try {
            await runner.add(bytes)
          } catch (e) {
            if (e instanceof BundleStoreError) throw new CliError(`${f}: ${e.message}`)
            throw e
          }
        }
        await runner.recover()
        // Run by hand: whatever waits for a retry is due now.
        await db
          .updateTable('syncOutbox')
          .set({ nextAttemptAt: Date.now() })
          .where('state', '=', 'queued')
          .execute()
        const sum = await runner.runOnce()
        const rows = await listRows(db)
        for (const r of rows)
          io.stdout.write(
            `${r.bundleId} v${r.version}  ${r.state} ${OUTBOX_STATE_LABELS[r.state]}${r.lastError && r.state !== 'accepted' ? `  ${r.lastError}` : ''}\n`,
          )
        io.stdout.write(
          `sent: ${sum.accepted} accepted, ${sum.rejected} rejected, ${sum.retried} to retry; ${sum.evidenceUploaded} evidence file(s), ${sum.bytesSent} bytes\n`,
        )
        if (rows.some((r) => r.state === 'rejected')) return 2
        if (rows.some((r) => r.state !== 'accepted')) return 3
        return 0
      } finally {
        await opened.close()
      }
    }
  },
}
