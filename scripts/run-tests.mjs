#!/usr/bin/env node
/**
 * `npm test`: the whole suite — the Node projects (shared, backend, central, renderer), then the
 * browser project (e2e) — as two vitest runs, one after the other.
 *
 * DL_TEST_PARALLEL=1 runs the two side by side, for a machine with cores to spare. Nothing is
 * shared between them: every test takes its ports from the OS and its directories from mkdtemp,
 * and the e2e run serves its own renderer build (out/e2e-renderer,
 * test/setup/e2e-renderer.global.ts), which the package test's rebuild of out/renderer cannot
 * touch. It is not the default because on this 2-core machine (issue 15 §5, measured
 * 2026-12-06) side by side took 10 min 43 s against about 14 min in a row, but 4 e2e tests ran
 * out of their 30 s waits under the load (a confirm dialog clicked while it still animated):
 * a suite that can fail by chance is worse than a slow one.
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
const parallel = process.env.DL_TEST_PARALLEL === '1'
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
