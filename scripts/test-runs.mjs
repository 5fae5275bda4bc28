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
