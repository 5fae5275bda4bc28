/**
 * Vitest global setup of the e2e project: builds the renderer once for the whole run into its
 * own directory (out/e2e-renderer) and points every host the suites start at it
 * (DL_RENDERER_DIR, inherited by the workers and their hosts). Each suite used to run
 * `vite build` itself (~4 s × 13 suites), into out/renderer — which the package test rebuilds
 * while the Node projects run beside the e2e run (scripts/run-tests.mjs).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

export default function setup(): void {
  if (process.env['DL_SKIP_E2E'] === '1' && !process.env['CI']) return
  const repo = join(import.meta.dirname, '..', '..')
  const outDir = join(repo, 'out', 'e2e-renderer')
  const r = spawnSync(
    process.platform === 'win32' ? 'npx.cmd' : 'npx',
    [
      'vite',
      'build',
      '--config',
      'vite.renderer.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: repo, encoding: 'utf8', shell: process.platform === 'win32' },
  )
  if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`)
  process.env['DL_RENDERER_DIR'] = outDir
  process.env['DL_E2E_RENDERER_BUILT'] = '1'
}
