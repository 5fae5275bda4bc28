/**
 * Vitest global setup of the e2e project: builds the renderer once for the whole run into its
 * own directory (out/e2e-renderer) and points every host the suites start at it
 * (DL_RENDERER_DIR, inherited by the workers and their hosts). Each suite used to run
 * `vite build` itself (~4 s × 13 suites), into out/renderer — which the package test rebuilds
 * while the Node projects run beside the e2e run (DL_TEST_PARALLEL=1, scripts/run-tests.mjs).
 */
import { join } from 'node:path'
import { buildRenderer } from '../support/renderer-build'

export default function setup(): void {
  if (process.env['DL_SKIP_E2E'] === '1' && !process.env['CI']) return
  const outDir = join(import.meta.dirname, '..', '..', 'out', 'e2e-renderer')
  buildRenderer(outDir)
  process.env['DL_RENDERER_DIR'] = outDir
}
