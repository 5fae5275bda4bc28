/**
 * One measured case of archive-bombs.bench.ts, in its own process so that its peak RSS
 * (process.resourceUsage().maxRSS) is its own: `tsx archive-bombs.child.ts <case> <args…>`.
 * Prints one JSON line: { ms, maxRssMiB, ok, reason }.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createBackend } from '../../electron/backend/create-backend'
import { verifyBundleBytes } from '../../electron/backend/bundle/build'
import { dispatch } from '../../electron/backend/dispatch'
import { EvidenceStore } from '../../electron/backend/evidence/evidence-store'
import { readTableFile } from '../../electron/backend/import/table-file'
import { evidenceKey, rawKeyProvider } from '../../electron/backend/storage/key-provider'

const [kind = '', ...args] = process.argv.slice(2)

async function measure(fn: () => Promise<{ ok: boolean; reason: string }>): Promise<void> {
  const t = performance.now()
  const r = await fn()
  const ms = Math.round(performance.now() - t)
  const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024)
  process.stdout.write(JSON.stringify({ ms, maxRssMiB, ...r }) + '\n')
}

const keyOf = (hex: string) =>
  hex === 'none' ? 'unencrypted' : rawKeyProvider(Buffer.from(hex, 'hex'))

async function main(): Promise<void> {
  switch (kind) {
    case 'bundle': {
      const bytes = readFileSync(args[0]!)
      return measure(async () => {
        const v = verifyBundleBytes(bytes)
        return { ok: v.ok, reason: v.ok ? '' : v.problems[0]! }
      })
    }
    case 'xlsx': {
      const bytes = readFileSync(args[0]!)
      return measure(async () => {
        try {
          await readTableFile('bomb.xlsx', bytes)
          return { ok: true, reason: '' }
        } catch (e) {
          return { ok: false, reason: e instanceof Error ? e.message : String(e) }
        }
      })
    }
    case 'seed': {
      // <dataDir> <keyHex> <MiB>: evidence files of 16 MiB each, straight into the store
      const [dataDir, keyHex, mib] = args as [string, string, string]
      const b = await createBackend({ dataDir, key: keyOf(keyHex), autoBackup: false })
      await b.close()
      const store = new EvidenceStore(dataDir, evidenceKey(Buffer.from(keyHex, 'hex')))
      for (let left = Number(mib); left > 0; left -= 16)
        await store.put(randomBytes(Math.min(16, left) * 1024 * 1024))
      process.stdout.write('{}\n')
      return
    }
    case 'backup-create':
    case 'backup-restore': {
      // <dataDir> <keyHex> <file>
      const [dataDir, keyHex, file] = args as [string, string, string]
      const b = await createBackend({ dataDir, key: keyOf(keyHex), autoBackup: false })
      try {
        return await measure(async () => {
          const r =
            kind === 'backup-create'
              ? await dispatch(b, 'backup.create', { path: file })
              : await dispatch(b, 'backup.restore', { path: file })
          return { ok: r.ok, reason: r.ok ? '' : r.error.message }
        })
      } finally {
        await b.close()
      }
    }
    default:
      throw new Error(`unknown case ${kind}`)
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})
