/**
 * The start-up sweep of the evidence store (issue 12 item 7): removes stored files no committed
 * row names (every table of STORED_FILE_COLUMNS) and temp files of interrupted writes, when they
 * were last written longer than a grace period ago. Such files are what a crash between a file's
 * write and its transaction's commit leaves behind (EvidenceStore.add cleans up after a failed
 * transaction, but not after a killed process), and files whose last row was removed
 * (`evidence.remove`). Each removal takes the content's lock and asks the database again
 * (EvidenceStore.removeIfUnnamed), so the sweep is safe while adds run; the grace period is a
 * second guard (a file that was just written is never touched).
 */
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { storedFileNamed, storedFilesNamed } from '../db/repos/stored-files.repo'
import type { Executor } from '../db/tx'
import type { EvidenceStore } from './evidence-store'

/** A stored file or temp file younger than this is never removed by the sweep. */
export const UNNAMED_FILE_GRACE_MS = 60 * 60 * 1000

export interface SweepResult {
  /** SHA-256 of every stored file removed (no row named it, older than the grace period) */
  removed: string[]
  /** stale temp files (`.tmp-*` of an interrupted write) removed */
  temps: number
  /** unnamed stored files kept: younger than the grace period (or named meanwhile) */
  kept: number
}

export async function sweepUnnamedFiles(
  db: Executor,
  store: EvidenceStore,
  opts: { now: Date; graceMs?: number },
): Promise<SweepResult> {
  const before = new Date(opts.now.getTime() - (opts.graceMs ?? UNNAMED_FILE_GRACE_MS))
  const named = await storedFilesNamed(db)
  const out: SweepResult = { removed: [], temps: 0, kept: 0 }
  for (const sha of await store.list()) {
    if (named.has(sha)) continue
    const gone = await store.removeIfUnnamed(sha, (h) => storedFileNamed(db, h), {
      writtenBefore: before,
    })
    if (gone) out.removed.push(sha)
    else out.kept++
  }
  let dirs: string[] = []
  try {
    dirs = await readdir(store.root)
  } catch {
    // no evidence directory yet
  }
  for (const d of dirs) {
    if (!/^[0-9a-f]{2}$/.test(d)) continue
    for (const f of await readdir(join(store.root, d))) {
      if (!f.startsWith('.tmp-')) continue
      const p = join(store.root, d, f)
      const st = await stat(p).catch(() => null)
      if (!st?.isFile() || st.mtimeMs >= before.getTime()) continue
      await rm(p, { force: true })
      out.temps++
    }
  }
  return out
}
