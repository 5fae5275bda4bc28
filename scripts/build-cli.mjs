#!/usr/bin/env node
/**
 * Builds the CLI (electron/backend/cli.ts) into ONE JavaScript file, out/cli/assess.cjs, with
 * esbuild: our TypeScript is compiled once instead of at every start (tsx took ~3–5 s per run).
 * The small pure-JS packages every command needs (INLINE: zod, hashing, zip, canonical JSON) are
 * inlined — loading zod's hundred files alone took longer than the whole score command; the
 * rest stay in node_modules and are required only by the command that needs them (the native
 * SQLite drivers must stay there anyway). CommonJS on purpose: each command is reached through a dynamic import
 * (cli/commands.ts), and in a CommonJS bundle esbuild keeps those modules — and the `require`s
 * of the packages they use — unevaluated until the command runs, so `score` never loads pdfmake.
 *
 * `ensureCliBuilt()` is the fast staleness check used by scripts/assess.mjs: the build records
 * its input files (out/cli/assess.inputs.json); the bundle is stale when it or that list is
 * missing, or any input is newer than the bundle (a few hundred stat calls, ~ms). A new source
 * file only enters the bundle through an edit of a file already in it, so the list stays valid.
 *
 *   node scripts/build-cli.mjs          build now
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_BUNDLE = join(root, 'out', 'cli', 'assess.cjs')
const INPUTS = join(root, 'out', 'cli', 'assess.inputs.json')
const ENTRY = 'electron/backend/cli.ts'
const INLINE = ['zod', '@noble/hashes', 'fflate', 'canonicalize', 'sm-crypto']

/** Every runtime dependency except INLINE, with its subpaths. */
function externals() {
  const deps = Object.keys(
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies,
  )
  return deps.filter((d) => !INLINE.includes(d)).flatMap((d) => [d, `${d}/*`])
}

/** The reason the bundle must be rebuilt, or null when it is up to date. */
export function staleReason() {
  if (!existsSync(CLI_BUNDLE) || !existsSync(INPUTS)) return 'not built yet'
  const built = statSync(CLI_BUNDLE).mtimeMs
  let inputs
  try {
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'))
  } catch {
    return 'input list unreadable'
  }
  for (const f of [...inputs, 'scripts/build-cli.mjs', 'package.json']) {
    const st = statSync(join(root, f), { throwIfNoEntry: false })
    if (!st) return `${f} is gone`
    if (st.mtimeMs > built) return `${f} changed`
  }
  return null
}

export async function buildCli() {
  const { build } = await import('esbuild')
  mkdirSync(dirname(CLI_BUNDLE), { recursive: true })
  const result = await build({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: externals(),
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // import.meta.url has no meaning in CommonJS: the bundle's own file URL stands in (used to
    // find node_modules/@expo-google-fonts from the repository in development)
    define: { 'import.meta.url': '__assessBundleUrl' },
    banner: {
      js: "#!/usr/bin/env node\nconst __assessBundleUrl = require('node:url').pathToFileURL(__filename).href;",
    },
  })
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.startsWith('node_modules/'))
    .map((f) => relative(root, join(root, f)))
  writeFileSync(INPUTS, JSON.stringify(inputs) + '\n')
}

/** Builds when stale; returns what was done (for the one line scripts/assess.mjs prints). */
export async function ensureCliBuilt() {
  const why = staleReason()
  if (why) await buildCli()
  return why
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli()
  process.stdout.write(`built ${relative(root, CLI_BUNDLE)}\n`)
}
