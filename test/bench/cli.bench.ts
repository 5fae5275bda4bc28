/**
 * CLI cold start (issue 15 §4): wall time of `npm run -s assess -- score <example> --json`,
 * of the bundle run directly and through scripts/assess.mjs (the V8 code cache), of the CLI as
 * it started before (tsx compiling the TypeScript), and of `node -e 0` as the floor — all in the same run, interleaved round by round so that the load
 * of the machine hits every variant alike. Medians and the ratio to `node -e 0`.
 * Run: `npm run bench -- cli` (CLI_BENCH_ROUNDS, default 15).
 */
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { loadavg } from 'node:os'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const EXAMPLE = 'examples/diagnosis-level2-qibin-dianqi.json'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const variants: Record<string, [string, string[]]> = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'node out/cli/assess.cjs score --json': [
    process.execPath,
    ['out/cli/assess.cjs', 'score', EXAMPLE, '--json'],
  ],
  'node scripts/assess.mjs score --json': [
    process.execPath,
    ['scripts/assess.mjs', 'score', EXAMPLE, '--json'],
  ],
  'npm run -s assess -- score --json': [
    npm,
    ['run', '-s', 'assess', '--', 'score', EXAMPLE, '--json'],
  ],
  // what `npm run assess` ran before issue 15: the TypeScript compiled by tsx at every start
  'tsx electron/backend/cli.ts score --json (before)': [
    process.execPath,
    ['--import', 'tsx', 'electron/backend/cli.ts', 'score', EXAMPLE, '--json'],
  ],
}

function once(cmd: string, args: string[]): number {
  const t = performance.now()
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  })
  const ms = performance.now() - t
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`)
  return ms
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export async function run(): Promise<Record<string, unknown>> {
  const rounds = Number(process.env.CLI_BENCH_ROUNDS ?? 15)
  // warm-up: builds the bundle if stale and writes the code cache
  for (const [cmd, args] of Object.values(variants)) once(cmd, args)
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(variants).map((k) => [k, []]),
  )
  const loadBefore = loadavg()[0]
  for (let i = 0; i < rounds; i++)
    for (const [name, [cmd, args]] of Object.entries(variants)) times[name]!.push(once(cmd, args))
  const floor = median(times['node -e 0']!)
  const out: Record<string, unknown> = {
    rounds,
    loadavg1: { before: Number(loadBefore?.toFixed(2)), after: Number(loadavg()[0]?.toFixed(2)) },
  }
  for (const [name, xs] of Object.entries(times))
    out[name] = {
      medianMs: Math.round(median(xs)),
      minMs: Math.round(Math.min(...xs)),
      ratioToNode: Number((median(xs) / floor).toFixed(2)),
    }
  return out
}
