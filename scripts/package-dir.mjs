#!/usr/bin/env node
/**
 * `npm run package:dir`: packs the desktop app directory (electron-builder --dir, this OS) WITHOUT
 * network, from an unpacked Electron in ELECTRON_DIST, and prints what the package carries.
 * The native driver is not rebuilt (--config.npmRebuild=false: Electron's headers need network),
 * so this checks the package's content and size; `npm run dist` on a networked machine makes the
 * installers. In CI a stand-in Electron directory is enough (scripts/electron-standin.mjs):
 *
 *   ELECTRON_DIST=$(node scripts/electron-standin.mjs /tmp/electron-standin) npm run package:dir
 *
 * Options: --out DIR (default release/dir), --no-build (reuse out/), --renderer DIR (pack the
 * renderer already built in DIR, copied to out/renderer, instead of building it: the package
 * test packs the build the e2e run serves, test/support/renderer-build.ts).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toolCommand, toolSpawnOptions } from './spawn-options.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function fail(message) {
  process.stderr.write(`package:dir: ${message}\n`)
  process.exit(2)
}

function run(cmd, args, extra = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...extra })
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`)
}

function bytesIn(p) {
  const st = statSync(p)
  if (!st.isDirectory()) return st.size
  return readdirSync(p).reduce((n, name) => n + bytesIn(join(p, name)), 0)
}

/** The unpacked app's resources directory under `out` (linux-unpacked, win-unpacked, mac). */
export function resourcesDirIn(out) {
  for (const name of readdirSync(out)) {
    const d = join(out, name)
    if (!statSync(d).isDirectory()) continue
    for (const res of [join(d, 'resources'), join(d, 'Contents', 'Resources')])
      if (existsSync(join(res, 'app.asar'))) return res
    for (const app of readdirSync(d).filter((n) => n.endsWith('.app'))) {
      const res = join(d, app, 'Contents', 'Resources')
      if (existsSync(join(res, 'app.asar'))) return res
    }
  }
  return null
}

/** What the package carries: sizes and the files in app.asar (with the unpacked ones). */
export function payloadOf(resources) {
  const { listPackage } = createRequire(import.meta.url)('@electron/asar')
  const asar = join(resources, 'app.asar')
  const files = listPackage(asar, { isPack: false }).map((f) => f.replaceAll('\\', '/'))
  const sizes = {}
  for (const name of readdirSync(resources)) sizes[name] = bytesIn(join(resources, name))
  return { total: bytesIn(resources), sizes, files }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2)
  const outIdx = args.indexOf('--out')
  const out = resolve(root, outIdx >= 0 ? (args[outIdx + 1] ?? '') : 'release/dir')
  const dist = process.env.ELECTRON_DIST
  if (!dist)
    fail(
      'set ELECTRON_DIST to an unpacked Electron directory (or a stand-in: node scripts/electron-standin.mjs DIR); packing without it would download Electron',
    )
  if (!existsSync(join(dist, 'version'))) fail(`ELECTRON_DIST=${dist} has no 'version' file`)
  const rendererIdx = args.indexOf('--renderer')
  const prebuilt = rendererIdx >= 0 ? resolve(root, args[rendererIdx + 1] ?? '') : null
  if (prebuilt && !existsSync(join(prebuilt, 'index.html')))
    fail(`--renderer ${prebuilt}: no index.html there (a finished renderer build is expected)`)
  if (!args.includes('--no-build')) {
    if (prebuilt) {
      const target = join(root, 'out', 'renderer')
      rmSync(target, { recursive: true, force: true })
      cpSync(prebuilt, target, { recursive: true, filter: (src) => basename(src) !== '.complete' })
    } else {
      run(
        toolCommand('npx'),
        ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
        toolSpawnOptions(),
      )
    }
    run(process.execPath, ['scripts/build-desktop.mjs'])
  }
  run(
    toolCommand('npx'),
    [
      'electron-builder',
      '--dir',
      `--config.electronDist=${resolve(dist)}`,
      '--config.npmRebuild=false',
      `--config.directories.output=${out}`,
      '--publish=never',
    ],
    toolSpawnOptions({ env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } }),
  )
  const res = resourcesDirIn(out)
  if (!res) fail(`no app.asar under ${out}`)
  const p = payloadOf(res)
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`
  process.stdout.write(
    `payload ${mb(p.total)} in ${res}\n` +
      Object.entries(p.sizes)
        .map(([k, v]) => `  ${k.padEnd(20)} ${mb(v)}\n`)
        .join(''),
  )
}
