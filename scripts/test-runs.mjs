/**
 * What `npm test` runs (scripts/run-tests.mjs): the vitest projects split into two vitest runs
 * and how many workers each gets.
 *
 *  - the Node run: shared, backend, isolated, renderer, renderer-isolated;
 *  - the browser + central run: e2e (one file at a time, one Chromium), then central.
 *
 * Side by side each run gets half the cores (at least one worker): ONE each on a 2-core machine.
 * Every extra worker loads the same modules again, and the machine is already full with two runs.
 * Measured on this 2-core machine (2026-12-07, `npm run check` with cold caches, a per-process CPU
 * sampler beside it): the Node projects on two workers and e2e alone beside them took 393 s and
 * 738 CPU-s; everything on one worker each, central still in the Node run, 412 s and 651 CPU-s,
 * but the cores were only 84 % busy, as the Node run went on alone for two minutes; one worker
 * each with central moved beside e2e, 342 s and 601 CPU-s, both runs ending within 12 s.
 *
 * One after the other (DL_TEST_PARALLEL=0) each run uses vitest.config.ts's own worker count.
 * DL_TEST_WORKERS sets the workers of every run.
 */

export const NODE_RUN_PROJECTS = ['shared', 'backend', 'isolated', 'renderer', 'renderer-isolated']
export const BROWSER_RUN_PROJECTS = ['e2e', 'central']

/**
 * DL_TEST_WORKERS as a number, or null when unset; anything but a whole number from 1 to 64 is
 * refused naming the variable (vitest.config.ts reads it the same way).
 */
export function workersFromEnv(value) {
  if (value === undefined || value === '') return null
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`DL_TEST_WORKERS: a whole number from 1 to 64, got ${JSON.stringify(value)}`)
  return n
}

/** The two runs, with their vitest arguments (before `extra`, which both get). */
export function testRuns({ parallel, cores, workers = null, extra = [] }) {
  const perRun = workers ?? (parallel ? Math.max(1, Math.floor(cores / 2)) : null)
  return [
    { name: 'node run', projects: NODE_RUN_PROJECTS, prefix: '' },
    { name: 'e2e+central run', projects: BROWSER_RUN_PROJECTS, prefix: '[e2e+central] ' },
  ].map(({ name, projects, prefix }) => ({
    name,
    projects,
    prefix: parallel ? prefix : '',
    args: [
      'vitest',
      'run',
      ...(perRun === null ? [] : [`--maxWorkers=${perRun}`]),
      ...projects.flatMap((p) => ['--project', p]),
      ...extra,
    ],
  }))
}

/** statfs(2)'s f_type of a tmpfs (linux/magic.h TMPFS_MAGIC). */
const TMPFS_MAGIC = 0x01021994
/** What a whole `npm test` may put in its temporary directory at most, with room to spare. */
const TMPFS_NEEDS = 2 * 1024 ** 3

/**
 * Where `npm test` puts its temporary files: a directory under /dev/shm when that is a tmpfs
 * with 2 GiB free (Linux), so the SQLite files, bundles and PDFs the tests write live in memory.
 * The tests' fsyncs then cost nothing and the runs stop waiting on the disk. Measured on this
 * 2-core machine (2026-12-07): the contract, services and sync tests on one worker took 67.2 /
 * 63.8 s wall and 70.3 / 65.4 CPU-s with /tmp on the disk, 58.2 / 46.7 s and 66.4 / 53.4 CPU-s
 * on the tmpfs. The whole `npm test`, one run right after the other: 303.3 s, 520.5 CPU-s and the
 * cores 91.7 % busy with DL_TEST_TMPFS=0; 278.3 s, 489.8 CPU-s and 94.2 % on the tmpfs. The
 * product's code is the same; a SIGKILL leaves the page cache either way (test/crash), and what
 * fsync itself guarantees no test can show.
 *
 * null — the default temporary directory stays — when TMPDIR is set (the caller's choice),
 * when DL_TEST_TMPFS=0, off Linux, or when /dev/shm is missing, not a tmpfs or too full.
 */
export function tmpfsBase({ env, platform, statfs }) {
  if (env.DL_TEST_TMPFS === '0') return null
  if (env.TMPDIR !== undefined && env.TMPDIR !== '') return null
  if (platform !== 'linux') return null
  let fs
  try {
    fs = statfs('/dev/shm')
  } catch {
    return null
  }
  if (Number(fs.type) !== TMPFS_MAGIC) return null
  if (Number(fs.bavail) * Number(fs.bsize) < TMPFS_NEEDS) return null
  return '/dev/shm'
}
