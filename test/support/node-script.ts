/**
 * Child processes in tests without tsx's start-up cost (issue 15 §5): a TypeScript entry is
 * bundled once per test process by esbuild into out/test-scripts/<name>-<hash>.cjs (packages
 * stay in node_modules) and started with plain `node`. tsx compiled the whole backend again in
 * every child — seconds per spawn on a busy 2-core machine, for every crash-test round.
 *
 *   const file = await bundledScript('test/crash/save-loop.ts')
 *   spawn(process.execPath, [file, ...args])
 *
 * The file is named by the SHA-256 of its content, written once (temporary name, then a rename)
 * and shared by every process that builds the same code; files unused for a day are removed. (It
 * was one file per process, removed on `exit`, an event vitest's workers do not always get:
 * 713 files, 360 MB, had piled up here.) `import.meta.url`
 * and `import.meta.dirname` keep meaning the SOURCE file's (as under tsx), so code that finds
 * files relative to itself (central's console directory, fixtures) works unchanged.
 */
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
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
    // a failed build is tried again by the next caller (files share a worker's modules)
    p.catch(() => built.delete(rel))
  }
  return p
}

const DIR = join(REPO, 'out', 'test-scripts')
const UNUSED_FOR = 24 * 60 * 60 * 1000

async function build(rel: string): Promise<string> {
  const { build: esbuild } = await import('esbuild')
  const name = basename(rel).replace(/\.ts$/, '')
  const result = await esbuild({
    absWorkingDir: REPO,
    entryPoints: [rel],
    outfile: join(DIR, `${name}.cjs`),
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    plugins: [sourceImportMeta],
  })
  const code = result.outputFiles[0]?.contents
  if (!code) throw new Error(`esbuild wrote nothing for ${rel}`)
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16)
  const out = join(DIR, `${name}-${hash}.cjs`)
  mkdirSync(DIR, { recursive: true })
  if (!touch(out)) {
    const tmp = `${out}.${process.pid}.tmp`
    writeFileSync(tmp, code)
    try {
      renameSync(tmp, out)
    } catch (e) {
      // Windows: another process renamed the same bundle there first and holds it open
      rmSync(tmp, { force: true })
      if (!existsSync(out)) throw e
    }
  }
  pruneUnused()
  return out
}

/** Marks `file` as in use (not pruned); false when it is not there. */
function touch(file: string): boolean {
  try {
    const now = new Date()
    utimesSync(file, now, now)
    return true
  } catch {
    return false
  }
}

let pruned = false

/** Once per process: removes bundles (and stray temporary files) unused for a day. */
function pruneUnused(): void {
  if (pruned) return
  pruned = true
  const cutoff = Date.now() - UNUSED_FOR
  for (const f of readdirSync(DIR)) {
    const file = join(DIR, f)
    try {
      if (statSync(file).mtimeMs < cutoff) rmSync(file, { force: true })
    } catch {
      // removed by another process meanwhile
    }
  }
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
