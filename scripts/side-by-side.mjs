/**
 * Runs command-line jobs side by side (or one after the other) for `npm test`
 * (scripts/run-tests.mjs) and `npm run check` (scripts/check.mjs).
 *
 * A job's output is either streamed live with a line prefix (`prefix`), streamed unchanged
 * (no prefix), or held back and printed in one piece after every job has ended (`hold: true`),
 * so a short job's lines never land in the middle of a test reporter's. Each job prints one line
 * `[<label>] <name>: exit <code> after <s> s` when it ends, and all of them again at the end. A
 * script calls forwardSignals() to pass SIGINT/SIGTERM on to the jobs still running.
 */
import { spawn } from 'node:child_process'
import { toolCommand, toolSpawnOptions } from './spawn-options.mjs'

const children = new Set()
let signalsForwarded = false
let interrupted = false

/** True once SIGINT/SIGTERM reached a script that forwards signals: its exit code is then 130. */
export function wasInterrupted() {
  return interrupted
}

/** For the scripts' own process: SIGINT/SIGTERM go on to the jobs still running (exit 130). */
export function forwardSignals() {
  if (signalsForwarded) return
  signalsForwarded = true
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      interrupted = true
      for (const c of children) c.kill(sig)
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
 * (1 when it cannot start or dies of a signal), its status line and its held-back output.
 * A job with `startAfter` starts when that promise settles (not at all after an interrupt:
 * exit 130); `onEnd` is told the exit code. `sink` replaces process.stdout/stderr (tests).
 * @param {import('./side-by-side.d.mts').Job} job
 */
export async function runJob(job) {
  if (job.startAfter) await job.startAfter.catch(() => {})
  const result =
    interrupted && job.startAfter
      ? { code: 130, status: `[${job.label}] ${job.name}: not started (interrupted)`, held: '' }
      : await spawnJob(job)
  job.onEnd?.(result.code)
  return result
}

/** @param {import('./side-by-side.d.mts').Job} job */
function spawnJob({
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
    // decoded as UTF-8 by the streams, so a character split across two chunks stays whole
    child.stdout?.setEncoding('utf8')
    child.stderr?.setEncoding('utf8')
    let held = ''
    const out = !hold && prefix ? prefixed(sink.stdout, prefix) : null
    const err = !hold && prefix ? prefixed(sink.stderr, prefix) : null
    child.stdout?.on('data', (c) => (hold ? (held += c) : out?.write(c)))
    child.stderr?.on('data', (c) => (hold ? (held += c) : err?.write(c)))
    let finished = false
    const done = (code) => {
      if (finished) return
      finished = true
      children.delete(child)
      out?.end()
      err?.end()
      const status = `[${label}] ${name}: exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`
      sink.stdout.write(`\n${status}\n`)
      resolve({ code, status, held })
    }
    child.once('error', (e) => {
      sink.stderr.write(`[${label}] cannot start ${name}: ${e.message}\n`)
      done(1)
    })
    child.once('close', (code, signal) => done(code ?? (signal ? 1 : 0)))
  })
}

/**
 * A gate that opens after `count` ticks (at once for count ≤ 0): give `tick` as the `onEnd` of
 * the jobs to wait for and `opened` as the `startAfter` of the job that waits.
 */
export function countdown(count) {
  let left = count
  let open
  const opened = new Promise((resolve) => (open = resolve))
  if (left <= 0) open()
  return {
    opened,
    tick() {
      left -= 1
      if (left === 0) open()
    },
  }
}

/**
 * Runs `jobs` side by side (`parallel`) or in order (then, with `stopOnFailure`, up to the
 * first failure); returns the first non-zero exit code, or 0. When all have ended it prints the
 * held-back output of each job that has some, then every job's status line again: a live test
 * reporter on a terminal redraws its last lines and can erase what was printed meanwhile.
 */
export async function runJobs(jobs, { parallel, stopOnFailure = false }) {
  const results = []
  if (parallel) {
    results.push(...(await Promise.all(jobs.map(runJob))))
  } else {
    for (const j of jobs) {
      const r = await runJob(j)
      results.push(r)
      if (r.code !== 0 && stopOnFailure) break
    }
  }
  const sink = jobs[0]?.sink ?? { stdout: process.stdout }
  results.forEach((r, i) => {
    if (r.held) {
      const text = r.held.endsWith('\n') ? r.held : `${r.held}\n`
      sink.stdout.write(`\n[${jobs[i].label}] ${jobs[i].name}:\n${text}`)
    }
  })
  if (results.length > 1) sink.stdout.write(`\n${results.map((r) => r.status).join('\n')}\n`)
  return results.find((r) => r.code !== 0)?.code ?? 0
}
