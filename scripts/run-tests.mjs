#!/usr/bin/env node
/**
 * `npm test`: the whole suite — the Node projects (shared, backend, central, renderer) and the
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
 * Nothing is shared between the runs: every test takes its ports from the OS and its
 * directories from mkdtemp, and the e2e run serves its own renderer build (out/e2e-renderer,
 * test/setup/e2e-renderer.global.ts), which the package test's rebuild of out/renderer cannot
 * touch. DL_TEST_PARALLEL=0 runs them one after the other (the Node run first), e.g. to read one
 * run's output on its own.
 *
 * The e2e run's lines are prefixed with "[e2e] " when the runs overlap; the exit code is the
 * first failing run's. Any arguments are passed to both runs (e.g. `npm test -- --reporter=dot`).
 */
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toolCommand, toolSpawnOptions } from './spawn-options.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npx = toolCommand('npx')

const RUNS = [
  {
    name: 'node',
    args: [
      '--project',
      'shared',
      '--project',
      'backend',
      '--project',
      'central',
      '--project',
      'renderer',
    ],
    prefix: '',
  },
  { name: 'e2e', args: ['--project', 'e2e'], prefix: '[e2e] ' },
]
const parallel = process.env.DL_TEST_PARALLEL !== '0'
const extra = process.argv.slice(2)

const children = new Set()

/** Writes `chunk` line by line with `prefix`, keeping a partial last line for the next chunk. */
function prefixed(out, prefix) {
  let rest = ''
  return {
    write(chunk) {
      const text = rest + chunk.toString()
      const lines = text.split('\n')
      rest = lines.pop() ?? ''
      for (const l of lines) out.write(`${prefix}${l}\n`)
    },
    end() {
      if (rest) out.write(`${prefix}${rest}\n`)
      rest = ''
    },
  }
}

function run({ name, args, prefix: p }) {
  const prefix = parallel ? p : ''
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(npx, ['vitest', 'run', ...args, ...extra], {
      ...toolSpawnOptions(),
      cwd: root,
      stdio: ['ignore', prefix ? 'pipe' : 'inherit', prefix ? 'pipe' : 'inherit'],
    })
    children.add(child)
    const out = prefix ? prefixed(process.stdout, prefix) : null
    const err = prefix ? prefixed(process.stderr, prefix) : null
    child.stdout?.on('data', (c) => out?.write(c))
    child.stderr?.on('data', (c) => err?.write(c))
    const done = (code) => {
      children.delete(child)
      out?.end()
      err?.end()
      const secs = ((Date.now() - started) / 1000).toFixed(1)
      process.stdout.write(`\n[npm test] ${name} run: exit ${code} after ${secs} s\n`)
      resolve(code)
    }
    child.once('error', (e) => {
      process.stderr.write(`[npm test] cannot start the ${name} run: ${e.message}\n`)
      done(1)
    })
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)))
  })
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    for (const c of children) c.kill(sig)
    process.exitCode = 130
  })
}

let codes
if (parallel) {
  codes = await Promise.all(RUNS.map(run))
} else {
  codes = []
  for (const r of RUNS) codes.push(await run(r))
}
const failed = codes.find((c) => c !== 0)
process.exitCode = failed ?? process.exitCode ?? 0
