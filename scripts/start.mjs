#!/usr/bin/env node
/**
 * `npm start`: the desktop app when Electron can run here, browser mode otherwise.
 *
 * 1. Resolve the Electron binary (electron ≥ 42 fetches it on first use, from the internet). This
 *    runs in a child process with a time limit so a machine without network does not hang.
 * 2. Found: build the renderer (vite.renderer.config.ts → out/renderer) and the main, backend and
 *    preload bundles (scripts/build-desktop.mjs → out/main, out/preload), then run `electron .`.
 * 3. Missing or not downloadable: print ONE line saying so, then start browser mode exactly like
 *    `npm run web` (renderer build + the 127.0.0.1 host, which prints the address to open).
 *
 * Note: in Electron, better-sqlite3 must be built for Electron's ABI (electron-builder does that at
 * packaging time, see electron-builder.yml). For `npm start` with Electron on a development
 * machine run `npx @electron/rebuild -f -w better-sqlite3` first, and `npm rebuild better-sqlite3`
 * before running the Node tests again.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toolCommand, toolSpawnOptions } from './spawn-options.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const npx = toolCommand('npx')

function electronBinary() {
  const r = spawnSync(
    process.execPath,
    ['-e', "process.stdout.write(String(require('electron')))"],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const out = (r.stdout ?? '').trim().split('\n').pop() ?? ''
  if (r.status === 0 && out && existsSync(out)) return { path: out }
  const why =
    r.error?.code === 'ETIMEDOUT'
      ? 'download timed out'
      : (r.stderr ?? '')
          .split('\n')
          .find((l) => /Error|ENOTFOUND|failed/i.test(l))
          ?.trim() || 'not installed'
  return { error: why }
}

/** Runs an npm tool (npx …): through the shell on Windows, where npx is npx.cmd. */
function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(
    cmd,
    args,
    toolSpawnOptions({ cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } }),
  )
  if (r.status !== 0) process.exit(r.status ?? 1)
}

function forward(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}

const found =
  process.env.DL_FORCE_BROWSER === '1' ? { error: 'DL_FORCE_BROWSER=1' } : electronBinary()
if ('path' in found) {
  run(npx, ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'])
  // node itself is an .exe: no shell (its path may contain spaces)
  const b = spawnSync(process.execPath, ['scripts/build-desktop.mjs'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (b.status !== 0) process.exit(b.status ?? 1)
  forward(spawn(found.path, ['.'], { cwd: root, stdio: 'inherit' }))
} else {
  process.stdout.write(
    `Electron binary unavailable (${found.error.slice(0, 160)}); starting browser mode instead (same as npm run web).\n`,
  )
  run(npx, ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'])
  forward(
    spawn(process.execPath, ['--import', 'tsx', 'electron/host/main.ts'], {
      cwd: root,
      stdio: 'inherit',
    }),
  )
}
