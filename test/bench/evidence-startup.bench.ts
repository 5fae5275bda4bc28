/**
 * Start-up cost of `EvidenceStore.encryptPlainFiles` (run at every start with encryption on) over
 * a store of already-encrypted files: it judges each file from its first 4 bytes and size
 * (`looksEncrypted`). For comparison, the same pass reading and decrypting every file whole (what
 * it did before). Figures only; nothing is asserted.
 */
import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EvidenceStore, decryptEvidence } from '../../electron/backend/evidence/evidence-store'

const FILES = 200
const SIZE = 512 * 1024

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-bench-evidence-'))
  try {
    const key = randomBytes(32)
    const store = new EvidenceStore(dir, key)
    for (let i = 0; i < FILES; i++) await store.put(randomBytes(SIZE))
    const headerOnly: number[] = []
    const wholeFile: number[] = []
    for (let round = 0; round < 3; round++) {
      let t = performance.now()
      const changed = await store.encryptPlainFiles()
      headerOnly.push(performance.now() - t)
      if (changed !== 0) throw new Error('bench store should hold only encrypted files')
      t = performance.now()
      for (const sha of await store.list())
        if (!decryptEvidence(key, sha, await readFile(store.pathFor(sha))))
          throw new Error(`${sha} does not decrypt`)
      wholeFile.push(performance.now() - t)
    }
    const best = (xs: number[]) => Math.round(Math.min(...xs) * 10) / 10
    return {
      files: FILES,
      fileKiB: SIZE / 1024,
      headerOnlyMs: best(headerOnly),
      readAndDecryptAllMs: best(wholeFile),
      note: 'best of 3, warm page cache; a cold disk widens the gap (the whole-file pass reads every byte)',
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
