#!/usr/bin/env node
/**
 * `npm test`: the whole suite — the Node projects (shared, backend, isolated, central, renderer,
 * renderer-isolated) and the
 * browser project (e2e) — as two vitest runs, side by side.
 *
 * Side by side is the default since 2026-12-07 (issue 15 §5). Measured on this 2-core machine:
 * one after the other ~12 min 20 s (the Node run alone 7 min 49 s: vitest gives a 2-core
 * machine ONE worker, cores − 1: 1.2 cores busy on average, the worker plus the child
 * processes it waits on); side by side with two Node workers (vitest.config.ts,
 * DL_TEST_WORKERS) 9 min 04 s with every test passing, and both cores busy. Three Node workers
 * beside the e2e run were slower (9 min 26 s): the machine is then saturated. The e2e failures
 * seen side by side on 2026-12-06 (a click on a confirm dialog still zooming in) are gone since
 * the app turns its animations off under reduced motion and the e2e Chromium asks for it.
 *
 * The runs share one thing: the renderer build of the current sources
 * (test/support/renderer-build.ts `sharedRendererBuild`, out/renderer-builds/<hash>), built by
 * whichever run asks first while the other waits; the e2e hosts serve it and the package test
 * packs a copy of it. Otherwise every test takes its ports from the OS and its directories from
 * mkdtemp. DL_TEST_PARALLEL=0 runs them one after the other (the Node run first), e.g. to read one
 * run's output on its own.
 *
 * The e2e run's lines are prefixed with "[e2e] " when the runs overlap; the exit code is the
 * first failing run's. Any arguments are passed to both runs (e.g. `npm test -- --reporter=dot`).
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { forwardSignals, runJobs, wasInterrupted } from './side-by-side.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const parallel = process.env.DL_TEST_PARALLEL !== '0'
const extra = process.argv.slice(2)
const NODE_PROJECTS = ['shared', 'backend', 'isolated', 'central', 'renderer', 'renderer-isolated']

const runs = [
  { name: 'node run', projects: NODE_PROJECTS, prefix: '' },
  { name: 'e2e run', projects: ['e2e'], prefix: '[e2e] ' },
].map(({ name, projects, prefix }) => ({
  name,
  label: 'npm test',
  tool: 'npx',
  args: ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...extra],
  cwd: root,
  prefix: parallel ? prefix : '',
}))

forwardSignals()
const code = await runJobs(runs, { parallel })
process.exitCode = wasInterrupted() ? 130 : code
