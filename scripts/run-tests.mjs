#!/usr/bin/env node
/**
 * `npm test`: the whole suite as two vitest runs, side by side (scripts/test-runs.mjs says which
 * projects each run holds and how many workers each gets):
 *  - the Node run: shared, backend, isolated, renderer, renderer-isolated;
 *  - the e2e+central run: the browser project (e2e), then the central service's.
 *
 * Side by side is the default since 2026-12-07 (issue 15 §5): one after the other took ~12 min
 * 20 s then, side by side 9 min 04 s; on 2026-12-07 the split above with one worker per run
 * brought `npm run check` from 393 s to 342 s (the figures are in test-runs.mjs). The e2e
 * failures seen side by side on 2026-12-06 (a click on a confirm dialog still zooming in) are
 * gone since the app turns its animations off under reduced motion and the e2e Chromium asks
 * for it.
 *
 * The runs share one thing: the renderer build of the current sources
 * (test/support/renderer-build.ts `sharedRendererBuild`, out/renderer-builds/<hash>), built by
 * whichever run asks first while the other waits; the e2e hosts serve it and the package test
 * packs a copy of it. Otherwise every test takes its ports from the OS and its directories from
 * mkdtemp — under /dev/shm on Linux when it is a tmpfs with room (test-runs.mjs `tmpfsBase`;
 * DL_TEST_TMPFS=0 or a TMPDIR of your own keeps the default). DL_TEST_PARALLEL=0 runs them one
 * after the other (the Node run first), e.g. to read one run's output on its own;
 * DL_TEST_WORKERS=N gives every run N workers.
 *
 * The second run's lines are prefixed with "[e2e+central] " when the runs overlap; the exit code
 * is the first failing run's. Any arguments are passed to both runs (e.g. `npm test --
 * --reporter=dot`).
 */
import { chmodSync, mkdtempSync, rmSync, statfsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { forwardSignals, runJobs, wasInterrupted } from './side-by-side.mjs'
import { testRuns, tmpfsBase, workersFromEnv } from './test-runs.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const parallel = process.env.DL_TEST_PARALLEL !== '0'

let runs
try {
  runs = testRuns({
    parallel,
    cores: availableParallelism(),
    workers: workersFromEnv(process.env.DL_TEST_WORKERS),
    extra: process.argv.slice(2),
  })
} catch (e) {
  console.error(`npm test: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(2)
}

const jobs = runs.map(({ name, args, prefix }) => ({
  name,
  label: 'npm test',
  tool: 'npx',
  args,
  cwd: root,
  prefix,
}))

// the tests' temporary files in memory where Linux has a tmpfs (test-runs.mjs `tmpfsBase`); the
// runs inherit TMPDIR, and whatever a test left behind goes with the directory at the end
function testTmpDir() {
  const base = tmpfsBase({ env: process.env, platform: process.platform, statfs: statfsSync })
  if (base === null) return null
  try {
    const dir = mkdtempSync(join(base, 'dl-test-'))
    // open to every user like /tmp (sticky): the test PostgreSQL cluster runs as `postgres` when
    // started by root (scripts/pg-test-cluster.sh); each test's own directory stays 0700
    chmodSync(dir, 0o1777)
    return dir
  } catch (e) {
    console.error(`npm test: no directory under ${base} (${String(e)}); using the default`)
    return null
  }
}
const tmp = testTmpDir()
if (tmp !== null) process.env.TMPDIR = tmp

forwardSignals()
let code
try {
  code = await runJobs(jobs, { parallel })
} finally {
  if (tmp !== null) {
    try {
      rmSync(tmp, { recursive: true, force: true })
    } catch (e) {
      console.error(`npm test: could not remove ${tmp}: ${String(e)}`)
    }
  }
}
process.exitCode = wasInterrupted() ? 130 : code
