/**
 * Runs command-line jobs side by side (or one after the other) for `npm test`
 * (scripts/run-tests.mjs) and `npm run check` (scripts/check.mjs).
 *
 * A job's output is either streamed live with a line prefix (`prefix`), streamed unchanged
 * (no prefix), or held back and printed in one piece when the job ends (`hold: true`), so a
 * short job's lines never land in the middle of a test reporter's. Every job ends with one
 * line `[<label>] <name>: exit <code> after <s> s`. A script calls forwardSignals() to pass
 * SIGINT/SIGTERM on to the jobs still running.
 */
import { spawn } from 'node:child_process'
import { toolCommand, toolSpawnOptions } from './spawn-options.mjs'

const children = new Set()
let signalsForwarded = false

/** For the scripts' own process: SIGINT/SIGTERM go on to the jobs still running (exit 130). */
export function forwardSignals() {
  if (signalsForwarded) return
  signalsForwarded = true
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      for (const c of children) c.kill(sig)
      process.exitCode = 130
    })
  }
}

/** Writes `chunk` line by line with `prefix`, keeping a partial last line for the next chunk. */
export function prefixed(out, prefix) {
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

/**
 * Runs one job: `tool` is an npm tool name (npx, npm) or `node`; resolves to its exit code
 * (1 when it cannot start or dies of a signal). `sink` replaces process.stdout/stderr (tests).
 * @param {import('./side-by-side.d.mts').Job} job
 */
export function runJob({
  name,
  tool,
  args,
  cwd,
  prefix = '',
  hold = false,
  label,
  sink = { stdout: process.stdout, stderr: process.stderr },
}) {
  return new Promise((resolve) => {
    const started = Date.now()
    const command = tool === 'node' ? process.execPath : toolCommand(tool)
    const piped = hold || prefix !== ''
    const child = spawn(command, args, {
      ...(tool === 'node' ? {} : toolSpawnOptions()),
      cwd,
      stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
    })
    children.add(child)
    const held = []
    const out = !hold && prefix ? prefixed(sink.stdout, prefix) : null
    const err = !hold && prefix ? prefixed(sink.stderr, prefix) : null
    child.stdout?.on('data', (c) => (hold ? held.push(c) : out?.write(c)))
    child.stderr?.on('data', (c) => (hold ? held.push(c) : err?.write(c)))
    let finished = false
    const done = (code) => {
      if (finished) return
      finished = true
      children.delete(child)
      out?.end()
      err?.end()
      if (hold && held.length > 0) {
        const text = Buffer.concat(held).toString()
        sink.stdout.write(`\n[${label}] ${name}:\n${text}${text.endsWith('\n') ? '' : '\n'}`)
      }
      const secs = ((Date.now() - started) / 1000).toFixed(1)
      sink.stdout.write(`\n[${label}] ${name}: exit ${code} after ${secs} s\n`)
      resolve(code)
    }
    child.once('error', (e) => {
      sink.stderr.write(`[${label}] cannot start ${name}: ${e.message}\n`)
      done(1)
    })
    child.once('close', (code, signal) => done(code ?? (signal ? 1 : 0)))
  })
}

/**
 * Runs `jobs` side by side (`parallel`) or in order (then, with `stopOnFailure`, up to the
 * first failure); returns the first non-zero exit code, or 0.
 */
export async function runJobs(jobs, { parallel, stopOnFailure = false }) {
  const codes = []
  if (parallel) {
    codes.push(...(await Promise.all(jobs.map(runJob))))
  } else {
    for (const j of jobs) {
      const code = await runJob(j)
      codes.push(code)
      if (code !== 0 && stopOnFailure) break
    }
  }
  return codes.find((c) => c !== 0) ?? 0
}
