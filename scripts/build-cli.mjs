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
// a build artefact, not user data: a plain rename (atomic, so a concurrent `assess` never runs a
// half-written bundle) is enough — the durable-write helper is for the data directory
import {
  existsSync,
  mkdirSync,
  readFileSync,
  // eslint-disable-next-line no-restricted-syntax
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
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

/**
 * The reason the bundle must be rebuilt, or null when it is up to date: missing bundle or input
 * list, an unreadable list, or an input (or this script, or package.json) gone or newer than the
 * bundle. `at` is for tests (a bundle, its input list and the directory the inputs are relative to).
 */
export function staleReason(at = { bundle: CLI_BUNDLE, inputs: INPUTS, base: root }) {
  if (!existsSync(at.bundle) || !existsSync(at.inputs)) return 'not built yet'
  const built = statSync(at.bundle).mtimeMs
  let inputs
  try {
    inputs = JSON.parse(readFileSync(at.inputs, 'utf8'))
  } catch {
    return 'input list unreadable'
  }
  if (!Array.isArray(inputs)) return 'input list unreadable'
  for (const f of [...inputs, 'scripts/build-cli.mjs', 'package.json']) {
    const st = statSync(join(at.base, f), { throwIfNoEntry: false })
    if (!st) return `${f} is gone`
    if (st.mtimeMs > built) return `${f} changed`
  }
  return null
}

export async function buildCli() {
  const { build } = await import('esbuild')
  mkdirSync(dirname(CLI_BUNDLE), { recursive: true })
  // built beside the bundle, then renamed over it: a run that starts meanwhile (another
  // `npm run assess`, a test) reads the old bundle or the new one, never half of one
  const tmp = `${CLI_BUNDLE}.${process.pid}.tmp`
  const result = await build({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    outfile: tmp,
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
  try {
    writeFileSync(`${INPUTS}.${process.pid}.tmp`, JSON.stringify(inputs) + '\n')
    renameSync(`${INPUTS}.${process.pid}.tmp`, INPUTS)
    renameSync(tmp, CLI_BUNDLE)
  } finally {
    rmSync(tmp, { force: true })
    rmSync(`${INPUTS}.${process.pid}.tmp`, { force: true })
  }
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
