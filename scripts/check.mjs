#!/usr/bin/env node
/**
 * `npm run check`: what CI runs — the typecheck (`npm run typecheck`), eslint and prettier
 * (`npm run lint:eslint`, `npm run lint:prettier`) and the whole suite (`npm test`).
 *
 * They run side by side (issue 15 §5): on a fresh checkout the three static checks take about
 * a minute in a row (tsc -b 34 s, eslint 12 s, prettier 16 s, all cold), while the test runs
 * leave part of the CPU waiting on processes, disks and browsers. Their output is printed in one
 * piece at the end, after a `[check] <name>:` line, so it never lands inside the test
 * reporter's; then every job's `[check] <name>: exit <code> after <s> s`. The exit code is the
 * first failing job's (130 after Ctrl-C); every job runs to its end, so one run shows every
 * kind of failure.
 *
 * DL_CHECK_PARALLEL=0 runs them one after the other, as `typecheck && lint && test` did,
 * stopping at the first failure.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { forwardSignals, runJobs, wasInterrupted } from './side-by-side.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const parallel = process.env.DL_CHECK_PARALLEL !== '0'

const jobs = ['typecheck', 'lint:eslint', 'lint:prettier', 'test'].map((script) => ({
  name: `npm run ${script}`,
  label: 'check',
  tool: 'npm',
  args: ['run', '--silent', script],
  cwd: root,
  hold: parallel && script !== 'test',
}))

forwardSignals()
const code = await runJobs(jobs, { parallel, stopOnFailure: !parallel })
process.exitCode = wasInterrupted() ? 130 : code
