/**
 * Running the CLI in tests (issue 15 §5). Two ways, one place:
 *
 *   const r = await runCli(['score', file, '--json'], { env: { DL_PASSPHRASE: '…' }, cwd })
 *   // → { code, stdout, stderr }: the whole command line (cli/run-cli.ts) in THIS process — argument
 *   //   parsing, the command, the one-line error and its exit code — exactly what a user sees,
 *   //   in milliseconds instead of a process start.
 *
 *   const r = runCliProcess(['score', file, '--json'])
 *   // → the same, through a real process running the built bundle (out/cli/assess.cjs, built
 *   //   first when stale): for the ONE smoke test per command in cli/smoke.test.ts.
 *
 * `env` is added to process.env (as a child process would inherit it). `cwd`: relative paths in
 * the arguments are resolved against it (in-process: process.chdir for the duration of the
 * call, so calls are serialised by a queue in this module, which the test files of one worker
 * share: they run one after another in the same process).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { runCli as runCommandLine } from './run-cli'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>
  cwd?: string
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')

let queue: Promise<unknown> = Promise.resolve()

export function runCli(args: readonly string[], opts: CliRunOptions = {}): Promise<CliResult> {
  const call = async (): Promise<CliResult> => {
    let stdout = ''
    let stderr = ''
    const before = process.cwd()
    if (opts.cwd) process.chdir(opts.cwd)
    try {
      const code = await runCommandLine(args, {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { ...process.env, ...opts.env },
      })
      return { code, stdout, stderr }
    } finally {
      if (opts.cwd) process.chdir(before)
    }
  }
  const run = queue.then(call, call)
  queue = run.catch(() => undefined)
  return run
}

let built = false

/** The built CLI bundle (out/cli/assess.cjs), built first when stale (once per test process). */
export async function cliBundle(): Promise<string> {
  if (!built) {
    const { ensureCliBuilt } = (await import(join(REPO_ROOT, 'scripts', 'build-cli.mjs'))) as {
      ensureCliBuilt: () => Promise<string | null>
    }
    await ensureCliBuilt()
    built = true
  }
  return join(REPO_ROOT, 'out', 'cli', 'assess.cjs')
}

/** The real `assess` process (the bundle). */
export async function runCliProcess(
  args: readonly string[],
  opts: CliRunOptions = {},
): Promise<CliResult> {
  const r = spawnSync(process.execPath, [await cliBundle(), ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
  })
  if (r.error) throw r.error
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}
