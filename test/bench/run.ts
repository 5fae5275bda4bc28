/**
 * `npm run bench`: runs every bench module in test/bench/*.bench.ts and writes the figures to
 * bench-results/bench.json (and prints them). Each module exports
 * `export async function run(): Promise<Record<string, unknown>>`.
 * Speed is measured here, never asserted in tests.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import os from 'node:os'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)

async function main(): Promise<void> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort()
  const results: Record<string, unknown> = {}
  for (const f of files) {
    const name = f.replace(/\.bench\.ts$/, '')
    process.stderr.write(`bench ${name} …\n`)
    const mod = (await import(join(here, f))) as { run: () => Promise<Record<string, unknown>> }
    try {
      results[name] = await mod.run()
    } catch (e) {
      results[name] = { error: e instanceof Error ? e.message : String(e) }
    }
    process.stderr.write(`  ${JSON.stringify(results[name])}\n`)
  }
  const file = join(here, '..', '..', 'bench-results', 'bench.json')
  // `npm run bench -- cli` re-measures one module: the other modules' last figures stay
  if (only.length > 0 && existsSync(file)) {
    const before = JSON.parse(readFileSync(file, 'utf8')) as { results?: Record<string, unknown> }
    for (const [k, v] of Object.entries(before.results ?? {})) if (!(k in results)) results[k] = v
  }
  const out = {
    when: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
    },
    results,
  }
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
  process.stdout.write(`wrote ${file}\n`)
}

void main()
