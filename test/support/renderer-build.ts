/**
 * Builds the renderer the browser-mode host serves (vite.renderer.config.ts) into `outDir`
 * (default out/renderer, where the host looks unless DL_RENDERER_DIR says otherwise). Used once
 * per run by the e2e project's global setup and by the renderer benches.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const REPO = join(import.meta.dirname, '..', '..')

export function buildRenderer(outDir = join(REPO, 'out', 'renderer')): void {
  const win = process.platform === 'win32'
  const r = spawnSync(
    win ? 'npx.cmd' : 'npx',
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
    { cwd: REPO, encoding: 'utf8', shell: win },
  )
  if (r.status !== 0) throw new Error(`renderer build failed:\n${r.stdout}\n${r.stderr}`)
}
