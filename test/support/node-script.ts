/**
 * Child processes in tests without tsx's start-up cost (issue 15 §5): a TypeScript entry is
 * bundled once per test process by esbuild into out/test-scripts/<name>-<pid>.cjs (packages
 * stay in node_modules) and started with plain `node`. tsx compiled the whole backend again in
 * every child — seconds per spawn on a busy 2-core machine, for every crash-test round.
 *
 *   const file = await bundledScript('test/crash/save-loop.ts')
 *   spawn(process.execPath, [file, ...args])
 *
 * One file per test process (pid in the name), removed when the process exits. `import.meta.url`
 * and `import.meta.dirname` keep meaning the SOURCE file's (as under tsx), so code that finds
 * files relative to itself (central's console directory, fixtures) works unchanged.
 */
import { readFileSync, rmSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Plugin } from 'esbuild'

export const REPO = join(import.meta.dirname, '..', '..')

const built = new Map<string, Promise<string>>()

export function bundledScript(entry: string): Promise<string> {
  const rel = relative(REPO, join(REPO, entry))
  let p = built.get(rel)
  if (!p) {
    p = build(rel)
    built.set(rel, p)
  }
  return p
}

async function build(rel: string): Promise<string> {
  const { build: esbuild } = await import('esbuild')
  const out = join(
    REPO,
    'out',
    'test-scripts',
    `${basename(rel).replace(/\.ts$/, '')}-${process.pid}.cjs`,
  )
  await esbuild({
    absWorkingDir: REPO,
    entryPoints: [rel],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    plugins: [sourceImportMeta],
  })
  process.once('exit', () => rmSync(out, { force: true }))
  return out
}

/** Replaces import.meta.url / .dirname in our own sources with the source file's values. */
const sourceImportMeta: Plugin = {
  name: 'source-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes('import.meta')) return undefined
      return {
        loader: 'ts',
        contents: text
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path))),
      }
    })
  },
}
