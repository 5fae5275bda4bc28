/**
 * Run under strace by central/durability.test.ts: starts central on the data dir given as the
 * first argument, uploads one evidence file through HTTP as an approved key, and exits.
 */
import { startCentral } from '../service'
import { clientFor, ed25519Signer, evidenceBytes } from './fixtures'
import { sha256Hex } from '../crypto'

async function main(): Promise<void> {
  const c = await startCentral({ dataDir: process.argv[2]! })
  const signer = ed25519Signer()
  const client = clientFor(c.url, signer)
  await client.register({ name: '耐久测试' }, new Date().toISOString())
  await c.ctx.db.updateTable('assessor_keys').set({ status: 'approved' }).execute()
  const [bytes] = evidenceBytes(1, 'durable', 5000)
  await client.uploadEvidence(sha256Hex(bytes!), bytes!, 0, 2000)
  await c.close()
  process.stdout.write(`uploaded ${sha256Hex(bytes!)}\n`)
}

void main()
