#!/usr/bin/env node
/**
 * `npm run check`: what CI runs — the typecheck (`npm run typecheck`), eslint and prettier
 * (`npm run lint:eslint`, `npm run lint:prettier`) and the whole suite (`npm test`).
 *
 * The three static checks run first, side by side, and the suite starts as soon as only one of
 * them is still running (issue 15 §5). Beside the suite, which keeps both cores of this machine
 * busy on its own, all three cost a third more CPU (tsc -b 70 CPU-s against 48, eslint 31
 * against 21, prettier 36 against 26; measured 2026-12-07 with a per-process sampler over two
 * checks run one after the other) and the check took 7 min 22 s against 7 min 05 s
 * static-first. But tsc -b takes longer than the other two together, so with the suite waiting
 * for all three one core stood idle for the last ~18 s of the typecheck (57 s against 38–39 s
 * on a fresh clone, 2026-12-07). Their output is held back and printed in one piece at the end,
 * after a `[check] <name>:` line, so it never lands inside the test reporter's; each job ends
 * with `[check] <name>: exit <code> after <s> s`. The exit code is the first failing job's (130
 * after Ctrl-C); every job runs to its end, the suite too when a static check failed, so one run
 * shows every kind of failure.
 *
 * DL_CHECK_ORDER=side-by-side starts all four at once (the order before 2026-12-07).
 * DL_CHECK_PARALLEL=0 runs them one after the other, as `typecheck && lint && test` did,
 * stopping at the first failure.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { countdown, forwardSignals, runJobs, wasInterrupted } from './side-by-side.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ORDERS = ['static-first', 'side-by-side']
const mode =
  process.env.DL_CHECK_PARALLEL === '0' ? 'in-a-row' : process.env.DL_CHECK_ORDER || 'static-first'
if (mode !== 'in-a-row' && !ORDERS.includes(mode)) {
  process.stderr.write(
    `check: DL_CHECK_ORDER must be one of ${ORDERS.join(', ')}; got ${JSON.stringify(mode)}\n`,
  )
  process.exit(2)
}

const job = (script, hold) => ({
  name: `npm run ${script}`,
  label: 'check',
  tool: 'npm',
  args: ['run', '--silent', script],
  cwd: root,
  hold,
})
const STATIC = ['typecheck', 'lint:eslint', 'lint:prettier']

forwardSignals()
let code
if (mode === 'in-a-row') {
  const jobs = [...STATIC, 'test'].map((s) => job(s, false))
  code = await runJobs(jobs, { parallel: false, stopOnFailure: true })
} else if (mode === 'static-first') {
  // the suite starts when all static checks but one have ended
  const gate = countdown(STATIC.length - 1)
  code = await runJobs(
    [
      ...STATIC.map((s) => ({ ...job(s, true), onEnd: gate.tick })),
      { ...job('test', false), startAfter: gate.opened },
    ],
    { parallel: true },
  )
} else {
  code = await runJobs([...STATIC.map((s) => job(s, true)), job('test', false)], { parallel: true })
}
process.exitCode = wasInterrupted() ? 130 : code
