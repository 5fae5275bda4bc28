/**
 * Report time before and after, in one run:
 * - issue 11: time and bytes of the sample 诊断报告, against BASELINE_COMMIT (dba0a91, before
 *   issue 11);
 * - issue 12 item 8: time for 3k / 30k / 300k characters of notes, against NOTES_BASELINE_COMMIT
 *   (1e74ed2, the last main before the notes were split in one pass; its splitting was quadratic
 *   in the note length).
 *
 * How: each baseline tree is extracted with `git archive` into a temp directory with this
 * checkout's node_modules symlinked; the same script (test/bench/report-run.script.ts, copied into
 * every tree) renders the sample 诊断报告 (with a note of N characters) in a fresh process in each
 * tree: cold (imports + first document) and warm (documents 2..6; document 2 only from 100k). A
 * baseline run that exceeds its time limit is reported as timed out.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../../electron/backend/pdf/sample-report'

export const BASELINE_COMMIT = 'dba0a91'
export const NOTES_BASELINE_COMMIT = '1e74ed2'
const SCRIPT = 'test/bench/report-run.script.ts'

function runIn(root: string, noteChars: number, timeoutMs: number): Record<string, unknown> {
  const t = performance.now()
  // node itself (tsx as a loader in the same process), so a timeout kills the renderer too
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, String(noteChars)], {
    cwd: root,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  })
  const wallMs = Math.round(performance.now() - t)
  if (r.error || r.status !== 0)
    return {
      error: r.error
        ? `timed out after ${Math.round(timeoutMs / 1000)} s`
        : r.stderr.split('\n')[0],
      wallMs,
    }
  return { ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as object), processWallMs: wallMs }
}

/** The tree of `commit` under `dir`/`commit`, with node_modules and the run script of this one. */
function extractTree(commit: string, dir: string): string {
  const tar = join(dir, `${commit}.tar`)
  const a = spawnSync('git', ['archive', '-o', tar, commit], { cwd: REPO_ROOT })
  if (a.status !== 0) throw new Error(`git archive ${commit} failed`)
  const root = join(dir, commit)
  mkdirSync(root)
  const x = spawnSync('tar', ['-xf', tar, '-C', root])
  if (x.status !== 0) throw new Error('tar failed')
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'))
  copyFileSync(join(REPO_ROOT, SCRIPT), join(root, SCRIPT))
  return root
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'report-baseline-'))
  try {
    const before = extractTree(BASELINE_COMMIT, dir)
    const notesBefore = extractTree(NOTES_BASELINE_COMMIT, dir)

    const out: Record<string, unknown> = {
      baselineCommit: BASELINE_COMMIT,
      notesBaselineCommit: NOTES_BASELINE_COMMIT,
    }
    out.sample = {
      before: runIn(before, 0, 300_000),
      after: runIn(REPO_ROOT, 0, 300_000),
    }
    const notes: Record<string, unknown> = {}
    for (const n of [3_000, 30_000, 300_000])
      notes[`${n / 1000}k`] = {
        after: runIn(REPO_ROOT, n, 600_000),
        before: runIn(notesBefore, n, 600_000),
      }
    out.notes = notes
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
