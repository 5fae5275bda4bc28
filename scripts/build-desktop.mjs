#!/usr/bin/env node
/**
 * The desktop app's three bundles (issue 15 §3), each ONE CommonJS file with every JavaScript
 * dependency inlined, so the package carries no node_modules but the native SQLite driver:
 *
 *   out/main/index.cjs      Electron main (package.json "main"): window, IPC forwarding
 *   out/main/backend.cjs    the backend in Electron's utilityProcess (electron/main/backend-utility.ts)
 *   out/preload/index.cjs   the sandboxed preload (CommonJS: a sandboxed preload cannot be ESM)
 *
 * External: 'electron' (provided by Electron) and better-sqlite3-multiple-ciphers (a native
 * module: rebuilt for Electron's ABI by electron-builder, shipped in app.asar.unpacked).
 * The renderer has its own Vite build (vite.renderer.config.ts → out/renderer).
 *
 *   node scripts/build-desktop.mjs
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const NATIVE = ['better-sqlite3-multiple-ciphers']

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 runs Node 22
  target: 'node22',
  external: ['electron', ...NATIVE],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  minifyWhitespace: true,
  minifySyntax: true,
  // import.meta.url has no meaning in CommonJS: the bundle's own file URL stands in
  define: { 'import.meta.url': '__bundleUrl', 'import.meta.dirname': '__dirname' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
}

const bundles = [
  { entry: 'electron/main/index.ts', out: 'out/main/index.cjs' },
  { entry: 'electron/main/backend-utility.ts', out: 'out/main/backend.cjs' },
  { entry: 'electron/preload/index.ts', out: 'out/preload/index.cjs' },
]

/**
 * pdfkit (inlined with pdfmake) reads its data files at run time from `__dirname + '/data/…'`
 * (the sRGB ICC profile for PDF/A, the AFM metrics of the 14 standard fonts): in a bundle
 * __dirname is the bundle's directory, so the data goes next to it (0.7 MB).
 */
function copyPdfkitData(outDir) {
  const req = createRequire(join(root, 'node_modules', 'pdfmake', 'package.json'))
  const pdfkitDir = dirname(req.resolve('pdfkit/package.json'))
  cpSync(join(pdfkitDir, 'js', 'data'), join(outDir, 'data'), { recursive: true })
}

/** The npm packages a metafile says were inlined (node_modules/<name> or @scope/<name>). */
function packagesIn(metafile) {
  const names = new Set()
  for (const f of Object.keys(metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(
      f.split('node_modules/').length > 2 ? 'node_modules/' + f.split('node_modules/').pop() : f,
    )
    if (m) names.add(m[1])
  }
  return [...names].sort()
}

async function bundle(entry, outfile) {
  mkdirSync(dirname(outfile), { recursive: true })
  const r = await build({ ...common, entryPoints: [entry], outfile })
  return {
    bytes: Object.values(r.metafile.outputs).reduce((n, o) => n + o.bytes, 0),
    packages: packagesIn(r.metafile),
  }
}

/**
 * The backend as the desktop app bundles it (same options, every JS dependency inlined), but
 * for plain Node (backend/process/node-entry.ts instead of the utilityProcess entry), so tests
 * run the inlined code that ships (test/package/inlined-backend.test.ts).
 */
export async function buildInlinedNodeBackend(outfile) {
  await bundle('electron/backend/process/node-entry.ts', outfile)
  copyPdfkitData(dirname(outfile))
  return outfile
}

export async function buildDesktop() {
  /** out file → { bytes, packages inlined } */
  const sizes = {}
  // nothing stale from an older build layout may end up in the package
  for (const d of ['out/main', 'out/preload'])
    rmSync(join(root, d), { recursive: true, force: true })
  for (const b of bundles) sizes[b.out] = await bundle(b.entry, join(root, b.out))
  copyPdfkitData(join(root, 'out', 'main'))
  // what each bundle carries (test/package/payload.test.ts checks it)
  writeFileSync(join(root, 'out', 'desktop-bundles.json'), JSON.stringify(sizes, null, 2) + '\n')
  return sizes
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await buildDesktop()
  for (const [f, b] of Object.entries(sizes))
    process.stdout.write(
      `${relative(root, join(root, f))}  ${(b.bytes / 1e6).toFixed(1)} MB, ${b.packages.length} packages inlined\n`,
    )
}
