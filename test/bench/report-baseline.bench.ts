/**
 * Issue 11 / issue 12 item 8: report time and bytes before and after this change, in one run, and
 * report time for 3k / 30k / 300k characters of notes.
 *
 * How: the pre-change tree (commit dba0a91, before issue 11) is extracted with `git archive` into
 * a temp directory with this checkout's node_modules symlinked; the same script
 * (test/bench/report-run.script.ts, copied into both trees) renders the sample 诊断报告 in a fresh
 * `tsx` process in each tree: cold (imports + first document) and warm (documents 2..6). The
 * before tree is given a time limit for long notes (its layout is quadratic in the note length).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO_ROOT } from '../../electron/backend/pdf/sample-report'

export const BASELINE_COMMIT = 'dba0a91'
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

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'report-baseline-'))
  try {
    const tar = join(dir, 'before.tar')
    const a = spawnSync('git', ['archive', '-o', tar, BASELINE_COMMIT], { cwd: REPO_ROOT })
    if (a.status !== 0) throw new Error(`git archive ${BASELINE_COMMIT} failed`)
    const before = join(dir, 'before')
    mkdirSync(before)
    const x = spawnSync('tar', ['-xf', tar, '-C', before])
    if (x.status !== 0) throw new Error('tar failed')
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(before, 'node_modules'))
    copyFileSync(join(REPO_ROOT, SCRIPT), join(before, SCRIPT))

    const out: Record<string, unknown> = { baselineCommit: BASELINE_COMMIT }
    out.sample = {
      before: runIn(before, 0, 300_000),
      after: runIn(REPO_ROOT, 0, 300_000),
    }
    const notes: Record<string, unknown> = {}
    for (const n of [3_000, 30_000, 300_000])
      notes[`${n / 1000}k`] = {
        after: runIn(REPO_ROOT, n, 600_000),
        before: runIn(before, n, n >= 300_000 ? 60_000 : 300_000),
      }
    out.notes = notes
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
